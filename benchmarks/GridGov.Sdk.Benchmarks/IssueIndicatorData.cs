using System.Globalization;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Benchmarks;

/// <summary>One issue as a plain object with the same facts the read model keeps: what a naive report would query.</summary>
internal sealed class IssueBenchRow
{
    public required string PlaceCode { get; init; }

    public required string CommunityCode { get; init; }

    public required string StreetCode { get; init; }

    public required string DistrictCode { get; init; }

    public IssueState State { get; set; }

    public Instant ReportedAt { get; init; }

    public Instant? AcceptedAt { get; set; }

    public Instant? RespondedAt { get; set; }

    public Instant? RespondDeadline { get; set; }

    public Instant? ResolvedAt { get; set; }

    public Instant? ResolveDeadline { get; set; }

    public Instant? ClosedAt { get; set; }

    public Instant? Deadline { get; set; }

    public bool Accepted { get; set; }

    public bool Responded { get; set; }

    public bool Handled { get; set; }

    public bool Reworked { get; set; }

    public bool Extended { get; set; }

    public bool ClosedOnTime { get; set; }

    public IssueRating? Rating { get; set; }

    public SuspensionKind? Suspension { get; set; }

    /// <summary>Folds one event into the row, with the meaning the indicators give each fact.</summary>
    public void Apply(IssueEvent e, Instant at)
    {
        State = e.To;
        Deadline = e.Deadline;
        switch (e)
        {
            case IssueAccepted:
                AcceptedAt = at;
                Accepted = true;
                RespondDeadline = e.Deadline;
                break;
            case IssueClaimed or IssueDispatched:
                if (!Responded)
                {
                    RespondedAt = at;
                    Responded = true;
                }

                break;
            case IssueResolved:
                ResolvedAt = at;
                Handled = true;
                break;
            case IssueClosed c:
                ClosedAt = at;
                Rating = null;
                ClosedOnTime = c.OnTime;
                break;
            case IssueReworkRequested:
                Reworked = true;
                break;
            case IssueRated r:
                Rating = r.Rating;
                break;
            case IssueSuspended s:
                Suspension = s.Kind;
                break;
            case IssueResumed:
                Suspension = null;
                break;
            case IssueDeadlineExtended:
                Extended = true;
                break;
        }

        if (e.To is IssueState.Claimed or IssueState.Dispatched or IssueState.InProgress)
        {
            ResolveDeadline = e.Deadline;
        }
    }
}

/// <summary>
/// Synthetic issues for the indicator benchmarks: realistic lifecycles (rejections, duplicates, claims
/// and dispatches, returns, extensions, suspensions, rework, late closes, ratings, reopens) applied
/// as <see cref="RecordedEvent"/>s straight to an <see cref="IssueReadModel"/> and folded into plain rows.
/// </summary>
internal sealed class IssueIndicatorData
{
    public static readonly Instant YearStart = Instant.FromUtc(2024, 12, 31, 16, 0); // 2025-01-01 00:00 Shanghai
    public static readonly Instant YearEnd = Instant.FromUtc(2025, 12, 31, 16, 0);

    private static readonly string[] Categories = ["environment", "property-service", "neighbour-dispute", "facilities", "public-security", "elderly-care", "road-traffic"];
    private static readonly Actor Actor = new("gw-1", "网格员王");
    private static readonly IReadOnlyList<string> NoEvidence = [];

    private readonly Random _rng;
    private readonly IssueReadModel _model;
    private readonly List<IssueBenchRow> _rows;
    private long _position;

    private IssueIndicatorData(int count, int seed)
    {
        _rng = new Random(seed);
        _model = new IssueReadModel();
        _rows = new List<IssueBenchRow>(count);
    }

    /// <summary>Builds <paramref name="count"/> issues spread over every place at or below community level.</summary>
    public static (IssueReadModel Model, List<IssueBenchRow> Rows) Generate(GridHierarchy hierarchy, int count, int seed = 20250101)
    {
        var data = new IssueIndicatorData(count, seed);
        var places = hierarchy.Nodes.Where(n => n.Kind is not (GridNodeKind.District or GridNodeKind.Street)).ToArray();
        var ancestry = places.Select(p =>
        {
            var up = p.AncestorsAndSelf().ToArray();
            string Of(GridNodeKind kind) => up.First(n => n.Kind == kind).Code;
            return (Place: p.Code, Community: Of(GridNodeKind.Community), Street: Of(GridNodeKind.Street), District: Of(GridNodeKind.District));
        }).ToArray();

        for (var i = 0; i < count; i++)
        {
            data.One(i, ancestry[data._rng.Next(ancestry.Length)]);
        }

        return (data._model, data._rows);
    }

