using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Mediation;

/// <summary>A hook around every mediation case transition (enrich, veto with a reason, or react after the commit).</summary>
public interface IMediationHook : ITransitionHook<WorkflowTransitionContext<MediationCase, MediationTrigger, MediationEvent>>
{
}

/// <summary>A party as it may be shown without permission: residents masked (张*), units by name.</summary>
/// <param name="Number">The party's number.</param>
/// <param name="Kind">Resident or unit.</param>
/// <param name="Side">The side.</param>
/// <param name="Display">The masked name of a resident (or the erased marker), the name of a unit.</param>
public sealed record MediationPartyView(int Number, MediationPartyKind Kind, MediationPartySide Side, string Display);

/// <summary>
/// Mediation (调解, such as 金大姐说事室): teams registered at grid nodes, cases with parties (residents' personal data
/// in the vault, events carry references), sessions, and an outcome — an agreement whose cost shares add up exactly
/// to the total, or failure. A case starts at the lowest level its category allows and escalates up the grid
/// hierarchy only when mediation there failed (枫桥经验), ending if needed in a referral outside; each level has a
/// time limit on the working-day calendar and an overdue sweep. Every command runs on the shared workflow machinery:
/// access policy before guards, idempotency keys, expected versions, hooks, optimistic concurrency.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class MediationService
{
    private const int MaxText = 200;
    private const int MaxLongText = 4000;
    private const int MaxDescription = 2000;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly IPersonalDataVault _vault;
    private readonly MediationReadModel _readModel;
    private readonly RuleSetPublisher<CompiledMediationRules> _publisher;
    private readonly ILogger _logger;
    private readonly WorkflowRunner<MediationCase, MediationState, MediationTrigger, MediationEvent, MediationFacts> _cases;
    private readonly WorkflowRunner<MediationTeam, MediationTeamState, MediationTeamTrigger, MediationTeamEvent, MediationTeam?> _teams;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="vault">The personal-data vault residents' contact data goes to.</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="options">The mediation rules.</param>
    /// <param name="hooks">Hooks around every case transition.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="accessPolicy">The access policy; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public MediationService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        IPersonalDataVault vault,
        MediationReadModel readModel,
        IOptions<MediationOptions> options,
        IEnumerable<IMediationHook> hooks,
        ILogger<MediationService>? logger = null,
        AccessPolicy? accessPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(vault);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hooks);
        var errors = options.Value.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _store = store;
        _clock = clock;
        _territory = territory;
        _vault = vault;
        _readModel = readModel;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cases = new(
            MediationWorkflow.Create(options.Value.Version),
            new WorkflowAggregateModel<MediationCase, MediationEvent>
            {
                StreamIdOf = id => MediationCase.StreamPrefix + id,
                Fold = MediationCase.Fold,
                TargetOf = MediationAccess.TargetOf,
                CreateTrigger = MediationAccess.OpenTrigger,
                Recorded = readModel.Apply,
            },
            store,
            clock,
            territory,
            accessPolicy,
            _logger,
            hooks);
        _teams = new(
            MediationTeamWorkflow.Definition,
            new WorkflowAggregateModel<MediationTeam, MediationTeamEvent>
            {
                StreamIdOf = id => MediationTeam.StreamPrefix + id,
                Fold = MediationTeam.Fold,
                TargetOf = t => new AccessTarget(t.Id, t.NodeCode),
                CreateTrigger = MediationAccess.RegisterTeamTrigger,
                Recorded = readModel.Apply,
            },
            store,
            clock,
            territory,
            accessPolicy,
            _logger,
            null);
        _publisher = new RuleSetPublisher<CompiledMediationRules>(
            RuleSetAreas.Mediation, options.Value.Versions(), r => r.Version, "MediationOptions.VersionsBySubtree", store, clock, territory,
            new AccessGate(accessPolicy ?? AccessPolicy.Default, territory, new SecurityLog(store, clock, _logger), readModel.Apply), () => readModel.PublicationsSeen, readModel.Apply);
    }

    /// <summary>Gets the read model this service keeps up to date.</summary>
    public MediationReadModel ReadModel => _readModel;

    // ---- Teams ----

    /// <summary>Registers a mediation team (such as 金大姐说事室) at a grid node.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The team and its first event.</returns>
    /// <exception cref="MediationRejectedException">The input is invalid or the id is taken; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not register a team there.</exception>
    public async Task<WorkflowCommandResult<MediationTeam>> RegisterTeamAsync(RegisterMediationTeam command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireActor(command.Actor);
        CheckId(command.TeamId, "TeamId");
        CheckText(command.Name, "Name", MaxText, required: true);
        CheckMembers(command.MemberIds);
        if (!_territory.IsLoaded || !_territory.Current.TryGetNode(command.NodeCode ?? string.Empty, out var node))
        {
            throw Refuse(MediationRejectedException.PlaceUnknownCode, $"Node '{command.NodeCode}' is not in the grid hierarchy.", $"网格节点“{command.NodeCode}”不存在。");
        }

        if (await _teams.FindAsync(command.TeamId, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw Refuse(MediationRejectedException.TeamExistsCode, $"Mediation team '{command.TeamId}' exists already.", $"调解团队“{command.TeamId}”已存在。");
        }

        var registered = new MediationTeamRegistered(command.Name, node.Code, [.. command.MemberIds]) { TeamId = command.TeamId };
        var result = await _teams.CreateAsync(command.TeamId, registered, new AccessTarget(command.TeamId, node.Code), command.Actor, command.Reason, null, cancellationToken).ConfigureAwait(false);
        await CatchUpIfGapAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Changes a team's mediators.</summary>
    /// <param name="teamId">The team.</param>
    /// <param name="actor">Who.</param>
    /// <param name="memberIds">The actor ids of its mediators from now on; at least one.</param>
    /// <param name="reason">Why; optional.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The team after the change.</returns>
    /// <exception cref="MediationRejectedException">The members are invalid; nothing changed.</exception>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such team.</exception>
    /// <exception cref="WorkflowRejectedException">The team was disbanded.</exception>
    public async Task<WorkflowCommandResult<MediationTeam>> ChangeTeamMembersAsync(string teamId, Actor actor, IReadOnlyList<string> memberIds, string? reason = null, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        CheckMembers(memberIds);
        var result = await _teams.FireAsync(teamId, MediationTeamTrigger.ChangeMembers, actor, reason, null, null, t => t, (_, _, _) => new MediationTeamMembersChanged([.. memberIds]) { TeamId = teamId }, cancellationToken).ConfigureAwait(false);
        await CatchUpIfGapAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Disbands a team; it takes no new cases (cases it has keep it).</summary>
    /// <param name="teamId">The team.</param>
    /// <param name="actor">Who.</param>
    /// <param name="reason">Why; optional.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The team after the change.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such team.</exception>
    /// <exception cref="WorkflowRejectedException">The team was disbanded already.</exception>
    public async Task<WorkflowCommandResult<MediationTeam>> DisbandTeamAsync(string teamId, Actor actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        var result = await _teams.FireAsync(teamId, MediationTeamTrigger.Disband, actor, reason, null, null, t => t, (_, _, _) => new MediationTeamDisbanded { TeamId = teamId }, cancellationToken).ConfigureAwait(false);
        await CatchUpIfGapAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Gets a team.</summary>
    /// <param name="teamId">The team.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The team.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such team.</exception>
    public async Task<MediationTeam> GetTeamAsync(string teamId, CancellationToken cancellationToken = default)
        => await _teams.GetAsync(teamId, cancellationToken).ConfigureAwait(false);

    // ---- Cases ----

    /// <summary>
    /// Opens a case at the level its category starts at (the place itself or its nearest ancestor at that level), with
    /// the team registered there (or the one named), and the level's deadline. Residents' contact data goes to the
    /// vault; the events carry references.
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The case and its first event.</returns>
    /// <exception cref="MediationRejectedException">The input is invalid; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not open a case there (a resident who is not a party: <c>access.not-own-matter</c>).</exception>
    /// <exception cref="WorkflowConcurrencyException">A case with that id exists already.</exception>
    public async Task<WorkflowCommandResult<MediationCase>> OpenAsync(OpenMediationCase command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireActor(command.Actor);
        var id = command.CaseId ?? Guid.NewGuid().ToString("N");
        CheckId(id, "CaseId");
        // The rules in force at the place (its subtree's, the nearest above it); the default's while the place is unknown.
        var versions = await _publisher.ForNewItemsAsync(cancellationToken).ConfigureAwait(false);
        GridNode place = default;
        var known = _territory.IsLoaded && _territory.Current.TryGetNode(command.PlaceCode ?? string.Empty, out place);
        var rules = known ? versions.Resolve(place) : versions.InForce.Default;
        if (command.Category is null || !rules.Categories.TryGetValue(command.Category, out var category))
        {
            throw Refuse(MediationRejectedException.CategoryUnknownCode, $"Category '{command.Category}' is not a mediation category ({string.Join(", ", rules.Categories.Keys.Order(StringComparer.Ordinal))}).", $"调解类别“{command.Category}”不存在。");
        }

        if (!known)
        {
            throw Refuse(MediationRejectedException.PlaceUnknownCode, $"Place '{command.PlaceCode}' is not in the grid hierarchy.", $"地点“{command.PlaceCode}”不在网格体系中。");
        }

        CheckText(command.Description, "Description", MaxDescription, required: true);
        CheckParties(command.Parties);
        var handling = rules.HandlingNodeFor(place, category.StartLevel)
                       ?? throw Refuse(MediationRejectedException.NoLevelCode, $"No node at or above '{place.Code}' mediates at {category.StartLevel} level or above (up to {rules.HighestLevel}).", $"“{place.Name}”以上没有可受理的调解层级。");
        var level = rules.LevelOfKind[handling.Kind];
        var team = await TeamForAsync(command.TeamId, handling, cancellationToken).ConfigureAwait(false);
        var ownParty = command.Parties.Any(p => p.ActorId is not null && p.ActorId == command.Actor.Id);
        var target = new AccessTarget(id, place.Code, OwnerId: ownParty ? command.Actor.Id : null);

        var stored = new List<PersonalDataRef>();
        try
        {
            var parties = new List<MediationPartyRecord>(command.Parties.Count);
            foreach (var p in command.Parties)
            {
                PersonalDataRef? contact = null;
                if (p.Kind == MediationPartyKind.Resident)
                {
                    var reference = await _vault.StoreAsync(p.Contact!, place.Code, cancellationToken).ConfigureAwait(false);
                    stored.Add(reference);
                    contact = reference;
                }

                parties.Add(new MediationPartyRecord(parties.Count + 1, p.Kind, p.Side, contact, p.ActorId, p.UnitName));
            }

            var now = _clock.GetCurrentInstant();
            var opened = new MediationCaseOpened(category.Code, place.Code, command.Description, handling.Code, level, team?.Id, parties, ownParty ? command.Actor.Id : null, rules.LimitOf(level).DeadlineFrom(now, rules.Calendar)) { CaseId = id, RuleSetVersion = rules.Version };
            var result = await _cases.CreateAsync(id, opened, target, command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            if (result.WasDuplicate)
            {
                await DiscardAsync(stored).ConfigureAwait(false);
            }

            await CatchUpIfGapAsync().ConfigureAwait(false);
            return result;
        }
        catch
        {
            await DiscardAsync(stored).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Executes a command on an existing case: a session, the agreement, a failure, escalation, referral, closing, withdrawal.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The case after the command and the events recorded (none for a duplicate).</returns>
    /// <exception cref="MediationRejectedException">The input is invalid (cost shares that do not add up, an unknown party…); nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not fire the trigger on the case; the refusal is in the security log.</exception>
    /// <exception cref="WorkflowRejectedException">The trigger is not allowed in the case's state, or a guard is not met.</exception>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such case.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the case came first; nothing changed.</exception>
    public async Task<WorkflowCommandResult<MediationCase>> ExecuteAsync(MediationCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        RequireActor(command.Actor);
        Validate(command);
        if (command.Trigger == MediationTrigger.Escalate)
        {
            await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false); // the team registered at the level above
        }

        var now = _clock.GetCurrentInstant();
        var result = await _cases.FireAsync(
            command.CaseId,
            command.Trigger,
            command.Actor,
            command.Reason,
            command.IdempotencyKey,
            command.ExpectedVersion,
            c => Facts(c, now, command.Trigger == MediationTrigger.Escalate),
            (c, _, at) => BuildEvent(c, command, at),
            cancellationToken).ConfigureAwait(false);
        await CatchUpIfGapAsync().ConfigureAwait(false);
        return result;
    }

    /// <summary>Gets a case.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The case.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such case.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<MediationCase> GetAsync(string caseId, CancellationToken cancellationToken = default)
        => await _cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);

    /// <summary>Answers "what may this actor do to this case now": the triggers the access policy allows the actor here and whose guards pass.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers, in enum order.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such case.</exception>
    public async Task<IReadOnlyList<MediationTrigger>> GetPermittedTriggersAsync(string caseId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var c = await _cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
        return _cases.Permitted(c, actor, Facts(c, _clock.GetCurrentInstant(), withLevelAbove: true));
    }

    /// <summary>The parties of a case as they may be shown without permission: residents masked from the vault, units by name.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parties, in number order.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">There is no such case.</exception>
    public async Task<IReadOnlyList<MediationPartyView>> DescribePartiesAsync(string caseId, CancellationToken cancellationToken = default)
    {
        var c = await _cases.GetAsync(caseId, cancellationToken).ConfigureAwait(false);
        var views = new List<MediationPartyView>(c.Parties.Count);
        foreach (var p in c.Parties)
        {
            var display = p.Contact is { } reference
                ? await _vault.ReadMaskedAsync(reference, cancellationToken).ConfigureAwait(false) is { IsErased: false, Name: { } name } ? name : PersonalDataMask.ErasedMarker
                : p.UnitName ?? string.Empty;
            views.Add(new MediationPartyView(p.Number, p.Kind, p.Side, display));
        }

        return views;
    }

    /// <summary>The mediation figures of a subtree for a window, from the read model after it caught up with the store.</summary>
    /// <param name="subtreeCode">The subtree.</param>
    /// <param name="window">The window the cases were opened in.</param>
    /// <param name="cancellationToken">Cancels the catch-up.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<MediationStatistics> StatisticsAsync(string subtreeCode, Interval window, CancellationToken cancellationToken = default)
    {
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return _readModel.Statistics(_territory.Current, subtreeCode, window);
    }

    /// <summary>The cases of a subtree still being mediated past their level's time limit, now (injected clock).</summary>
    /// <param name="subtreeCode">The subtree, matched on the handling node.</param>
    /// <param name="cancellationToken">Cancels the catch-up.</param>
    /// <returns>The overdue cases, earliest deadline first.</returns>
    /// <exception cref="GridNodeNotFoundException">The subtree is not in the hierarchy.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<IReadOnlyList<MediationCaseSummary>> OverdueAsync(string subtreeCode, CancellationToken cancellationToken = default)
    {
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        return _readModel.Overdue(_territory.Current, subtreeCode, _clock.GetCurrentInstant());
    }

    /// <summary>
    /// The overdue sweep, as <see cref="Actor.System"/>: every case still being mediated past its level's time limit
    /// gets its failure at that level recorded (<see cref="MediationFailureCause.TimeLimitPassed"/>) and, when
    /// <see cref="MediationOptions.EscalateWhenOverdue"/> is set and there is a level above, goes one level up.
    /// A case another command moved on meanwhile is skipped.
    /// </summary>
    /// <param name="cancellationToken">Cancels between cases.</param>
    /// <returns>The results of the commands recorded, in order.</returns>
    public async Task<IReadOnlyList<WorkflowCommandResult<MediationCase>>> SweepOverdueAsync(CancellationToken cancellationToken = default)
    {
        await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
        var hierarchy = _territory.Current;
        var results = new List<WorkflowCommandResult<MediationCase>>();
        foreach (var overdue in _readModel.Overdue(hierarchy, hierarchy.Root.Code, _clock.GetCurrentInstant()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var c = await _cases.GetAsync(overdue.CaseId, cancellationToken).ConfigureAwait(false);
                var failed = await ExecuteAsync(new FailMediation(c.Id, Actor.System, MediationFailureCause.TimeLimitPassed) { Reason = "the level's time limit passed", ExpectedVersion = c.Version }, cancellationToken).ConfigureAwait(false);
                results.Add(failed);
                var rules = RulesFor(failed.Aggregate);
                if (rules.EscalateWhenOverdue && rules.LevelAbove(hierarchy, failed.Aggregate.HandlingNodeCode, failed.Aggregate.CurrentLevel.Level) is not null)
                {
                    results.Add(await ExecuteAsync(new EscalateMediationCase(c.Id, Actor.System) { Reason = "the level's time limit passed", ExpectedVersion = failed.Aggregate.Version }, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (GridGovException ex) when (ex is WorkflowConcurrencyException or WorkflowRejectedException or AccessDeniedException)
            {
                LogSweepSkipped(overdue.CaseId, ex.Code);
            }
        }

        return results;
    }

    private MediationFacts Facts(MediationCase c, Instant now, bool withLevelAbove)
        => new(c, now, withLevelAbove && c.State == MediationState.Failed && _territory.IsLoaded && RulesFor(c).LevelAbove(_territory.Current, c.HandlingNodeCode, c.CurrentLevel.Level) is not null, RulesFor(c).ReferFromLevel);

    /// <summary>The rules a case is under: by (place, version), whatever is in force now; the ones in force for a case recorded before versions were.</summary>
    private CompiledMediationRules RulesFor(MediationCase c)
    {
        var versions = _publisher.Current;
        if (!_territory.IsLoaded || !_territory.Current.TryGetNode(c.PlaceCode, out var place))
        {
            return versions.Find(VersionedGridRules<CompiledMediationRules>.DefaultScope, c.RuleSetVersion) ?? versions.InForce.Default;
        }

        var current = versions.Resolve(place);
        return current.Version == c.RuleSetVersion || c.RuleSetVersion == 0 ? current : versions.Find(place, c.RuleSetVersion) ?? current;
    }

    private MediationEvent BuildEvent(MediationCase c, MediationCommand command, Instant at)
    {
        switch (command)
        {
            case HoldMediationSession s:
                CheckPartyNumbers(c, s.AttendingParties, "AttendingParties");
                return new MediationSessionHeld(checked(c.Sessions.Count + 1), s.HeldAt, [.. s.AttendingParties], [.. s.MediatorIds], s.Notes) { CaseId = c.Id };
            case ReachMediationAgreement a:
                CheckPartyNumbers(c, [.. a.Terms.Select(t => t.PartyNumber).Distinct()], "Terms");
                CheckPartyNumbers(c, [.. a.Shares.Select(t => t.PartyNumber)], "Shares");
                return new MediationAgreementReached([.. a.Terms], a.TotalCost, [.. a.Shares]) { CaseId = c.Id };
            case FailMediation f:
                return new MediationFailed(f.Cause, f.Notes) { CaseId = c.Id };
            case EscalateMediationCase:
                var hierarchy = _territory.Current;
                var rules = RulesFor(c);
                var above = rules.LevelAbove(hierarchy, c.HandlingNodeCode, c.CurrentLevel.Level)!.Value; // the guard held
                var level = rules.LevelOfKind[above.Kind];
                return new MediationCaseEscalated(c.HandlingNodeCode, c.CurrentLevel.Level, above.Code, level, _readModel.TeamFor(above)?.Id, rules.LimitOf(level).DeadlineFrom(at, rules.Calendar)) { CaseId = c.Id };
            case ReferMediationCase r:
                return new MediationCaseReferred(r.Kind, r.Body, r.Notes) { CaseId = c.Id };
            case CloseMediationCase x:
                return new MediationCaseClosed(x.Notes) { CaseId = c.Id };
            case WithdrawMediationCase w:
                return new MediationCaseWithdrawn(w.Notes) { CaseId = c.Id };
            default:
                throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command));
        }
    }

    private void Validate(MediationCommand command)
    {
        CheckId(command.CaseId, "CaseId");
        switch (command)
        {
            case HoldMediationSession s:
                CheckText(s.Notes, "Notes", MaxLongText, required: false);
                if (s.AttendingParties is not { Count: > 0 } || s.MediatorIds is not { Count: > 0 } || s.MediatorIds.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > MaxText))
                {
                    throw Refuse(MediationRejectedException.SessionEmptyCode, "A session needs at least one attending party and one mediator.", "调解会至少需要一方当事人和一名调解员参加。");
                }

                if (s.HeldAt > _clock.GetCurrentInstant())
                {
                    throw Refuse(MediationRejectedException.SessionInFutureCode, $"A session cannot be recorded before it is held ({s.HeldAt} is in the future).", "不能记录尚未召开的调解会。");
                }

                break;
            case ReachMediationAgreement a:
                CheckAgreement(a.Terms, a.TotalCost, a.Shares);
                break;
            case FailMediation f:
                CheckDefined(f.Cause);
                CheckText(f.Notes, "Notes", MaxLongText, required: false);
                break;
            case ReferMediationCase r:
                CheckDefined(r.Kind);
                CheckText(r.Body, "Body", MaxText, required: true);
                CheckText(r.Notes, "Notes", MaxLongText, required: false);
                break;
            case CloseMediationCase x:
                CheckText(x.Notes, "Notes", MaxLongText, required: false);
                break;
            case WithdrawMediationCase w:
                CheckText(w.Notes, "Notes", MaxLongText, required: false);
                break;
        }
    }

    /// <summary>The agreement's own rules: terms given, amounts in fen and not negative, one share per party, shares adding up exactly to the total.</summary>
    internal static void CheckAgreement(IReadOnlyList<AgreementTerm>? terms, decimal total, IReadOnlyList<CostShare>? shares)
    {
        if (terms is not { Count: > 0 } || terms.Any(t => t is null || string.IsNullOrWhiteSpace(t.Undertaking) || t.Undertaking.Length > MaxLongText))
        {
            throw Refuse(MediationRejectedException.TermsMissingCode, "An agreement needs at least one term saying who does what.", "调解协议至少要写明一方当事人承担的事项。");
        }

        if (shares is null || shares.Any(s => s is null))
        {
            throw Refuse(MediationRejectedException.SharesMismatchCode, "The cost shares must be given (an empty list when nothing is paid).", "费用分摊不能为空。");
        }

        if (!IsYuan(total) || shares.Any(s => !IsYuan(s.Amount)))
        {
            throw Refuse(MediationRejectedException.AmountInvalidCode, "Amounts must be yuan with at most two decimals, not negative.", "金额须为不小于零、最多两位小数的人民币元。");
        }

        if (shares.Select(s => s.PartyNumber).Distinct().Count() != shares.Count)
        {
            throw Refuse(MediationRejectedException.PartyUnknownCode, "Each party may have one cost share only.", "每方当事人只能有一项费用分摊。");
        }

        var sum = 0m;
        foreach (var share in shares)
        {
            sum += share.Amount;
        }

        if (sum != total)
        {
            throw Refuse(MediationRejectedException.SharesMismatchCode, $"The cost shares add up to {sum:0.00} yuan, not the total of {total:0.00} yuan.", $"费用分摊合计 {sum:0.00} 元，与总额 {total:0.00} 元不符。");
        }
    }

    private static bool IsYuan(decimal amount) => amount >= 0m && amount <= 1_000_000_000_000m && amount == Math.Round(amount, 2);

    private static void CheckPartyNumbers(MediationCase c, IReadOnlyList<int> numbers, string field)
    {
        if (numbers.Any(n => c.Party(n) is null) || numbers.Distinct().Count() != numbers.Count)
        {
            throw Refuse(MediationRejectedException.PartyUnknownCode, $"{field} names a party the case does not have, or names one twice (parties 1–{c.Parties.Count}).", $"{field} 中的当事人编号无效或重复。");
        }
    }

    private static void CheckParties(IReadOnlyList<MediationParty>? parties)
    {
        if (parties is not { Count: >= 2 })
        {
            throw Refuse(MediationRejectedException.PartiesTooFewCode, "A mediation case needs at least two parties.", "调解案件至少需要两方当事人。");
        }

        foreach (var p in parties)
        {
            var valid = p is not null && Enum.IsDefined(p.Side) && p.Kind switch
            {
                MediationPartyKind.Resident => p.Contact is { IsEmpty: false } && (p.ActorId is null || (p.ActorId.Length <= MaxText && !string.IsNullOrWhiteSpace(p.ActorId))),
                MediationPartyKind.Unit => !string.IsNullOrWhiteSpace(p.UnitName) && p.UnitName.Length <= MaxText,
                _ => false,
            };
            if (!valid)
            {
                throw Refuse(MediationRejectedException.PartyInvalidCode, "Each party must be a resident with contact data or a unit with a name, on a defined side.", "当事人须为有联系信息的居民或有名称的单位。");
            }
        }
    }

    private async Task<MediationTeam?> TeamForAsync(string? teamId, GridNode handling, CancellationToken cancellationToken)
    {
        if (teamId is null)
        {
            await _readModel.CatchUpAsync(_store, cancellationToken).ConfigureAwait(false);
            return _readModel.TeamFor(handling);
        }

        var team = await _teams.FindAsync(teamId, cancellationToken).ConfigureAwait(false);
        if (team is not { State: MediationTeamState.Active })
        {
            throw Refuse(MediationRejectedException.TeamUnknownCode, $"There is no active mediation team '{teamId}'.", $"调解团队“{teamId}”不存在或已解散。");
        }

        if (!handling.Hierarchy.IsAncestorOrSelf(team.NodeCode, handling.Code))
        {
            throw Refuse(MediationRejectedException.TeamOutOfAreaCode, $"Team '{team.Name}' serves {team.NodeCode}, which does not cover {handling.Code}.", $"“{team.Name}”的服务范围不包括“{handling.Name}”。");
        }

        return team;
    }

    private static void CheckMembers(IReadOnlyList<string>? memberIds)
    {
        if (memberIds is not { Count: > 0 } || memberIds.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > MaxText) || memberIds.Distinct(StringComparer.Ordinal).Count() != memberIds.Count)
        {
            throw Refuse(MediationRejectedException.IdInvalidCode, "A team needs at least one mediator, each named once by a non-empty actor id.", "调解团队至少需要一名调解员，且不能重复。");
        }
    }

    private static void CheckDefined<T>(T value)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw Refuse(MediationRejectedException.ValueInvalidCode, $"{value} is not a defined {typeof(T).Name}.", $"{typeof(T).Name} 的取值 {value} 无效。");
        }
    }

    private static void CheckId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || id.Any(char.IsWhiteSpace) || id.Any(char.IsControl))
        {
            throw Refuse(MediationRejectedException.IdInvalidCode, $"{field} must be 1–64 characters without whitespace.", $"{field} 须为 1–64 个字符且不含空白。");
        }
    }

    private static void CheckText(string? text, string field, int max, bool required)
    {
        if (text is null || (required && string.IsNullOrWhiteSpace(text)) || text.Length > max)
        {
            throw Refuse(MediationRejectedException.TextInvalidCode, $"{field} must be {(required ? 1 : 0)}–{max} characters.", $"{field} 须为 {(required ? 1 : 0)}–{max} 个字符。");
        }
    }

    private static void RequireActor(Actor? actor)
    {
        if (actor is null)
        {
            throw Refuse(MediationRejectedException.IdInvalidCode, "The command must name its actor.", "命令必须写明操作人。");
        }
    }

    private static MediationRejectedException Refuse(string code, string message, string messageZh)
    {
        GridGovDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("code", code));
        return new MediationRejectedException(code, message, messageZh);
    }

    private async Task DiscardAsync(List<PersonalDataRef> stored)
    {
        foreach (var reference in stored)
        {
            await _vault.DiscardAsync(reference, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task CatchUpIfGapAsync()
    {
        if (_readModel.HasGap)
        {
            await _readModel.CatchUpAsync(_store, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4801, Level = LogLevel.Information, Message = "Overdue sweep skipped mediation case {CaseId}: {Code}.")]
    private partial void LogSweepSkipped(string caseId, string code);
}
