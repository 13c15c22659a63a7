using System.Collections.Concurrent;
using System.Diagnostics;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Time;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Issues;

/// <summary>
/// Runs the problem lifecycle: reports issues, executes commands through the Stateless definition,
/// hooks and the event store, answers "why not" and "what may I do", finds overdue issues and
/// escalates them. Every change is an event with actor, instant, reason and definition version.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Commands on different issues run in parallel; commands on one issue are
/// serialized by the store's optimistic concurrency: one wins, the other gets a
/// <see cref="WorkflowConcurrencyException"/> that names the issue and both versions.</para>
/// <para>A command carrying an idempotency key that was applied before returns the issue with
/// <see cref="IssueCommandResult.WasDuplicate"/> set and records nothing.</para>
/// </remarks>
public sealed partial class IssueService
{
    private const int MaxTitleLength = 200;
    private const int MaxDescriptionLength = 4000;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly IssueWorkflow _workflow;
    private readonly IssueReadModel _readModel;
    private readonly IssueOptions _options;
    private readonly IReadOnlyList<IIssueHook> _hooks;
    private readonly ILogger _logger;
    private readonly IPersonalDataVault? _personalData;
    private readonly IssueAuthorizer _access;
    private readonly ConcurrentDictionary<IssueId, Issue> _cache = new();
    private readonly StoreCommitTarget _storeTarget;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The current grid hierarchy (and professional grids).</param>
    /// <param name="workflow">The lifecycle definition.</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="options">The lifecycle rules.</param>
    /// <param name="hooks">The integrator's hooks, in order.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="personalData">The vault that keeps reporters' contact data; optional, needed only for reports that carry a contact.</param>
    public IssueService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        IssueWorkflow workflow,
        IssueReadModel readModel,
        IOptions<IssueOptions> options,
        IEnumerable<IIssueHook> hooks,
        ILogger<IssueService>? logger = null,
        AccessPolicy? accessPolicy = null,
        IPersonalDataVault? personalData = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hooks);
        _store = store;
        _clock = clock;
        _territory = territory;
        _workflow = workflow;
        _readModel = readModel;
        _options = options.Value;
        _hooks = hooks.ToArray();
        _logger = logger ?? NullLogger<IssueService>.Instance;
        _personalData = personalData;
        _storeTarget = new StoreCommitTarget(this);
        var securityLog = new SecurityLog(store, clock, _logger);
        _access = new IssueAuthorizer(accessPolicy ?? AccessPolicy.Default, territory, securityLog, readModel.Apply, id => LoadAsync(id, fresh: true, CancellationToken.None));
        _publisher = new RuleSetPublisher<IssueRuleSet>(
            RuleSetAreas.Issues, _options.Versions(), r => r.Version, "IssueOptions.VersionsBySubtree", store, clock, territory,
            new AccessGate(accessPolicy ?? AccessPolicy.Default, territory, securityLog, readModel.Apply), () => readModel.PublicationsSeen, readModel.Apply);
    }

    /// <summary>Gets the read model this service keeps up to date (indicators, overdue lists).</summary>
    public IssueReadModel ReadModel => _readModel;

    /// <summary>Reports a new problem. Its handling node and first deadline come from the category's rule.</summary>
    /// <param name="command">The report.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The new issue and its first event.</returns>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor report there; nothing changed but the security log.</exception>
    /// <exception cref="WorkflowRejectedException">The report is invalid (unknown place, empty title…); nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">An issue with that id exists already (and not from this same report).</exception>
    /// <exception cref="WorkflowVetoedException">A hook vetoed it; nothing changed.</exception>
    public async Task<IssueCommandResult> ReportAsync(ReportIssue command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.IssueId ?? (command.IdempotencyKey is { } key ? IssueId.FromIdempotencyKey(key) : IssueId.New());
        using var activity = GridGovDiagnostics.ActivitySource.StartActivity("issue.report");
        activity?.SetTag("gridgov.issue.id", id.Value);
        await _access.AuthorizeReportAsync(command, id).ConfigureAwait(false);

        var hierarchy = _territory.Current;
        var problems = new List<string>();
        if (command.Actor is null)
        {
            problems.Add("The command must name its actor.");
        }

        if (!GridHierarchyBuilder.IsValidText(command.Category, GridHierarchyBuilder.MaxCodeLength))
        {
            problems.Add("Category must be a code of 1–64 characters.");
        }

        if (string.IsNullOrWhiteSpace(command.Title) || command.Title.Length > MaxTitleLength)
        {
            problems.Add($"Title must be 1–{MaxTitleLength} characters.");
        }

        if (command.Description is null || command.Description.Length > MaxDescriptionLength)
        {
            problems.Add($"Description must be at most {MaxDescriptionLength} characters.");
        }

        if (!Enum.IsDefined(command.Priority) || !Enum.IsDefined(command.Source))
        {
            problems.Add("Priority and source must be defined values.");
        }

        GridNode place = default;
        if (command.PlaceCode is null || !hierarchy.TryGetNode(command.PlaceCode, out place))
        {
            problems.Add($"Place '{command.PlaceCode}' is not in the grid hierarchy.");
        }
        else if (place.IsRetired)
        {
            problems.Add($"Place '{command.PlaceCode}' is retired.");
        }

        if (command.ReporterContact is { } given && (given.IsEmpty || _personalData is null))
        {
            problems.Add(given.IsEmpty ? "The reporter contact has no name, phone or address; leave it null instead." : "A reporter contact needs a personal-data vault (IPersonalDataVault), and none is configured.");
        }

        if (problems.Count > 0)
        {
            throw Reject(WorkflowRejectedException.InvalidCommandCode, id, "(new)", "Report", string.Join(" ", problems), []);
        }

        var rules = (await _publisher.ForNewItemsAsync(cancellationToken).ConfigureAwait(false)).Resolve(place);
        var rule = rules.RuleFor(command.Category);
        var handling = HandlingNodeFor(place, rule.Level, rules);
        // Personal data goes to the vault; the event carries only the reference (docs/adr/0016).
        PersonalDataRef? contact = command.ReporterContact is { } c ? await _personalData!.StoreAsync(c, place.Code, cancellationToken).ConfigureAwait(false) : null;
        var now = _clock.GetCurrentInstant();
        var reported = new IssueReported(
            command.Category, command.Priority, command.Source, place.Code, handling.Code, command.Title, command.Description!, command.ReporterId, rules.Version)
        {
            ReporterContact = contact,
            IssueId = id,
            From = IssueState.Reported,
            To = IssueState.Reported,
            Deadline = rule.LimitsFor(command.Priority).Accept.DeadlineFrom(now, rules.Calendar),
        };
        var metadata = new EventMetadata(command.Actor!, now, command.Reason, IssueWorkflow.DefinitionVersion, command.IdempotencyKey);
        IssueCommandResult? committed = null;
        try
        {
            committed = await CommitAsync(null, command, null, reported, metadata, 0, _storeTarget, cancellationToken).ConfigureAwait(false);
            return committed;
        }
        catch (WorkflowConcurrencyException) when (command.IdempotencyKey is not null)
        {
            var existing = await LoadAsync(id, fresh: true, cancellationToken).ConfigureAwait(false);
            if (existing is not null && existing.IdempotencyKeys.Contains(command.IdempotencyKey))
            {
                return new IssueCommandResult(existing, [], WasDuplicate: true);
            }

            throw;
        }
        finally
        {
            if (contact is { } unused && committed is null)
            {
                // No event refers to it: a refused or duplicate report leaves no personal data behind.
                await _personalData!.DiscardAsync(unused, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Executes a command on an existing issue.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The issue after the command and the events recorded.</returns>
    /// <exception cref="IssueNotFoundException">The issue does not exist.</exception>
    /// <exception cref="AccessDeniedException">The access policy does not let the actor fire the trigger on this issue (checked before guards); nothing changed but the security log.</exception>
    /// <exception cref="WorkflowRejectedException">The trigger is not allowed now, a guard is unmet (listed), or the input is invalid; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the issue came first; nothing changed.</exception>
    /// <exception cref="WorkflowVetoedException">A hook vetoed it; nothing changed.</exception>
    public async Task<IssueCommandResult> ExecuteAsync(IssueCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = GridGovDiagnostics.ActivitySource.StartActivity("issue.command");
        if (activity is not null)
        {
            activity.SetTag("gridgov.issue.id", command.IssueId.Value);
            activity.SetTag("gridgov.issue.trigger", command.Trigger.ToString());
        }

        var issue = await LoadAsync(command.IssueId, fresh: false, cancellationToken).ConfigureAwait(false)
                    ?? throw new IssueNotFoundException(command.IssueId);
        await _access.AuthorizeAsync(command.Actor, command.Trigger, issue).ConfigureAwait(false);
        if (command is ExtendDeadline extension && extension.Actor is not null)
        {
            await _access.AuthorizeApproverAsync(extension.ApprovedBy, extension.Actor, issue).ConfigureAwait(false);
        }
        if (command.IdempotencyKey is { } key && issue.IdempotencyKeys.Contains(key))
        {
            return new IssueCommandResult(issue, [], WasDuplicate: true);
        }

        var inputProblems = command.ValidateInput();
        if (inputProblems.Count > 0)
        {
            throw Reject(WorkflowRejectedException.InvalidCommandCode, issue.Id, issue.State.ToString(), command.Trigger.ToString(), string.Join(" ", inputProblems), []);
        }

        if (command.ExpectedVersion is { } expected && expected != issue.Version)
        {
            // Another node may have moved the issue on: compare with the store before refusing.
            issue = await LoadAsync(command.IssueId, fresh: true, cancellationToken).ConfigureAwait(false) ?? issue;
            if (expected != issue.Version)
            {
                throw new WorkflowConcurrencyException(issue.Id.Value, expected, issue.Version);
            }
        }

        var now = _clock.GetCurrentInstant();
        try
        {
            return await TransitionAsync(issue, command, now, automatic: false, _storeTarget, cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowConcurrencyException) when (command.IdempotencyKey is not null)
        {
            var fresh = await LoadAsync(command.IssueId, fresh: true, cancellationToken).ConfigureAwait(false);
            if (fresh is not null && fresh.IdempotencyKeys.Contains(command.IdempotencyKey))
            {
                return new IssueCommandResult(fresh, [], WasDuplicate: true);
            }

            throw;
        }
    }

    /// <summary>Gets an issue.</summary>
    /// <param name="issueId">The issue.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The issue.</returns>
    /// <exception cref="IssueNotFoundException">The issue does not exist.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Issue> GetAsync(IssueId issueId, CancellationToken cancellationToken = default)
        => await LoadAsync(issueId, fresh: false, cancellationToken).ConfigureAwait(false) ?? throw new IssueNotFoundException(issueId);

    /// <summary>Answers "what may this actor do to this issue now": the triggers the access policy allows the actor here and whose guards pass.</summary>
    /// <param name="issueId">The issue.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The permitted triggers, in enum order.</returns>
    public async Task<IReadOnlyList<IssueTrigger>> GetPermittedTriggersAsync(IssueId issueId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var issue = await GetAsync(issueId, cancellationToken).ConfigureAwait(false);
        var rules = RulesFor(issue);
        return _access.Filter(actor, issue, _workflow.Permitted(issue, actor, _clock.GetCurrentInstant(), rules, LevelAbove(issue, rules) is not null));
    }

    /// <summary>Answers "why can't I do this": whether the access policy lets the actor fire the trigger here, whether it may fire now, and the unmet guards if not. Records nothing.</summary>
    /// <param name="command">The command to check; nothing is executed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The check.</returns>
    public async Task<IssueCommandCheck> CheckAsync(IssueCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var issue = await GetAsync(command.IssueId, cancellationToken).ConfigureAwait(false);
        var access = _access.Decide(command.Actor, command.Trigger, issue);
        var now = _clock.GetCurrentInstant();
        var input = command.ValidateInput();
        if (input.Count == 0 && NeedsStateInputCheck(command))
        {
            input = await StateInputProblemsAsync(issue, command, now, cancellationToken).ConfigureAwait(false) ?? input;
        }

        var rules = RulesFor(issue);
        var decision = _workflow.Decide(issue, command.Trigger, command.Actor, now, rules, command.Trigger == IssueTrigger.Escalate && LevelAbove(issue, rules) is not null);
        return new IssueCommandCheck(access.IsAllowed && decision.Allowed && input.Count == 0, issue.State, decision.Allowed, decision.UnmetGuards, input) { Access = access };
    }

    /// <summary>
    /// Escalates, one level up, every open issue whose current deadline has passed and that has a level
    /// above (枫桥经验: only when it must). Each escalation is an event by <see cref="Actor.System"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels between issues.</param>
    /// <returns>The escalations made; issues that changed meanwhile are skipped.</returns>
    public async Task<IReadOnlyList<IssueCommandResult>> EscalateOverdueAsync(CancellationToken cancellationToken = default)
    {
        var now = _clock.GetCurrentInstant();
        var results = new List<IssueCommandResult>();
        foreach (var overdue in _readModel.FindOverdue(now))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var issue = await LoadAsync(overdue.IssueId, fresh: false, cancellationToken).ConfigureAwait(false);
            if (issue is null || !issue.IsOpen || issue.State == IssueState.Resolved || issue.Deadline is not { } deadline || deadline >= now || LevelAbove(issue, RulesFor(issue)) is null)
            {
                continue;
            }

            var command = new EscalateIssue(issue.Id, Actor.System) { Reason = "time limit of the current level passed", ExpectedVersion = issue.Version };
            try
            {
                await _access.AuthorizeAsync(Actor.System, IssueTrigger.Escalate, issue).ConfigureAwait(false);
                results.Add(await TransitionAsync(issue, command, now, automatic: true, _storeTarget, cancellationToken).ConfigureAwait(false));
            }
            catch (GridGovException ex) when (ex is WorkflowConcurrencyException or WorkflowRejectedException or WorkflowVetoedException or AccessDeniedException)
            {
                LogEscalationSkipped(issue.Id.Value, ex.Code);
            }
        }

        return results;
    }

    /// <summary>
    /// One transition on a loaded issue: the decision (guards), the state-dependent input checks, the
    /// event, then the hooks around the commit to <paramref name="target"/> and the fold into the new
    /// <see cref="Issue"/>. <see cref="ExecuteAsync"/> and <see cref="EscalateOverdueAsync"/> commit to the
    /// store, the issue cache and the read model; completes synchronously when they and the hooks do.
    /// </summary>
    internal ValueTask<IssueCommandResult> TransitionAsync(Issue issue, IssueCommand command, Instant now, bool automatic, IssueCommitTarget target, CancellationToken cancellationToken)
    {
        var deciding = DecideAsync(issue, command, now, automatic, cancellationToken);
        if (!deciding.IsCompletedSuccessfully)
        {
            return CommitWhenDecidedAsync(deciding, issue, command, target, cancellationToken);
        }

        var (evt, metadata) = deciding.Result;
        return CommitAsync(issue, command, command.Trigger, evt, metadata, issue.Version, target, cancellationToken);
    }

    private async ValueTask<IssueCommandResult> CommitWhenDecidedAsync(ValueTask<(IssueEvent Event, EventMetadata Metadata)> deciding, Issue issue, IssueCommand command, IssueCommitTarget target, CancellationToken cancellationToken)
    {
        var (evt, metadata) = await deciding.ConfigureAwait(false);
        return await CommitAsync(issue, command, command.Trigger, evt, metadata, issue.Version, target, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask<(IssueEvent Event, EventMetadata Metadata)> DecideAsync(Issue issue, IssueCommand command, Instant now, bool automatic, CancellationToken cancellationToken)
    {
        var rules = RulesFor(issue);
        // Only Escalate's guard asks whether a level above exists: don't walk the hierarchy for other triggers.
        var above = command.Trigger == IssueTrigger.Escalate ? LevelAbove(issue, rules) : null;
        var decision = _workflow.Decide(issue, command.Trigger, command.Actor, now, rules, above is not null);
        if (!decision.Allowed)
        {
            var code = decision.UnmetGuards.Count > 0 ? WorkflowRejectedException.GuardFailedCode : WorkflowRejectedException.NotPermittedCode;
            var message = decision.UnmetGuards.Count > 0
                ? $"{command.Trigger} is not allowed for issue '{issue.Id}' now: {string.Join("; ", decision.UnmetGuards)}."
                : $"{command.Trigger} is not allowed while issue '{issue.Id}' is {issue.State}.";
            throw Reject(code, issue.Id, issue.State.ToString(), command.Trigger.ToString(), message, decision.UnmetGuards);
        }

        if (NeedsStateInputCheck(command))
        {
            var checking = StateInputProblemsAsync(issue, command, now, cancellationToken);
            if (!checking.IsCompletedSuccessfully)
            {
                return BuildWhenCheckedAsync(checking, issue, command, now, automatic, rules, decision.Destination, above);
            }

            ThrowIfStateInputProblems(issue, command, checking.Result);
        }

        return new((BuildEvent(issue, command, now, automatic, rules, decision.Destination, above), Metadata(command, now)));
    }

    private async ValueTask<(IssueEvent Event, EventMetadata Metadata)> BuildWhenCheckedAsync(ValueTask<IReadOnlyList<string>?> checking, Issue issue, IssueCommand command, Instant now, bool automatic, IssueRuleSet rules, IssueState to, GridNode? above)
    {
        ThrowIfStateInputProblems(issue, command, await checking.ConfigureAwait(false));
        return (BuildEvent(issue, command, now, automatic, rules, to, above), Metadata(command, now));
    }

    private static void ThrowIfStateInputProblems(Issue issue, IssueCommand command, IReadOnlyList<string>? problems)
    {
        if (problems is { Count: > 0 })
        {
            throw Reject(WorkflowRejectedException.InvalidCommandCode, issue.Id, issue.State.ToString(), command.Trigger.ToString(), string.Join(" ", problems), []);
        }
    }

    private static EventMetadata Metadata(IssueCommand command, Instant now)
        => new(command.Actor, now, command.Reason, IssueWorkflow.DefinitionVersion, command.IdempotencyKey);

    /// <summary>The event of an allowed command, with its state change and deadline; time limits are looked up only for the events that need them.</summary>
    private static IssueEvent BuildEvent(Issue issue, IssueCommand command, Instant now, bool automatic, IssueRuleSet rules, IssueState to, GridNode? above)
    {
        var id = issue.Id;
        var from = issue.State;
        IssueStageLimits Limits() => rules.RuleFor(issue.Category).LimitsFor(issue.Priority);
        Instant? Limit(TimeLimit limit) => limit.DeadlineFrom(now, rules.Calendar);
        Instant? StageDeadline() => StageLimit(to, Limits()) is { } l ? Limit(l) : null;

        return command switch
        {
            AcceptIssue => new IssueAccepted { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Respond) },
            RejectIssue => new IssueRejected { IssueId = id, From = from, To = to },
            MergeIssue m => new IssueMerged(m.DuplicateOf) { IssueId = id, From = from, To = to },
            ClaimIssue c => new IssueClaimed(c.ClaimantId, c.ClaimantKind) { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Resolve) },
            DispatchIssue d => new IssueDispatched(d.ProfessionalGridCode, false) { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Resolve) },
            RedispatchIssue r => new IssueDispatched(r.ProfessionalGridCode, true) { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Resolve) },
            ReturnIssue => new IssueReturned(issue.ProfessionalGridCode ?? string.Empty) { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Respond) },
            StartWork => new IssueWorkStarted { IssueId = id, From = from, To = to, Deadline = issue.Deadline },
            ResolveIssue r => new IssueResolved(r.Notes, [.. r.Evidence]) { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Verify) },
            VerifyIssue => new IssueClosed(issue.ResolveDeadline is not { } due || (issue.ResolvedAt is { } resolved && resolved <= due)) { IssueId = id, From = from, To = to },
            RequestRework => new IssueReworkRequested { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Resolve) },
            RateIssue r => new IssueRated(r.Rating) { IssueId = id, From = from, To = to },
            ReopenIssue => new IssueReopened { IssueId = id, From = from, To = to, Deadline = Limit(Limits().Resolve) },
            SuspendIssue s => new IssueSuspended(s.Kind, issue.Deadline is { } d ? d - now : null) { IssueId = id, From = from, To = to },
            ResumeIssue => new IssueResumed { IssueId = id, From = from, To = to, Deadline = issue.SuspendedRemaining is { } left ? now + left : StageDeadline() },
            ExtendDeadline x => new IssueDeadlineExtended(x.ApprovedBy.Id) { IssueId = id, From = from, To = to, Deadline = x.NewDeadline },
            EscalateIssue => new IssueLevelChanged(issue.HandlingNodeCode, above!.Value.Code, automatic, Up: true) { IssueId = id, From = from, To = to, Deadline = StageDeadline() ?? issue.Deadline },
            DeescalateIssue => new IssueLevelChanged(issue.HandlingNodeCode, issue.LevelChain[^2], false, Up: false) { IssueId = id, From = from, To = to, Deadline = StageDeadline() ?? issue.Deadline },
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
    }

    private ValueTask<IssueCommandResult> CommitAsync(Issue? before, object command, IssueTrigger? trigger, IssueEvent evt, EventMetadata metadata, long expectedVersion, IssueCommitTarget target, CancellationToken cancellationToken)
    {
        var context = new IssueTransitionContext(before, command, trigger, evt, metadata, cancellationToken);
        var commit = new Commit(target, context, before, trigger, evt, metadata, expectedVersion);
        try
        {
            // No hooks: no delegate at all. Otherwise the pipeline calls the commit's core as its last step.
            var pipeline = _hooks.Count == 0 ? commit.RunAsync() : HookPipeline.RunAsync(_hooks, context, commit.Core);
            if (!pipeline.IsCompletedSuccessfully)
            {
                return AwaitCommitAsync(pipeline, commit);
            }

            pipeline.GetAwaiter().GetResult();
        }
        catch (Exception ex) when (context.IsCommitted && commit.Result is not null)
        {
            LogHookFailedAfterCommit(ex, evt.IssueId.Value, trigger?.ToString() ?? "Report");
        }
        catch (GridGovException ex)
        {
            GridGovDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("code", ex.Code));
            throw;
        }

        return new(commit.Result ?? throw HookDidNotContinue());
    }

    private async ValueTask<IssueCommandResult> AwaitCommitAsync(ValueTask pipeline, Commit commit)
    {
        try
        {
            await pipeline.ConfigureAwait(false);
        }
        catch (Exception ex) when (commit.Context.IsCommitted && commit.Result is not null)
        {
            LogHookFailedAfterCommit(ex, commit.Context.IssueId.Value, commit.Context.Trigger?.ToString() ?? "Report");
        }
        catch (GridGovException ex)
        {
            GridGovDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("code", ex.Code));
            throw;
        }

        return commit.Result ?? throw HookDidNotContinue();
    }

    private static InvalidOperationException HookDidNotContinue()
        => new("An issue hook did not call next() and did not veto; the transition was not committed.");

    /// <summary>Whether the command has input checks that depend on the issue or the territory (see <see cref="StateInputProblemsAsync"/>).</summary>
    private static bool NeedsStateInputCheck(IssueCommand command) => command is MergeIssue or DispatchIssue or RedispatchIssue or ExtendDeadline;

    /// <summary>Input checks that depend on the issue and the territory; shared by execution and <see cref="CheckAsync"/>. Null when there is no problem.</summary>
    private ValueTask<IReadOnlyList<string>?> StateInputProblemsAsync(Issue issue, IssueCommand command, Instant now, CancellationToken cancellationToken)
    {
        List<string>? problems = null;
        switch (command)
        {
            case MergeIssue m:
                var loading = LoadAsync(m.DuplicateOf, fresh: false, cancellationToken);
                return loading.IsCompletedSuccessfully ? new(MergeProblems(m, loading.Result)) : MergeProblemsAsync(m, loading);
            case DispatchIssue d:
                GridProblems(issue, d.ProfessionalGridCode, ref problems);
                break;
            case RedispatchIssue r:
                GridProblems(issue, r.ProfessionalGridCode, ref problems);
                break;
            case ExtendDeadline x when x.NewDeadline <= now || (issue.Deadline is { } current && x.NewDeadline <= current):
                problems = ["The new deadline must be later than both now and the current deadline."];
                break;
        }

        return new(problems);
    }

    private static async ValueTask<IReadOnlyList<string>?> MergeProblemsAsync(MergeIssue merge, ValueTask<Issue?> loading)
        => MergeProblems(merge, await loading.ConfigureAwait(false));

    private static List<string>? MergeProblems(MergeIssue merge, Issue? target)
        => target is null || target.IsFinal
            ? [$"Issue '{merge.DuplicateOf}' {(target is null ? "does not exist" : "is itself rejected or merged")}; merge into a live issue."]
            : null;

    /// <summary>
    /// The commit of one transition, run as the last step of the hook pipeline: append to the target,
    /// fold the event into the new issue, let the target record it (cache, read model). Completes
    /// synchronously when the target does.
    /// </summary>
    private sealed class Commit(IssueCommitTarget target, IssueTransitionContext context, Issue? before, IssueTrigger? trigger, IssueEvent evt, EventMetadata metadata, long expectedVersion)
    {
        private TransitionDelegate? _core;

        public IssueTransitionContext Context => context;

        public IssueCommandResult? Result { get; private set; }

        /// <summary>Gets <see cref="RunAsync"/> as the pipeline's last step (made once, only when there are hooks).</summary>
        public TransitionDelegate Core => _core ??= RunAsync;

        public ValueTask RunAsync()
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            var finalMetadata = context.AnnotationsOrNull is { } annotations ? metadata with { Annotations = annotations } : metadata;
            var appending = target.AppendAsync(evt, finalMetadata, expectedVersion);
            return appending.IsCompletedSuccessfully ? Appended(appending.Result, finalMetadata) : AppendedAsync(appending, finalMetadata);
        }

        private async ValueTask AppendedAsync(ValueTask<AppendResult> appending, EventMetadata finalMetadata)
            => await Appended(await appending.ConfigureAwait(false), finalMetadata).ConfigureAwait(false);

        private ValueTask Appended(AppendResult appended, EventMetadata finalMetadata)
        {
            var after = before is null ? Issue.Start((IssueReported)evt, finalMetadata) : before.Apply(evt, finalMetadata);
            var recording = target.CommittedAsync(after, appended);
            if (!recording.IsCompletedSuccessfully)
            {
                return RecordedAsync(recording, after, appended);
            }

            recording.GetAwaiter().GetResult();
            Done(after, appended);
            return default;
        }

        private async ValueTask RecordedAsync(ValueTask recording, Issue after, AppendResult appended)
        {
            await recording.ConfigureAwait(false);
            Done(after, appended);
        }

        private void Done(Issue after, AppendResult appended)
        {
            context.IsCommitted = true;
            context.After = after;
            Result = new IssueCommandResult(after, appended.Events, WasDuplicate: false);
            if (GridGovDiagnostics.Transitions.Enabled)
            {
                GridGovDiagnostics.Transitions.Add(1, new KeyValuePair<string, object?>("trigger", trigger?.ToString() ?? "Report"));
            }
        }
    }

    /// <summary>The service's own commit target: the event store, then the issue cache and the read model.</summary>
    private sealed class StoreCommitTarget(IssueService service) : IssueCommitTarget
    {
        public override ValueTask<AppendResult> AppendAsync(IssueEvent evt, EventMetadata metadata, long expectedVersion)
        {
            ValueTask<AppendResult> appending;
            try
            {
                appending = service._store.AppendAsync(evt.IssueId.StreamId, expectedVersion, [new EventData(evt, metadata)], CancellationToken.None);
            }
            catch (StreamVersionConflictException conflict)
            {
                throw Conflict(evt, conflict);
            }

            return appending.IsCompletedSuccessfully ? appending : AwaitAppendAsync(appending, evt);
        }

        public override ValueTask CommittedAsync(Issue after, AppendResult appended)
        {
            service.Remember(after);
            foreach (var recorded in appended.Events)
            {
                service._readModel.Apply(recorded);
            }

            // Someone else (another node, another aggregate's service) wrote in between: read it in.
            return service._readModel.HasGap ? new ValueTask(service._readModel.CatchUpAsync(service._store, CancellationToken.None)) : default;
        }

        private async ValueTask<AppendResult> AwaitAppendAsync(ValueTask<AppendResult> appending, IssueEvent evt)
        {
            try
            {
                return await appending.ConfigureAwait(false);
            }
            catch (StreamVersionConflictException conflict)
            {
                throw Conflict(evt, conflict);
            }
        }

        private WorkflowConcurrencyException Conflict(IssueEvent evt, StreamVersionConflictException conflict)
        {
            service._cache.TryRemove(evt.IssueId, out _);
            return new WorkflowConcurrencyException(evt.IssueId.Value, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }
    }

    private void GridProblems(Issue issue, string gridCode, ref List<string>? problems)
    {
        if (string.IsNullOrWhiteSpace(gridCode))
        {
            (problems ??= []).Add("A professional grid code is needed.");
        }
        else if (issue.ReturnedBy.Contains(gridCode))
        {
            (problems ??= []).Add($"Professional grid '{gridCode}' already returned this issue as not responsible; re-dispatch it elsewhere (改派).");
        }
        else if (_territory.ProfessionalGrids is { } map)
        {
            var grid = map.Grids.FirstOrDefault(g => g.Code == gridCode);
            if (grid is null)
            {
                (problems ??= []).Add($"Professional grid '{gridCode}' does not exist.");
            }
            else if (!grid.CoveredNodeCodes.Any(c => map.Hierarchy.IsAncestorOrSelf(c, issue.PlaceCode)))
            {
                (problems ??= []).Add($"Professional grid '{gridCode}' does not cover '{issue.PlaceCode}'.");
            }
        }
    }

    private static TimeLimit? StageLimit(IssueState state, IssueStageLimits limits) => state switch
    {
        IssueState.Reported => limits.Accept,
        IssueState.Accepted or IssueState.Returned => limits.Respond,
        IssueState.Claimed or IssueState.Dispatched or IssueState.InProgress => limits.Resolve,
        IssueState.Resolved => limits.Verify,
        _ => null,
    };

    private IssueRuleSet RulesFor(Issue issue)
    {
        // By (place, version): the issue keeps the rule set it was reported under, whatever is in force now.
        var versions = _publisher.Current;
        if (!_territory.Current.TryGetNode(issue.PlaceCode, out var place))
        {
            return versions.Find(VersionedGridRules<IssueRuleSet>.DefaultScope, issue.RuleSetVersion) ?? versions.InForce.Default;
        }

        var current = versions.Resolve(place);
        return current.Version == issue.RuleSetVersion ? current : versions.Find(place, issue.RuleSetVersion) ?? current;
    }

    private GridNode HandlingNodeFor(GridNode place, HandlingLevel level, IssueRuleSet rules)
    {
        foreach (var node in place.AncestorsAndSelf())
        {
            if (rules.LevelOfKind.TryGetValue(node.Kind, out var l) && l >= level)
            {
                return node;
            }
        }

        return place.Hierarchy.Root;
    }

    private GridNode? LevelAbove(Issue issue, IssueRuleSet rules)
    {
        var hierarchy = _territory.Current;
        if (!hierarchy.TryGetNode(issue.HandlingNodeCode, out var handling))
        {
            return null;
        }

        var current = rules.LevelOfKind.TryGetValue(handling.Kind, out var l) ? (int)l : -1;
        foreach (var node in handling.Ancestors())
        {
            if (!node.IsRetired && rules.LevelOfKind.TryGetValue(node.Kind, out var up) && (int)up > current)
            {
                return node;
            }
        }

        return null;
    }

    private ValueTask<Issue?> LoadAsync(IssueId id, bool fresh, CancellationToken cancellationToken)
        => !fresh && _cache.TryGetValue(id, out var cached) ? new ValueTask<Issue?>(cached) : LoadFromStoreAsync(id, cancellationToken);

    private async ValueTask<Issue?> LoadFromStoreAsync(IssueId id, CancellationToken cancellationToken)
    {
        var stream = await _store.ReadStreamAsync(id.StreamId, cancellationToken).ConfigureAwait(false);
        var issue = Issue.Fold(stream);
        if (issue is not null)
        {
            Remember(issue);
        }

        return issue;
    }

    private void Remember(Issue issue)
        => _cache.AddOrUpdate(issue.Id, static (_, i) => i, static (_, existing, i) => existing.Version >= i.Version ? existing : i, issue);

    private static WorkflowRejectedException Reject(string code, IssueId id, string state, string trigger, string message, IReadOnlyList<string> unmet)
        => new(code, message, id.Value, state, trigger, unmet);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Error, Message = "A hook failed after issue {IssueId} committed {Trigger}; the change stands.")]
    private partial void LogHookFailedAfterCommit(Exception exception, string issueId, string trigger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Automatic escalation of issue {IssueId} skipped: {Code}.")]
    private partial void LogEscalationSkipped(string issueId, string code);
}

/// <summary>The answer to "why can't I do this".</summary>
/// <param name="Allowed">Whether the command would be carried out now: the access policy allows it, the trigger may fire and the input is valid.</param>
/// <param name="State">The issue's current state.</param>
/// <param name="TriggerPermitted">Whether the trigger's transition and guards allow it.</param>
/// <param name="UnmetGuards">The descriptions of the unmet guards.</param>
/// <param name="InputProblems">What is wrong with the command's input.</param>
public sealed record IssueCommandCheck(bool Allowed, IssueState State, bool TriggerPermitted, IReadOnlyList<string> UnmetGuards, IReadOnlyList<string> InputProblems)
{
    /// <summary>Gets the access policy's answer for the command's actor, trigger and issue (checked before guards); allowed by default.</summary>
    public AccessDecision Access { get; init; }
}