    private Duration Between(double fromHours, double toHours)
        => Duration.FromSeconds((long)((fromHours + (_rng.NextDouble() * (toHours - fromHours))) * 3600));

    private void One(int i, (string Place, string Community, string Street, string District) where)
    {
        var id = new IssueId("I" + i.ToString("D7", CultureInfo.InvariantCulture));
        var t = YearStart + Duration.FromSeconds(_rng.NextInt64(0, (long)(YearEnd - YearStart - Duration.FromDays(30)).TotalSeconds));
        var row = new IssueBenchRow
        {
            PlaceCode = where.Place,
            CommunityCode = where.Community,
            StreetCode = where.Street,
            DistrictCode = where.District,
            ReportedAt = t,
        };
        _rows.Add(row);
        var version = 0L;

        void Emit(IssueEvent e, Instant at)
        {
            var recorded = new RecordedEvent(id.Value, ++version, ++_position, e, new EventMetadata(Actor, at));
            _model.Apply(recorded);
            row.Apply(e, at);
        }

        var category = Categories[_rng.Next(Categories.Length)];
        Emit(new IssueReported(category, IssuePriority.Normal, IssueSource.GridPatrol, where.Place, where.Community, "问题", "描述", null, 1)
        {
            IssueId = id,
            From = IssueState.Reported,
            To = IssueState.Reported,
            Deadline = t + Duration.FromDays(1),
        }, t);

        // Report → accept (or reject, merge, still waiting).
        var r = _rng.NextDouble();
        if (r < 0.03)
        {
            Emit(new IssueRejected { IssueId = id, From = IssueState.Reported, To = IssueState.Rejected }, t + Between(1, 8));
            return;
        }

        if (r < 0.05)
        {
            Emit(new IssueMerged(new IssueId("I0000000")) { IssueId = id, From = IssueState.Reported, To = IssueState.Merged }, t + Between(1, 8));
            return;
        }

        if (r < 0.06)
        {
            return;
        }

        t += Between(0.5, 30);
        Emit(new IssueAccepted { IssueId = id, From = IssueState.Reported, To = IssueState.Accepted, Deadline = t + Duration.FromDays(1) }, t);

        // Accept → claim or dispatch (or deferred, still waiting).
        r = _rng.NextDouble();
        if (r < 0.01)
        {
            Emit(new IssueSuspended(SuspensionKind.Deferred, Duration.FromHours(20)) { IssueId = id, From = IssueState.Accepted, To = IssueState.Suspended }, t + Between(1, 4));
            return;
        }

        if (r < 0.04)
        {
            return;
        }

        t += Between(0.5, 36);
        var resolveDeadline = t + Duration.FromDays(7);
        IssueState responded;
        if (_rng.NextDouble() < 0.62)
        {
            responded = IssueState.Claimed;
            Emit(new IssueClaimed("pm-" + _rng.Next(500).ToString(CultureInfo.InvariantCulture), (ClaimantKind)_rng.Next(3))
            {
                IssueId = id, From = IssueState.Accepted, To = IssueState.Claimed, Deadline = resolveDeadline,
            }, t);
        }
        else
        {
            responded = IssueState.Dispatched;
            Emit(new IssueDispatched("PG-CG", false) { IssueId = id, From = IssueState.Accepted, To = IssueState.Dispatched, Deadline = resolveDeadline }, t);
            if (_rng.NextDouble() < 0.03)
            {
                t += Between(2, 24);
                Emit(new IssueReturned("PG-CG") { IssueId = id, From = IssueState.Dispatched, To = IssueState.Returned, Deadline = t + Duration.FromDays(1) }, t);
                t += Between(1, 12);
                resolveDeadline = t + Duration.FromDays(7);
                Emit(new IssueDispatched("PG-SW", true) { IssueId = id, From = IssueState.Returned, To = IssueState.Dispatched, Deadline = resolveDeadline }, t);
            }
        }

        t += Between(0, 24);
        Emit(new IssueWorkStarted { IssueId = id, From = responded, To = IssueState.InProgress, Deadline = resolveDeadline }, t);
        if (_rng.NextDouble() < 0.03)
        {
            t += Between(24, 72);
            resolveDeadline += Duration.FromDays(5);
            Emit(new IssueDeadlineExtended("sec-1") { IssueId = id, From = IssueState.InProgress, To = IssueState.InProgress, Deadline = resolveDeadline }, t);
        }

        // Work → resolved (or suspended, still in progress).
        r = _rng.NextDouble();
        if (r < 0.03)
        {
            var kind = r < 0.02 ? SuspensionKind.Deferred : SuspensionKind.Parked;
            t += Between(1, 48);
            Emit(new IssueSuspended(kind, resolveDeadline - t) { IssueId = id, From = IssueState.InProgress, To = IssueState.Suspended }, t);
            return;
        }

        if (r < 0.08)
        {
            return;
        }

        t += Between(2, 8 * 24);
        Emit(new IssueResolved("已处置", NoEvidence) { IssueId = id, From = IssueState.InProgress, To = IssueState.Resolved, Deadline = t + Duration.FromDays(2) }, t);
        if (_rng.NextDouble() < 0.05)
        {
            t += Between(2, 48);
            resolveDeadline = t + Duration.FromDays(7);
            Emit(new IssueReworkRequested { IssueId = id, From = IssueState.Resolved, To = IssueState.InProgress, Deadline = resolveDeadline }, t);
            t += Between(2, 4 * 24);
            Emit(new IssueResolved("返工后已处置", NoEvidence) { IssueId = id, From = IssueState.InProgress, To = IssueState.Resolved, Deadline = t + Duration.FromDays(2) }, t);
        }

        // Resolved → closed (or waiting for verification), then rated and sometimes reopened.
        if (_rng.NextDouble() < 0.04)
        {
            return;
        }

        var resolvedAt = t;
        t += Between(1, 72);
        Emit(new IssueClosed(resolvedAt <= resolveDeadline) { IssueId = id, From = IssueState.Resolved, To = IssueState.Closed }, t);
        if (_rng.NextDouble() >= 0.70)
        {
            return;
        }

        r = _rng.NextDouble();
        var rating = r < 0.80 ? IssueRating.Satisfied : r < 0.95 ? IssueRating.BasicallySatisfied : IssueRating.Dissatisfied;
        t += Between(1, 72);
        Emit(new IssueRated(rating) { IssueId = id, From = IssueState.Closed, To = IssueState.Closed }, t);
        if (rating == IssueRating.Dissatisfied && _rng.NextDouble() < 0.3)
        {
            t += Between(1, 48);
            Emit(new IssueReopened { IssueId = id, From = IssueState.Closed, To = IssueState.InProgress, Deadline = t + Duration.FromDays(7) }, t);
        }
    }
}

