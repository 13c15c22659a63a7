using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// The committees and meetings of a deployment, folded from the store's global log: the source of
/// subtree-wide compliance reports. Rebuilt from scratch with <see cref="LogProjection.CatchUpAsync"/>, it gives the
/// same answers; events of other aggregates are skipped.
/// </summary>
/// <remarks>Thread-safe: writers are serialized, readers take a consistent copy.</remarks>
public sealed class CommitteeReadModel : LogProjection
{
    private readonly Dictionary<CommitteeId, Committee> _committees = [];
    private readonly Dictionary<MeetingId, Meeting> _meetings = [];
    private readonly GridScopedValues<FiveHavesEvaluator> _evaluators;

    /// <summary>Creates an empty read model.</summary>
    /// <param name="options">The committee settings (rule sets by subtree).</param>
    /// <exception cref="CommitteeConfigurationException">The settings are invalid.</exception>
    public CommitteeReadModel(IOptions<CommitteeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _evaluators = options.Value.Evaluators();
    }

    /// <summary>Gets the rule sets in force, by subtree, compiled.</summary>
    public GridScopedValues<FiveHavesEvaluator> Evaluators => _evaluators;

    /// <summary>Gets a copy of every committee.</summary>
    /// <returns>The committees, in no particular order.</returns>
    public IReadOnlyList<Committee> Committees()
    {
        lock (Gate)
        {
            return [.. _committees.Values];
        }
    }

    /// <summary>Gets a copy of every meeting.</summary>
    /// <returns>The meetings, in no particular order.</returns>
    public IReadOnlyList<Meeting> Meetings()
    {
        lock (Gate)
        {
            return [.. _meetings.Values];
        }
    }

    /// <summary>Looks a committee up.</summary>
    /// <param name="id">The committee.</param>
    /// <returns>The committee, or null.</returns>
    public Committee? Find(CommitteeId id)
    {
        lock (Gate)
        {
            return _committees.GetValueOrDefault(id);
        }
    }

    /// <inheritdoc />
    protected override void When(RecordedEvent next)
    {
        switch (next.Payload)
        {
            case CommitteeFormed formed:
                _committees[formed.CommitteeId] = Committee.Start(formed);
                break;
            case CommitteeEvent e when _committees.TryGetValue(e.CommitteeId, out var committee):
                _committees[e.CommitteeId] = committee.Apply(e);
                break;
            case MeetingScheduled scheduled:
                _meetings[scheduled.MeetingId] = Meeting.Start(scheduled);
                break;
            case MeetingEvent e when _meetings.TryGetValue(e.MeetingId, out var meeting):
                _meetings[e.MeetingId] = meeting.Apply(e, next.Metadata);
                break;
        }
    }

    /// <summary>Evaluates every committee in a subtree as of a date, each under the rule set of its unit's subtree.</summary>
    /// <param name="hierarchy">The hierarchy.</param>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="asOf">The date.</param>
    /// <returns>The compliance report.</returns>
    public CommitteeComplianceReport Compliance(GridHierarchy hierarchy, string subtreeCode, LocalDate asOf)
        => CommitteeComplianceReport.Compute(hierarchy, subtreeCode, Committees(), _evaluators, asOf);

    /// <summary>As the public overload, over the committees whose unit <paramref name="visible"/> sees (null: all).</summary>
    internal CommitteeComplianceReport Compliance(GridHierarchy hierarchy, string subtreeCode, LocalDate asOf, Access.DistrictScope? visible)
        => visible is null
            ? Compliance(hierarchy, subtreeCode, asOf)
            : CommitteeComplianceReport.Compute(hierarchy, subtreeCode, [.. Committees().Where(c => c.TryPlace(hierarchy, out var unit) && visible.SeesIndex(unit.Index))], _evaluators, asOf);
}
