using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Mediation;
using GridGov.Sdk.Workflows;
using static GridGov.Sdk.Tests.Mediation.MediationTestHost;

namespace GridGov.Sdk.Tests.Mediation;

/// <summary>One step of a random mediation history: who tries what. Refused steps change nothing.</summary>
public enum MediationStep
{
    Session,
    Agree,
    Fail,
    EscalateBySecretary,
    EscalateByStreet,
    Refer,
    AdvanceAWeek,
    Sweep,
}

/// <summary>Generators for <see cref="MediationProperties"/>.</summary>
public static class MediationArbitraries
{
    /// <summary>Totals in fen up to 100,000 yuan, and 1–6 shares drawn around an equal split, sometimes exact, sometimes a few fen off.</summary>
    public static Arbitrary<(decimal Total, decimal[] Shares)> Agreements() => Arb.From(
        from fen in Gen.Choose(0, 10_000_000)
        from count in Gen.Choose(1, 6)
        from cuts in Gen.ArrayOf(Gen.Choose(0, fen), count - 1)
        from off in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(-3, 3)))
        select (fen / 100m, Shares(fen, cuts, off)));

    public static Arbitrary<MediationStep[]> Histories() => Arb.From(Gen.ArrayOf(Gen.Elements(Enum.GetValues<MediationStep>())).Select(a => a.Take(30).ToArray()));

    public static Arbitrary<(decimal Total, int[] Weights)> Splits() => Arb.From(
        from fen in Gen.Choose(0, 100_000_000)
        from weights in Gen.NonEmptyListOf(Gen.Choose(0, 1000)).Select(w => w.Take(12).ToArray())
        select (fen / 100m, weights.All(w => w == 0) ? [.. weights.Skip(1), 1] : weights));

    private static decimal[] Shares(int fen, int[] cuts, int off)
    {
        var points = cuts.Append(0).Append(fen).Order().ToArray();
        var shares = new decimal[points.Length - 1];
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = (points[i + 1] - points[i]) / 100m;
        }

        shares[^1] = Math.Max(0m, shares[^1] + (off / 100m));
        return shares;
    }
}

[Properties(Arbitrary = [typeof(MediationArbitraries)], MaxTest = 60)]
public sealed class MediationProperties
{
    [Property]
    public bool AnAgreement_IsAccepted_ExactlyWhenTheSharesAddUpToTheTotal_AndAcceptedOnesAlwaysDo((decimal Total, decimal[] Shares) agreement)
    {
        using var host = new MediationTestHost(registerTeams: false);
        host.OpenDrainAsync().GetAwaiter().GetResult();
        host.SessionAsync("M1", CompoundMediator).GetAwaiter().GetResult();
        var parties = agreement.Shares.Select((amount, i) => new CostShare(i + 1, amount)).ToArray();
        // The test case has 4 parties; more shares than that must be refused as unknown parties.
        var command = new ReachMediationAgreement("M1", CompoundMediator, [new AgreementTerm(4, "疏通")], agreement.Total, parties);
        var adds = agreement.Shares.Sum() == agreement.Total;
        try
        {
            var result = host.Service.ExecuteAsync(command).GetAwaiter().GetResult();
            var stored = (MediationAgreementReached)host.Store.ReadStreamAsync("mediation-M1").GetAwaiter().GetResult()[^1].Payload;
            return adds && parties.Length <= 4 && result.Aggregate.State == MediationState.Agreed && stored.Shares.Sum(s => s.Amount) == stored.TotalCost;
        }
        catch (MediationRejectedException ex)
        {
            return ex.Code == (adds ? MediationRejectedException.PartyUnknownCode : MediationRejectedException.SharesMismatchCode)
                   && (adds ? parties.Length > 4 : true);
        }
    }

