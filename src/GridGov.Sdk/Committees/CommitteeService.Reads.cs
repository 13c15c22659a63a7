using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Committees;

// Reads for an actor (ADR 31). The overloads without an actor are the trusted system path and see every district.
public sealed partial class CommitteeService
{
    /// <summary>Gets a committee for an actor, who must see its unit's district (<see cref="DistrictScope"/>).</summary>
    /// <param name="committeeId">The committee.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The committee.</returns>
    /// <exception cref="CommitteeNotFoundException">It does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Committee> GetAsync(CommitteeId committeeId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var committee = await GetAsync(committeeId, cancellationToken).ConfigureAwait(false);
        return await _access.Reads.EnsureAsync(actor, CommitteeAccess.CommitteeWorkflowName, committee, CommitteeAccess.TargetOf(committee)).ConfigureAwait(false);
    }

    /// <summary>Gets a meeting for an actor, who must see its committee's district.</summary>
    /// <param name="meetingId">The meeting.</param>
    /// <param name="actor">Who reads.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The meeting.</returns>
    /// <exception cref="MeetingNotFoundException">It does not exist.</exception>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<Meeting> GetMeetingAsync(MeetingId meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await GetMeetingAsync(meetingId, cancellationToken).ConfigureAwait(false);
        var committee = await GetAsync(meeting.CommitteeId, cancellationToken).ConfigureAwait(false);
        return await _access.Reads.EnsureAsync(actor, CommitteeAccess.MeetingWorkflowName, meeting, CommitteeAccess.TargetOf(meeting.Id, committee)).ConfigureAwait(false);
    }

    /// <summary>The compliance report of a subtree for an actor: refused inside another district, narrowed (and marked so) when the subtree spans districts.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="actor">Who reads.</param>
    /// <returns>The report, with the districts it covers.</returns>
    /// <exception cref="AccessDeniedException"><c>access.other-district</c> (recorded in the security log).</exception>
    public async Task<ScopedRead<CommitteeComplianceReport>> ComplianceAsync(string subtreeCode, LocalDate asOf, Actor actor)
    {
        var hierarchy = _territory.Current;
        var read = await _access.Reads.SubtreeAsync(actor, CommitteeAccess.CommitteeWorkflowName, hierarchy, subtreeCode).ConfigureAwait(false);
        return read.Result(_readModel.Compliance(hierarchy, subtreeCode, asOf, read.Filter));
    }
}
