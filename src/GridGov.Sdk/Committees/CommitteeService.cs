using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// Runs committees (社工委): forms them, keeps membership as history, evaluates them against the
/// five-haves standard, and carries consultation meetings from schedule to approved minutes through the
/// Stateless definition — with decisions that create follow-up actions (a problem in the lifecycle, a
/// project, a pledge a member unit claims) linked back to the decision. Every change is an event with
/// actor, instant, reason and definition version; commands fail whole with typed errors.
/// </summary>
/// <remarks>
/// Thread-safe. Each command reads its aggregate's stream afresh and appends with optimistic
/// concurrency: of two racing commands one wins, the other gets a <see cref="WorkflowConcurrencyException"/>.
/// Every command names its actor, and the access policy (workflows <c>committee</c> and <c>meeting</c>, see
/// <see cref="CommitteeAccess"/>) is checked right after the aggregate is loaded, before the lifecycle's guards
/// and the input checks; a refusal throws <see cref="AccessDeniedException"/>, changes nothing and is recorded
/// in the security log.
/// </remarks>
public sealed partial class CommitteeService
{
    private const int MaxText = 200;
    private const int MaxLongText = 4000;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly MeetingWorkflow _workflow;
    private readonly CommitteeReadModel _readModel;
    private readonly IssueService _issues;
    private readonly CommitteeOptions _options;
    private readonly HashSet<string> _categories;
    private readonly DateTimeZone _zone;
    private readonly AccessGate _access;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="workflow">The meeting definition.</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="issues">The problem lifecycle, for decisions that create problems.</param>
    /// <param name="options">The committee settings.</param>
    /// <param name="gridGovOptions">The SDK settings (the time zone that turns instants into dates).</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="logger">The logger (refusals are logged as warnings); optional.</param>
    public CommitteeService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        MeetingWorkflow workflow,
        CommitteeReadModel readModel,
        IssueService issues,
        IOptions<CommitteeOptions> options,
        IOptions<GridGovOptions> gridGovOptions,
        AccessPolicy? accessPolicy = null,
        ILogger<CommitteeService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        _store = store;
        _clock = clock;
        _territory = territory;
        _workflow = workflow;
        _readModel = readModel;
        _issues = issues;
        _options = options.Value;
        _categories = _options.Categories.Select(c => c.Code).ToHashSet(StringComparer.Ordinal);
        _zone = gridGovOptions.Value.TimeZone;
        _access = new AccessGate(accessPolicy ?? AccessPolicy.Default, territory, new SecurityLog(store, clock, logger ?? (ILogger)NullLogger<CommitteeService>.Instance), readModel.Apply);
    }

    /// <summary>Gets the read model this service keeps up to date (compliance over subtrees).</summary>
    public CommitteeReadModel ReadModel => _readModel;

    /// <summary>Gets today's date in the configured time zone, from the injected clock.</summary>
    public LocalDate Today => _clock.GetCurrentInstant().InZone(_zone).Date;

    // ---- Committees ----

    /// <summary>Executes a membership command: form, record the party secretary, appoint, end.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The committee after the command and the events recorded.</returns>
    /// <exception cref="CommitteeNotFoundException">The committee does not exist (for any command but forming it).</exception>
    /// <exception cref="CommitteeRejectedException">The command is refused (duplicate membership, second director, unknown category, invalid input…); nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the committee came first; nothing changed.</exception>
    public async Task<CommitteeCommandResult> ExecuteAsync(CommitteeCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = GridGovDiagnostics.ActivitySource.StartActivity("committee.command");
        activity?.SetTag("gridgov.committee.id", command.CommitteeId.Value);
        var id = command.CommitteeId;
        if (command.Actor is null)
        {
            throw Refuse(CommitteeRejectedException.InvalidCommandCode, id, "The command must name its actor.");
        }

        var committee = await LoadCommitteeAsync(id, cancellationToken).ConfigureAwait(false);
        if (command is FormCommittee form)
        {
            // A unit outside the hierarchy is invalid input, refused below whatever the actor's scopes.
            if (form.UnitCode is { } unit && (!_territory.IsLoaded || _territory.Current.Contains(unit)))
            {
                await _access.AuthorizeAsync(command.Actor, CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.FormTrigger, new AccessTarget(id.Value, unit)).ConfigureAwait(false);
            }

            if (committee is not null)
            {
                throw Refuse(CommitteeRejectedException.AlreadyExistsCode, id, $"Committee '{id}' exists already.");
            }

            CheckText(id, form.Name, "Name", MaxText);
            if (_territory.IsLoaded && !_territory.Current.Contains(form.UnitCode ?? string.Empty))
            {
                throw Refuse(CommitteeRejectedException.InvalidCommandCode, id, $"Unit '{form.UnitCode}' is not in the grid hierarchy.");
            }

            return await AppendCommitteeAsync(null, command, [new CommitteeFormed(form.UnitCode!, form.Name, form.FormedOn) { CommitteeId = id }], cancellationToken).ConfigureAwait(false);
        }

        if (committee is null)
        {
            throw new CommitteeNotFoundException(id);
        }

        await _access.AuthorizeAsync(command.Actor, CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.TriggerName(command), CommitteeAccess.TargetOf(committee)).ConfigureAwait(false);
        if (command.ExpectedVersion is { } expected && expected != committee.Version)
        {
            throw new WorkflowConcurrencyException(id.Value, expected, committee.Version);
        }

        CommitteeEvent[] events = command switch
        {
            RecordPartySecretary s => [SecretaryEvent(committee, s)],
            AppointMembers a => AppointmentEvents(committee, a),
            EndMembership x => [EndEvent(committee, x)],
            _ => throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command)),
        };
        return await AppendCommitteeAsync(committee, command, events, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a committee.</summary>
    /// <param name="committeeId">The committee.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The committee.</returns>
    /// <exception cref="CommitteeNotFoundException">It does not exist.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Committee> GetAsync(CommitteeId committeeId, CancellationToken cancellationToken = default)
        => await LoadCommitteeAsync(committeeId, cancellationToken).ConfigureAwait(false) ?? throw new CommitteeNotFoundException(committeeId);

    /// <summary>Evaluates one committee as of a date under the rule set of its unit's subtree.</summary>
    /// <param name="committeeId">The committee.</param>
    /// <param name="asOf">The date.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The evaluation, rule by rule, with evidence and gaps.</returns>
    /// <exception cref="CommitteeNotFoundException">It does not exist.</exception>
    public async Task<CommitteeEvaluation> EvaluateAsync(CommitteeId committeeId, LocalDate asOf, CancellationToken cancellationToken = default)
    {
        var committee = await GetAsync(committeeId, cancellationToken).ConfigureAwait(false);
        var evaluators = _readModel.Evaluators;
        var evaluator = _territory.IsLoaded && _territory.Current.TryGetNode(committee.UnitCode, out var unit) ? evaluators.Resolve(unit) : evaluators.Default;
        return evaluator.Evaluate(committee, asOf);
    }

    /// <summary>Evaluates every committee in a subtree of the current hierarchy as of a date, with the compliance rate rolled up.</summary>
    /// <param name="subtreeCode">The subtree (a district, a street…).</param>
    /// <param name="asOf">The date.</param>
    /// <returns>The report.</returns>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public CommitteeComplianceReport Compliance(string subtreeCode, LocalDate asOf) => _readModel.Compliance(_territory.Current, subtreeCode, asOf);

    // ---- Meetings ----

    /// <summary>Schedules a consultation meeting; every member serving on the date is invited, with the outside participants given.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The meeting and its first event.</returns>
    /// <exception cref="CommitteeNotFoundException">The committee does not exist.</exception>
    /// <exception cref="WorkflowRejectedException">The input is invalid; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">A meeting with that id exists already.</exception>
    public async Task<MeetingCommandResult> ScheduleMeetingAsync(ScheduleMeeting command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.MeetingId ?? MeetingId.New();
        var committee = await GetAsync(command.CommitteeId, cancellationToken).ConfigureAwait(false);
        if (command.Actor is not null)
        {
            await _access.AuthorizeAsync(command.Actor, CommitteeAccess.MeetingWorkflowName, CommitteeAccess.ScheduleTrigger, CommitteeAccess.TargetOf(id, committee)).ConfigureAwait(false);
        }

        var problems = new List<string>();
        if (command.Actor is null)
        {
            problems.Add("The command must name its actor.");
        }

        if (string.IsNullOrWhiteSpace(command.Title) || command.Title.Length > MaxText)
        {
            problems.Add($"Title must be 1–{MaxText} characters.");
        }

        if (command.Agenda is not { Count: > 0 } || command.Agenda.Any(a => a is null || string.IsNullOrWhiteSpace(a.Title) || a.Title.Length > MaxText || (a.Background?.Length ?? 0) > MaxLongText))
        {
            problems.Add($"The agenda needs at least one item, each with a title of 1–{MaxText} characters.");
        }

        if (!Enum.IsDefined(command.Kind))
        {
            problems.Add("Kind must be a defined value.");
        }

        if (command.Invitees is null || command.Invitees.Any(i => i is null || !ValidId(i.Id) || string.IsNullOrWhiteSpace(i.Name)))
        {
            problems.Add("Every outside participant needs an id and a name.");
        }

        if (problems.Count > 0)
        {
            throw new WorkflowRejectedException(WorkflowRejectedException.InvalidCommandCode, string.Join(" ", problems), id.Value, "(new)", "Schedule", []);
        }

        var view = committee.AsOf(command.Date);
        var invitees = view.Members
            .GroupBy(m => m.MemberId, StringComparer.Ordinal)
            .Select(g => new Invitee(g.Key, g.First().MemberName, true, string.Join("、", g.Select(m => m.Category))))
            .Concat(command.Invitees!.Where(o => !view.Members.Any(m => m.MemberId == o.Id)).Select(o => new Invitee(o.Id, o.Name, false, o.Affiliation ?? string.Empty)))
            .ToList();
        var agenda = command.Agenda!.Select((a, i) => new AgendaItem(i + 1, a.Title, a.Background ?? string.Empty, a.SourceIssueId)).ToList();
        var scheduled = new MeetingScheduled(committee.Id, command.Kind, command.Title, command.Date, agenda, invitees)
        {
            MeetingId = id,
            From = MeetingState.Scheduled,
            To = MeetingState.Scheduled,
        };
        return await AppendMeetingAsync(null, id, [scheduled], command.Actor!, command.Reason, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Executes a command on a meeting through the lifecycle definition.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The meeting after the command, the events recorded, and any problems a decision reported.</returns>
    /// <exception cref="MeetingNotFoundException">The meeting does not exist.</exception>
    /// <exception cref="WorkflowRejectedException">Not allowed now (for example a decision without quorum: <see cref="WorkflowRejectedException.GuardFailedCode"/>
    /// with <see cref="MeetingWorkflow.QuorumGuard"/>), or the input is invalid; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the meeting came first; nothing changed.</exception>
    public async Task<MeetingCommandResult> ExecuteAsync(MeetingCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = GridGovDiagnostics.ActivitySource.StartActivity("meeting.command");
        activity?.SetTag("gridgov.meeting.id", command.MeetingId.Value);
        activity?.SetTag("gridgov.meeting.trigger", command.Trigger.ToString());
        var meeting = await GetMeetingAsync(command.MeetingId, cancellationToken).ConfigureAwait(false);
        var committee = await GetAsync(meeting.CommitteeId, cancellationToken).ConfigureAwait(false);
        if (command.Actor is null)
        {
            throw Reject(meeting, command, WorkflowRejectedException.InvalidCommandCode, "The command must name its actor.");
        }

        await _access.AuthorizeAsync(command.Actor, CommitteeAccess.MeetingWorkflowName, CommitteeAccess.TriggerName(command.Trigger), CommitteeAccess.TargetOf(meeting.Id, committee)).ConfigureAwait(false);
        if (command.ExpectedVersion is { } expected && expected != meeting.Version)
        {
            throw new WorkflowConcurrencyException(meeting.Id.Value, expected, meeting.Version);
        }

        var isDirector = committee.AsOf(meeting.Date).Director?.MemberId == command.Actor.Id;
        var decision = _workflow.Decide(meeting, command.Trigger, command.Actor, isDirector);
        if (!decision.Allowed)
        {
            var code = decision.UnmetGuards.Count > 0 ? WorkflowRejectedException.GuardFailedCode : WorkflowRejectedException.NotPermittedCode;
            var message = decision.UnmetGuards.Count > 0
                ? $"{command.Trigger} is not allowed for meeting '{meeting.Id}' now: {string.Join("; ", decision.UnmetGuards)}."
                : $"{command.Trigger} is not allowed while meeting '{meeting.Id}' is {meeting.State}.";
            throw new WorkflowRejectedException(code, message, meeting.Id.Value, meeting.State.ToString(), command.Trigger.ToString(), decision.UnmetGuards);
        }

        var problems = InputProblems(meeting, committee, command);
        if (problems.Count > 0)
        {
            throw Reject(meeting, command, WorkflowRejectedException.InvalidCommandCode, string.Join(" ", problems));
        }

        var reported = new List<Issue>();
        MeetingEvent evt;
        switch (command)
        {
            case ConveneMeeting c:
                var view = committee.AsOf(meeting.Date);
                var members = view.Members.Select(m => m.MemberId).ToHashSet(StringComparer.Ordinal);
                var attendees = c.AttendeeIds.Distinct(StringComparer.Ordinal).ToList();
                var present = attendees.Count(members.Contains);
                evt = new MeetingConvened(c.Actor.Id, attendees, members.Count, present, _options.Quorum.IsMet(present, members.Count), _options.Quorum.ToString()) { MeetingId = meeting.Id };
                break;
            case DecideItem d:
                var actions = new List<FollowUpAction>();
                var number = meeting.FollowUps.Length;
                foreach (var request in d.FollowUps)
                {
                    number = checked(number + 1);
                    IssueId? issueId = null;
                    if (request.Kind == FollowUpKind.Problem)
                    {
                        // Reported before the decision is appended; the key makes a retried decision land on the same issue.
                        var key = $"meeting:{meeting.Id}:item:{d.ItemNumber}:action:{number}";
                        var report = await _issues.ReportAsync(
                            new ReportIssue(d.Actor, request.IssueCategory!, IssuePriority.Normal, IssueSource.SuperiorAssignment, request.PlaceCode!, request.Title, request.Description)
                            {
                                IdempotencyKey = key,
                                Reason = $"社工委决定 / committee decision: meeting {meeting.Id}, item {d.ItemNumber}",
                            },
                            cancellationToken).ConfigureAwait(false);
                        issueId = report.Issue.Id;
                        reported.Add(report.Issue);
                    }

                    actions.Add(new FollowUpAction(number, meeting.Id, d.ItemNumber, request.Kind, request.Title, request.Description, issueId, request.AmountYuan));
                }

                evt = new AgendaItemResolved(d.ItemNumber, AgendaItemOutcome.Decided, d.DecisionText, d.Vote, actions) { MeetingId = meeting.Id };
                break;
            case DeferItem f:
                evt = new AgendaItemResolved(f.ItemNumber, AgendaItemOutcome.Deferred, f.Reason!, null, []) { MeetingId = meeting.Id };
                break;
            case RejectItem r:
                evt = new AgendaItemResolved(r.ItemNumber, AgendaItemOutcome.Rejected, r.Reason!, r.Vote, []) { MeetingId = meeting.Id };
                break;
            case ConcludeMeeting c:
                evt = new MeetingConcluded(c.Minutes) { MeetingId = meeting.Id };
                break;
            case ApproveMinutes:
                evt = new MeetingMinutesApproved() { MeetingId = meeting.Id };
                break;
            case CancelMeeting:
                evt = new MeetingCancelled() { MeetingId = meeting.Id };
                break;
            case ClaimPledge p:
                evt = new PledgeClaimed(p.ActionNumber, p.ClaimantId, p.ClaimantName, p.AmountYuan) { MeetingId = meeting.Id };
                break;
            default:
                throw new ArgumentException($"Unknown command {command.GetType().Name}.", nameof(command));
        }

        evt = evt with { From = meeting.State, To = decision.Destination };
        return await AppendMeetingAsync(meeting, meeting.Id, [evt], command.Actor, command.Reason, reported, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a meeting.</summary>
    /// <param name="meetingId">The meeting.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The meeting.</returns>
    /// <exception cref="MeetingNotFoundException">It does not exist.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Meeting> GetMeetingAsync(MeetingId meetingId, CancellationToken cancellationToken = default)
        => Meeting.Fold(await _store.ReadStreamAsync(meetingId.StreamId, cancellationToken).ConfigureAwait(false)) ?? throw new MeetingNotFoundException(meetingId);

    /// <summary>Answers "what may this actor do to this meeting now": the triggers the access policy allows the actor and whose guards pass. Records nothing.</summary>
    /// <param name="meetingId">The meeting.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The permitted triggers, in enum order.</returns>
    /// <exception cref="MeetingNotFoundException">The meeting does not exist.</exception>
    public async Task<IReadOnlyList<MeetingTrigger>> GetPermittedTriggersAsync(MeetingId meetingId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var meeting = await GetMeetingAsync(meetingId, cancellationToken).ConfigureAwait(false);
        var committee = await GetAsync(meeting.CommitteeId, cancellationToken).ConfigureAwait(false);
        var target = CommitteeAccess.TargetOf(meeting.Id, committee);
        return [.. _workflow.Permitted(meeting, committee.AsOf(meeting.Date).Director?.MemberId == actor.Id)
            .Where(t => _access.Decide(actor, CommitteeAccess.MeetingWorkflowName, CommitteeAccess.TriggerName(t), target).IsAllowed)];
    }

    /// <summary>Answers "what may this actor do to this committee": the membership triggers the access policy allows (<see cref="CommitteeAccess.CommitteeTriggerNames"/> but <see cref="CommitteeAccess.FormTrigger"/>, as it exists). Records nothing.</summary>
    /// <param name="committeeId">The committee.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The trigger names, in <see cref="CommitteeAccess.CommitteeTriggerNames"/> order.</returns>
    /// <exception cref="CommitteeNotFoundException">The committee does not exist.</exception>
    public async Task<IReadOnlyList<string>> GetPermittedTriggersAsync(CommitteeId committeeId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var committee = await GetAsync(committeeId, cancellationToken).ConfigureAwait(false);
        return [.. _access.Permitted(actor, CommitteeAccess.CommitteeWorkflowName, CommitteeAccess.TargetOf(committee)).Where(t => t != CommitteeAccess.FormTrigger)];
    }

    private List<string> InputProblems(Meeting meeting, Committee committee, MeetingCommand command)
    {
        var problems = new List<string>();
        void OpenItem(int number)
        {
            if (number < 1 || number > meeting.Agenda.Length)
            {
                problems.Add($"Agenda item {number} does not exist; the agenda has {meeting.Agenda.Length}.");
            }
            else if (meeting.Agenda[number - 1].Outcome != AgendaItemOutcome.Open)
            {
                problems.Add($"Agenda item {number} is {meeting.Agenda[number - 1].Outcome} already.");
            }
        }

        void Vote(ItemVote? vote, bool mustCarry)
        {
            if (vote is null)
            {
                return;
            }

            if (vote.For < 0 || vote.Against < 0 || vote.Abstain < 0 || checked(vote.For + vote.Against + vote.Abstain) > meeting.MembersPresent)
            {
                problems.Add($"A vote counts at most the {meeting.MembersPresent} members present, none negative.");
            }
            else if (mustCarry != (vote.For > vote.Against))
            {
                problems.Add(mustCarry ? "The vote did not carry (for ≤ against): record it as rejected." : "The vote carried (for > against): record it as decided.");
            }
        }

        bool NeedsReason() => command is DeferItem or RejectItem or CancelMeeting;
        if (NeedsReason() && string.IsNullOrWhiteSpace(command.Reason))
        {
            problems.Add($"{command.Trigger} needs a reason.");
        }

        switch (command)
        {
            case ConveneMeeting c:
                if (c.AttendeeIds is null || c.AttendeeIds.Any(a => !ValidId(a)))
                {
                    problems.Add("Attendance must list ids.");
                }
                else
                {
                    var unknown = c.AttendeeIds.Where(a => !meeting.Invitees.Any(i => i.Id == a)).ToList();
                    if (unknown.Count > 0)
                    {
                        problems.Add($"Not invited: {string.Join(", ", unknown)}.");
                    }
                }

                break;
            case DecideItem d:
                OpenItem(d.ItemNumber);
                if (string.IsNullOrWhiteSpace(d.DecisionText) || d.DecisionText.Length > MaxLongText)
                {
                    problems.Add($"The decision text must be 1–{MaxLongText} characters.");
                }

                Vote(d.Vote, mustCarry: true);
                foreach (var f in d.FollowUps ?? [])
                {
                    if (f is null || string.IsNullOrWhiteSpace(f.Title) || f.Title.Length > MaxText || f.Description is null || f.Description.Length > MaxLongText || !Enum.IsDefined(f.Kind))
                    {
                        problems.Add($"Every follow-up needs a kind, a title of 1–{MaxText} characters and a description.");
                        continue;
                    }

                    if (f.AmountYuan is { } amount && !ValidYuan(amount))
                    {
                        problems.Add($"'{f.Title}': an amount must be positive yuan with at most two decimals.");
                    }

                    if (f.Kind == FollowUpKind.Problem
                        && (string.IsNullOrWhiteSpace(f.IssueCategory) || f.PlaceCode is null || !_territory.IsLoaded || !_territory.Current.Contains(f.PlaceCode)))
                    {
                        problems.Add($"'{f.Title}': a problem needs an issue category and a place in the grid hierarchy.");
                    }
                }

                break;
            case DeferItem f:
                OpenItem(f.ItemNumber);
                break;
            case RejectItem r:
                OpenItem(r.ItemNumber);
                Vote(r.Vote, mustCarry: false);
                break;
            case ConcludeMeeting c when string.IsNullOrWhiteSpace(c.Minutes) || c.Minutes.Length > MaxLongText:
                problems.Add($"The minutes must be 1–{MaxLongText} characters.");
                break;
            case ClaimPledge p:
                var action = meeting.FollowUps.FirstOrDefault(a => a.Number == p.ActionNumber);
                if (action is null || action.Kind != FollowUpKind.Pledge)
                {
                    problems.Add($"Action {p.ActionNumber} is not a pledge of this meeting.");
                }
                else if (meeting.ClaimOf(p.ActionNumber) is { } claim)
                {
                    problems.Add($"Pledge {p.ActionNumber} was claimed by '{claim.ClaimantId}' already.");
                }

                if (!ValidId(p.ClaimantId) || string.IsNullOrWhiteSpace(p.ClaimantName))
                {
                    problems.Add("The claimant needs an id and a name.");
                }
                else if (!committee.IsMemberOn(p.ClaimantId, Today))
                {
                    problems.Add($"'{p.ClaimantId}' is not a member unit of the committee today; only members claim pledges.");
                }

                if (p.AmountYuan is { } yuan && !ValidYuan(yuan))
                {
                    problems.Add("The amount must be positive yuan with at most two decimals.");
                }

                break;
        }

        return problems;
    }

    private CommitteeEvent SecretaryEvent(Committee committee, RecordPartySecretary s)
    {
        if (!ValidId(s.SecretaryId) || string.IsNullOrWhiteSpace(s.SecretaryName) || s.SecretaryName.Length > MaxText)
        {
            throw Refuse(CommitteeRejectedException.InvalidCommandCode, committee.Id, "The party secretary needs an id (no white space) and a name.");
        }

        return new PartySecretaryRecorded(s.SecretaryId, s.SecretaryName, s.Since) { CommitteeId = committee.Id };
    }

    private CommitteeEvent[] AppointmentEvents(Committee committee, AppointMembers command)
    {
        if (command.Appointments is not { Count: > 0 })
        {
            throw Refuse(CommitteeRejectedException.InvalidCommandCode, committee.Id, "Appoint at least one member.");
        }

        var events = new CommitteeEvent[command.Appointments.Count];
        var working = committee;
        for (var i = 0; i < events.Length; i++)
        {
            var a = command.Appointments[i];
            if (a is null || !ValidId(a.MemberId) || string.IsNullOrWhiteSpace(a.MemberName) || a.MemberName.Length > MaxText || !Enum.IsDefined(a.Kind) || !Enum.IsDefined(a.Position))
            {
                throw Refuse(CommitteeRejectedException.InvalidCommandCode, committee.Id, "Every appointment needs a member id (no white space), a name, a kind and a position.");
            }

            if (a.Category is null || !_categories.Contains(a.Category))
            {
                throw Refuse(CommitteeRejectedException.UnknownCategoryCode, committee.Id, $"Category '{a.Category}' is not one of CommitteeOptions.Categories.");
            }

            var same = working.Appointments.FirstOrDefault(x => x.MemberId == a.MemberId && x.Category == a.Category && x.Overlaps(a.Start, null));
            if (same is not null)
            {
                throw Refuse(
                    CommitteeRejectedException.DuplicateMembershipCode,
                    committee.Id,
                    $"'{a.MemberId}' already serves as '{a.Category}' from {same.Start}{(same.End is { } e ? " to " + e : string.Empty)}; a member counts once per category.");
            }

            if (a.Position == CommitteePosition.Director
                && working.Appointments.FirstOrDefault(x => x.Position == CommitteePosition.Director && x.Overlaps(a.Start, null)) is { } director)
            {
                throw Refuse(CommitteeRejectedException.DirectorTakenCode, committee.Id, $"'{director.MemberId}' is director from {director.Start}; end that appointment first.");
            }

            var number = checked(working.Appointments.Length + 1);
            var appointed = new CommitteeMemberAppointed(number, a.MemberId, a.MemberName, a.Kind, a.Category, a.Position, a.Start) { CommitteeId = committee.Id };
            events[i] = appointed;
            working = working.Apply(appointed);
        }

        return events;
    }

    private static CommitteeEvent EndEvent(Committee committee, EndMembership x)
    {
        var open = committee.Appointments.LastOrDefault(a => a.MemberId == x.MemberId && a.Category == x.Category && a.End is null);
        if (open is null)
        {
            throw Refuse(CommitteeRejectedException.NoSuchMembershipCode, committee.Id, $"'{x.MemberId}' holds no open appointment as '{x.Category}'.");
        }

        if (x.End <= open.Start)
        {
            throw Refuse(CommitteeRejectedException.InvalidCommandCode, committee.Id, $"The end ({x.End}) must be after the start ({open.Start}).");
        }

        return new CommitteeMembershipEnded(open.Number, x.End) { CommitteeId = committee.Id };
    }

    private async Task<CommitteeCommandResult> AppendCommitteeAsync(Committee? before, CommitteeCommand command, CommitteeEvent[] events, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = new EventMetadata(command.Actor, _clock.GetCurrentInstant(), command.Reason, MeetingWorkflow.DefinitionVersion);
        var expected = before?.Version ?? 0;
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(command.CommitteeId.StreamId, expected, [.. events.Select(e => new EventData(e, metadata))], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            if (before is null)
            {
                throw Refuse(CommitteeRejectedException.AlreadyExistsCode, command.CommitteeId, $"Committee '{command.CommitteeId}' exists already.");
            }

            throw new WorkflowConcurrencyException(command.CommitteeId.Value, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }

        var after = before;
        foreach (var e in events)
        {
            after = after is null ? Committee.Start((CommitteeFormed)e) : after.Apply(e);
        }

        await ProjectAsync(appended).ConfigureAwait(false);
        return new CommitteeCommandResult(after!, appended.Events);
    }

    private async Task<MeetingCommandResult> AppendMeetingAsync(Meeting? before, MeetingId id, MeetingEvent[] events, Actor actor, string? reason, IReadOnlyList<Issue> reported, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = new EventMetadata(actor, _clock.GetCurrentInstant(), reason, MeetingWorkflow.DefinitionVersion);
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(id.StreamId, before?.Version ?? 0, [.. events.Select(e => new EventData(e, metadata))], CancellationToken.None).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            throw new WorkflowConcurrencyException(id.Value, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }

        var after = before;
        foreach (var e in events)
        {
            after = after is null ? Meeting.Start((MeetingScheduled)e) : after.Apply(e, metadata);
        }

        await ProjectAsync(appended).ConfigureAwait(false);
        return new MeetingCommandResult(after!, appended.Events, reported);
    }

    private async Task ProjectAsync(AppendResult appended)
    {
        foreach (var recorded in appended.Events)
        {
            _readModel.Apply(recorded);
        }

        if (_readModel.HasGap)
        {
            await _readModel.CatchUpAsync(_store, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<Committee?> LoadCommitteeAsync(CommitteeId id, CancellationToken cancellationToken)
        => Committee.Fold(await _store.ReadStreamAsync(id.StreamId, cancellationToken).ConfigureAwait(false));

    private static bool ValidId(string? id) => !string.IsNullOrEmpty(id) && id.Length <= 64 && !id.Any(char.IsWhiteSpace) && !id.Any(char.IsControl);

    private static bool ValidYuan(decimal amount) => amount > 0m && amount == Math.Round(amount, 2) && amount <= 1_000_000_000_000m;

    private static void CheckText(CommitteeId id, string? text, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            throw Refuse(CommitteeRejectedException.InvalidCommandCode, id, $"{name} must be 1–{max} characters.");
        }
    }

    private static CommitteeRejectedException Refuse(string code, CommitteeId id, string message) => new(code, id, message);

    private static WorkflowRejectedException Reject(Meeting meeting, MeetingCommand command, string code, string message)
        => new(code, message, meeting.Id.Value, meeting.State.ToString(), command.Trigger.ToString(), []);
}

/// <summary>The outcome of a committee command.</summary>
/// <param name="Committee">The committee after the command.</param>
/// <param name="Events">The events the command recorded.</param>
public sealed record CommitteeCommandResult(Committee Committee, IReadOnlyList<RecordedEvent> Events);

/// <summary>The outcome of a meeting command.</summary>
/// <param name="Meeting">The meeting after the command.</param>
/// <param name="Events">The events the command recorded.</param>
/// <param name="ReportedIssues">The problems a decision reported into the lifecycle; empty otherwise.</param>
public sealed record MeetingCommandResult(Meeting Meeting, IReadOnlyList<RecordedEvent> Events, IReadOnlyList<Issue> ReportedIssues);