/// <summary>The naive computation: LINQ over plain rows, one pass per figure.</summary>
internal static class IssueNaiveIndicators
{
    public static IssueIndicators Compute(IEnumerable<IssueBenchRow> rows, Instant cutoff)
    {
        var population = rows.ToList();
        var accepted = population.Where(r => r.Accepted).ToList();
        var responded = population.Where(r => r.Responded).ToList();
        var closed = population.Where(r => r.State == IssueState.Closed).ToList();
        var due = population.Where(r => r.State == IssueState.Closed || (r.ResolveDeadline is { } d && d < cutoff)).ToList();
        var handled = population.Where(r => r.Handled).ToList();
        var rated = closed.Where(r => r.Rating is not null).ToList();
        return new IssueIndicators
        {
            Found = population.Count,
            Accepted = accepted.Count,
            Claimed = responded.Count,
            Resolved = closed.Count,
            Due = due.Count,
            Deferred = due.Count(r => r.Suspension == SuspensionKind.Deferred),
            ClosedOnTime = closed.Count(r => r.ClosedOnTime),
            Handled = handled.Count,
            Reworked = handled.Count(r => r.Reworked),
            Extended = population.Count(r => r.Extended),
            RespondedOnTime = responded.Count(r => r.RespondDeadline is { } d && r.RespondedAt <= d),
            Rated = rated.Count,
            Satisfied = rated.Count(r => r.Rating != IssueRating.Dissatisfied),
            AverageToAccept = Average(accepted.Select(r => r.AcceptedAt!.Value - r.ReportedAt)),
            AverageToRespond = Average(responded.Where(r => r.AcceptedAt is not null).Select(r => r.RespondedAt!.Value - r.AcceptedAt!.Value)),
            AverageToResolve = Average(handled.Where(r => r.RespondedAt is not null).Select(r => r.ResolvedAt!.Value - r.RespondedAt!.Value)),
            AverageToVerify = Average(closed.Where(r => r.ResolvedAt is not null && r.ClosedAt is not null).Select(r => r.ClosedAt!.Value - r.ResolvedAt!.Value)),
        };
    }

    private static Duration? Average(IEnumerable<Duration> durations)
    {
        var ticks = durations.Select(d => d.BclCompatibleTicks).ToList();
        return ticks.Count == 0 ? null : Duration.FromTicks(ticks.Sum() / ticks.Count);
    }
}