    [Property(MaxTest = 300)]
    public bool CostSplit_AlwaysAddsUpToTheTotal_AndStaysWithinAFenOfTheExactShare((decimal Total, int[] Weights) split)
    {
        var weights = split.Weights.Select((w, i) => (i + 1, (decimal)w)).ToArray();
        var shares = CostSplit.Proportionally(split.Total, weights);
        var sum = weights.Sum(w => w.Item2);
        return shares.Sum(s => s.Amount) == split.Total
               && shares.All(s => s.Amount >= 0m && s.Amount == Math.Round(s.Amount, 2))
               && shares.Select((s, i) => Math.Abs(s.Amount - (split.Total * weights[i].Item2 / sum))).All(d => d < 0.01m)
               && shares.Where((_, i) => weights[i].Item2 == 0m).All(s => s.Amount == 0m);
    }

    [Property]
    public bool ACase_NeverEscalatesAboveALevelThatHasNotFailed(MediationStep[] history)
    {
        using var host = new MediationTestHost();
        host.OpenDrainAsync("M1", category: "neighbour-noise").GetAwaiter().GetResult();
        foreach (var step in history)
        {
            try
            {
                _ = step switch
                {
                    MediationStep.Session => host.SessionAsync("M1", Mediator(host)).GetAwaiter().GetResult(),
                    MediationStep.Agree => host.AgreeAsync("M1", Mediator(host)).GetAwaiter().GetResult(),
                    MediationStep.Fail => host.FailAsync("M1", Mediator(host)).GetAwaiter().GetResult(),
                    MediationStep.EscalateBySecretary => host.EscalateAsync("M1", Secretary).GetAwaiter().GetResult(),
                    MediationStep.EscalateByStreet => host.EscalateAsync("M1", StreetCadre).GetAwaiter().GetResult(),
                    MediationStep.Refer => host.Service.ExecuteAsync(new ReferMediationCase("M1", StreetCadre, MediationReferralKind.Judicial, "法院")).GetAwaiter().GetResult(),
                    MediationStep.AdvanceAWeek => Advance(host),
                    _ => Sweep(host),
                };
            }
            catch (GridGovException)
            {
                // refused: nothing changed
            }
        }

        var events = host.Store.ReadStreamAsync("mediation-M1").GetAwaiter().GetResult().Select(e => e.Payload).ToArray();
        var c = host.Service.GetAsync("M1").GetAwaiter().GetResult();
        var levelFailed = false;
        foreach (var e in events)
        {
            switch (e)
            {
                case MediationFailed:
                    levelFailed = true;
                    break;
                case MediationCaseEscalated up when !levelFailed || up.ToLevel <= up.FromLevel:
                    return false;
                case MediationCaseEscalated:
                    levelFailed = false;
                    break;
                case MediationCaseReferred when !levelFailed:
                    return false;
            }
        }

        return c.Levels.Take(c.Levels.Count - 1).All(l => l.Failed)
               && c.Levels.Zip(c.Levels.Skip(1)).All(p => p.First.Level < p.Second.Level && host.Territory.Current.IsAncestorOrSelf(p.Second.NodeCode, p.First.NodeCode))
               && c.CurrentLevel.Level <= GridGov.Sdk.Issues.HandlingLevel.Street;
    }

    private static GridGov.Sdk.Access.Actor Mediator(MediationTestHost host)
        => host.Service.GetAsync("M1").GetAwaiter().GetResult().CurrentLevel.Level switch
        {
            GridGov.Sdk.Issues.HandlingLevel.Building or GridGov.Sdk.Issues.HandlingLevel.Compound => CompoundMediator,
            GridGov.Sdk.Issues.HandlingLevel.Community => JinDajie,
            _ => StreetCadre,
        };

    private static WorkflowCommandResult<MediationCase>? Advance(MediationTestHost host)
    {
        host.Clock.Advance(NodaTime.Duration.FromDays(7));
        return null;
    }

    private static WorkflowCommandResult<MediationCase>? Sweep(MediationTestHost host)
    {
        host.Service.SweepOverdueAsync().GetAwaiter().GetResult();
        return null;
    }
}
