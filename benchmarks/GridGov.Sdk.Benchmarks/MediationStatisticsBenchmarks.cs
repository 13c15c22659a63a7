using BenchmarkDotNet.Attributes;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>
/// Mediation statistics (no target named in issue 8): the figures of one street and of the whole district for a
/// year, over 100,000 cases in a district of 20 streets × 20 communities × 10 compounds × 5 buildings. A quarter
/// of the cases are settled in the compound, a quarter escalate once and settle in the community, a quarter are
/// referred after the community failed, a quarter are still open; opened over two years.
/// </summary>
/// <remarks>
/// <para>Measured: <see cref="MediationReadModel.Statistics(GridHierarchy, string, NodaTime.Interval)"/> (one pass over the cases, constant-time
/// is-ancestor per case).</para>
/// <para>Baseline: LINQ over the read model's case summaries, the subtree test by walking each place's ancestors
/// and comparing codes. The setup checks that both give the same figures.</para>
/// <para>Not sealed: BenchmarkDotNet refuses benchmarks declared in a sealed class.</para>
/// </remarks>
[MemoryDiagnoser]
public class MediationStatisticsBenchmarks
{
    /// <summary>How many cases.</summary>
    public const int Cases = 100_000;

    private static readonly Instant Origin = Instant.FromUtc(2025, 1, 1, 1, 0);
    private static readonly Interval Year = new(Instant.FromUtc(2025, 1, 1, 0, 0), Instant.FromUtc(2026, 1, 1, 0, 0));

    private GridHierarchy _hierarchy = null!;
    private MediationReadModel _model = null!;
    private IReadOnlyList<MediationCaseSummary> _summaries = null!;

    /// <summary>The subtree asked about: a street (1/20 of the cases) or the district.</summary>
    [Params("D", "D-S3")]
    public string Subtree { get; set; } = "D";

    /// <summary>Builds the district and folds the cases; checks that the SDK and the baseline agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var builder = new GridHierarchyBuilder().Add("D", "西固区", GridNodeKind.District);
        var buildings = new List<(string Building, string Compound, string Community)>();
        for (var s = 0; s < 20; s++)
        {
            var street = $"D-S{s}";
            builder.Add(street, $"街道{s}", GridNodeKind.Street, "D");
            for (var c = 0; c < 20; c++)
            {
                var community = $"{street}-C{c}";
                builder.Add(community, $"社区{c}", GridNodeKind.Community, street);
                for (var q = 0; q < 10; q++)
                {
                    var compound = $"{community}-Q{q}";
                    builder.Add(compound, $"{q}号小区", GridNodeKind.Compound, community);
                    for (var b = 0; b < 5; b++)
                    {
                        builder.Add($"{compound}-B{b}", $"{b}号楼", GridNodeKind.Building, compound);
                        buildings.Add(($"{compound}-B{b}", compound, community));
                    }
                }
            }
        }

        _hierarchy = builder.Build();
        _model = new MediationReadModel();
        var random = new Random(2021);
        var actor = new Actor("m", "调解员") { Roles = ActorRoles.Mediator };
        var position = 0L;
        for (var i = 0; i < Cases; i++)
        {
            var (building, compound, community) = buildings[random.Next(buildings.Count)];
            var id = $"M{i}";
            var at = Origin + Duration.FromMinutes(random.Next(0, 2 * 365 * 24 * 60));
            var version = 0L;
            void Apply(MediationEvent e, Instant when) => _model.Apply(new RecordedEvent(MediationCase.StreamPrefix + id, ++version, ++position, e, new EventMetadata(actor, when, null)));
            Apply(new MediationCaseOpened("drain-blockage", building, "下水道堵塞", compound, HandlingLevel.Compound, null,
                [new MediationPartyRecord(1, MediationPartyKind.Unit, MediationPartySide.Applicant, null, null, "甲"), new MediationPartyRecord(2, MediationPartyKind.Unit, MediationPartySide.Respondent, null, null, "乙")],
                null, at + Duration.FromDays(7)) { CaseId = id }, at);
            var outcome = i % 4;
            if (outcome == 3)
            {
                continue;
            }

            at += Duration.FromHours(random.Next(2, 72));
            Apply(new MediationSessionHeld(1, at, [1, 2], ["m"], string.Empty) { CaseId = id }, at);
            if (outcome == 0)
            {
                Apply(new MediationAgreementReached([new AgreementTerm(1, "疏通")], 100m, [new CostShare(1, 50m), new CostShare(2, 50m)]) { CaseId = id }, at);
                continue;
            }

            Apply(new MediationFailed(MediationFailureCause.NoAgreement, string.Empty) { CaseId = id }, at);
            Apply(new MediationCaseEscalated(compound, HandlingLevel.Compound, community, HandlingLevel.Community, null, at + Duration.FromDays(14)) { CaseId = id }, at);
            at += Duration.FromHours(random.Next(2, 240));
            Apply(new MediationSessionHeld(2, at, [1, 2], ["m"], string.Empty) { CaseId = id }, at);
            Apply(outcome == 1
                ? new MediationAgreementReached([new AgreementTerm(1, "疏通")], 0m, []) { CaseId = id }
                : new MediationFailed(MediationFailureCause.NoAgreement, string.Empty) { CaseId = id }, at);
            if (outcome == 2)
            {
                Apply(new MediationCaseReferred(MediationReferralKind.Judicial, "法院", string.Empty) { CaseId = id }, at);
            }
        }

        _summaries = _model.Cases();
        foreach (var subtree in new[] { "D", "D-S3", "D-S3-C7" })
        {
            Subtree = subtree;
            if (Sdk_Statistics() != Naive_Statistics())
            {
                throw new InvalidOperationException($"The SDK and the baseline disagree on {subtree}: {Sdk_Statistics()} vs {Naive_Statistics()}.");
            }
        }

        Subtree = "D";
    }

    /// <summary>The SDK: one pass, constant-time is-ancestor.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark]
    public MediationStatistics Sdk_Statistics() => _model.Statistics(_hierarchy, Subtree, Year);

    /// <summary>The baseline: LINQ over the summaries, ancestors walked by code.</summary>
    /// <returns>The statistics.</returns>
    [Benchmark(Baseline = true)]
    public MediationStatistics Naive_Statistics()
    {
        var cases = _summaries.Where(c => Year.Contains(c.OpenedAt) && _hierarchy[c.PlaceCode].AncestorsAndSelf().Any(a => a.Code == Subtree)).ToList();
        var agreed = cases.Where(c => c.State == MediationState.Agreed).ToList();
        decimal? average = agreed.Count == 0 ? null : Math.Round(agreed.Sum(c => (decimal)(c.AgreedAt!.Value - c.OpenedAt).BclCompatibleTicks) / agreed.Count / NodaConstants.TicksPerDay, 2, MidpointRounding.AwayFromZero);
        return new MediationStatistics(
            Subtree,
            Year,
            cases.Count,
            agreed.Count,
            cases.Count(c => c.State == MediationState.Referred),
            cases.Count(c => c.State == MediationState.Closed),
            cases.Count(c => c.State == MediationState.Withdrawn),
            cases.Count(c => c.State is MediationState.Mediating or MediationState.Failed),
            cases.Count(c => c.Escalations > 0),
            average,
            new IndicatorRate(agreed.Count(c => c.Level <= HandlingLevel.Compound), cases.Count),
            new IndicatorRate(agreed.Count(c => c.Level <= HandlingLevel.Community), cases.Count));
    }
}
