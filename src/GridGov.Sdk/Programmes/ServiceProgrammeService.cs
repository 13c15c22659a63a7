using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Programmes;

/// <summary>
/// Runs service programmes (阳光早餐-style): set-up, donations, the provider's choice against criteria, enrolment,
/// deliveries paid from the ledger, closing; and the forecast of how long the money lasts. Every command names its
/// actor and is an event; the access policy is checked before anything else (workflow <c>programme</c>).
/// </summary>
/// <remarks>Thread-safe. Commands on one programme are serialized by optimistic concurrency.</remarks>
public sealed partial class ServiceProgrammeService
{
    /// <summary>The workflow's name in the access policy and the events.</summary>
    public const string WorkflowName = "programme";

    /// <summary>The access-policy trigger name of <see cref="StartAsync"/>.</summary>
    public const string StartTrigger = "Start";

    /// <summary>Guard of <see cref="ServiceProgrammeTrigger.Deliver"/>: the balance pays for the delivery.</summary>
    public const string BalanceGuard = "the balance pays for the delivery";

    private const int MaxText = 200;

    private readonly WorkflowRunner<ServiceProgramme, ServiceProgrammeState, ServiceProgrammeTrigger, ServiceProgrammeEvent, ProgrammeFacts> _runner;
    private readonly GridHierarchyHolder _territory;
    private readonly GridScopedValues<int> _warningDays;
    private readonly ServiceProgrammeOptions _options;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy.</param>
    /// <param name="options">The programmes' options.</param>
    /// <param name="gridGovOptions">The time zone.</param>
    /// <param name="hooks">Hooks around each transition; optional.</param>
    /// <param name="accessPolicy">The access policy; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="logger">The logger; optional.</param>
    public ServiceProgrammeService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        IOptions<ServiceProgrammeOptions> options,
        IOptions<GridGovOptions> gridGovOptions,
        IEnumerable<ITransitionHook<WorkflowTransitionContext<ServiceProgramme, ServiceProgrammeTrigger, ServiceProgrammeEvent>>>? hooks = null,
        AccessPolicy? accessPolicy = null,
        ILogger<ServiceProgrammeService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        _territory = territory;
        _options = options.Value;
        _warningDays = _options.ScopedFundingWarningDays();
        _zone = gridGovOptions.Value.TimeZone;
        var model = new WorkflowAggregateModel<ServiceProgramme, ServiceProgrammeEvent>
        {
            StreamIdOf = StreamIdOf,
            Fold = ServiceProgramme.Fold,
            TargetOf = p => new AccessTarget(p.Id, p.PlaceCode),
            CreateTrigger = StartTrigger,
        };
        _runner = new(Definition, model, store, clock, territory, accessPolicy, logger ?? (ILogger)NullLogger.Instance, hooks);
    }

    /// <summary>Gets the lifecycle definition (export it with <c>ToMermaidGraph()</c>).</summary>
    public static WorkflowDefinition<ServiceProgrammeState, ServiceProgrammeTrigger, ProgrammeFacts> Definition { get; } = new(WorkflowName, 1, Configure);

    /// <summary>Sets up a programme.</summary>
    /// <param name="command">The set-up.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The new programme.</returns>
    /// <exception cref="AccessDeniedException">The actor may not set up a programme there; nothing changed but the security log.</exception>
    /// <exception cref="ServiceProgrammeException">The input is invalid (<c>programme.invalid</c>); nothing changed.</exception>
    public async Task<WorkflowCommandResult<ServiceProgramme>> StartAsync(StartServiceProgramme command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        Text(command.ProgrammeId, "ProgrammeId", problems);
        Text(command.Name, "Name", problems);
        if (command.PlaceCode is null || !_territory.IsLoaded || !_territory.Current.Contains(command.PlaceCode))
        {
            problems.Add($"Place '{command.PlaceCode}' is not in the grid hierarchy.");
        }

        if (command.EligibleCategories is not { Count: > 0 } categories || categories.Any(c => !Enum.IsDefined(c)))
        {
            problems.Add("At least one defined beneficiary category is needed.");
        }

        if (command.Schedule is not { Days.Count: > 0 } schedule || schedule.Days.Any(d => d is < IsoDayOfWeek.Monday or > IsoDayOfWeek.Sunday))
        {
            problems.Add("The schedule needs at least one day of the week.");
        }

        if (command.ProviderCriteria is null || command.ProviderCriteria.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > MaxText) || command.ProviderCriteria.Distinct(StringComparer.Ordinal).Count() != command.ProviderCriteria.Count)
        {
            problems.Add($"Provider criteria must be distinct texts of 1–{MaxText} characters.");
        }

        var id = command.ProgrammeId;
        ThrowIfAny(problems, string.IsNullOrEmpty(id) ? "(new)" : id);
        var started = new ServiceProgrammeStarted(command.Name, command.PlaceCode!, [.. command.EligibleCategories!.Distinct()], command.Schedule!, [.. command.ProviderCriteria!])
        {
            ProgrammeId = id,
        };
        return await _runner.CreateAsync(id, started, new AccessTarget(id, command.PlaceCode), command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Receives a donation.</summary>
    /// <param name="command">The donation.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it.</returns>
    /// <exception cref="ServiceProgrammeException">The amount is not positive or the donor is missing; nothing changed.</exception>
    /// <exception cref="WorkflowRejectedException">The programme is closed.</exception>
    public Task<WorkflowCommandResult<ServiceProgramme>> DonateAsync(DonateToProgramme command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        Text(command.DonorId, "DonorId", problems);
        Text(command.DonorName, "DonorName", problems);
        if (command.Amount <= 0m || decimal.Round(command.Amount, 2) != command.Amount)
        {
            problems.Add("A donation is a positive amount of yuan with at most two decimals (分).");
        }

        ThrowIfAny(problems, command.ProgrammeId);
        return Fire(command, ServiceProgrammeTrigger.Donate, _ => default, (p, _, now) => new ProgrammeDonationReceived(command.DonorId, command.DonorName, command.Amount, command.ReceivedOn ?? Today(now)) { ProgrammeId = p.Id }, cancellationToken);
    }

    /// <summary>Chooses the provider: every criterion of the programme must come with evidence.</summary>
    /// <param name="command">The choice.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it (running).</returns>
    /// <exception cref="ServiceProgrammeException"><c>programme.provider-criteria-unmet</c> when a criterion lacks evidence; <c>programme.invalid</c> for other bad input; nothing changed.</exception>
    public Task<WorkflowCommandResult<ServiceProgramme>> ChooseProviderAsync(ChooseProgrammeProvider command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        Text(command.ProviderName, "ProviderName", problems);
        if (command.UnitPrice <= 0m || decimal.Round(command.UnitPrice, 2) != command.UnitPrice)
        {
            problems.Add("The unit price is a positive amount of yuan with at most two decimals.");
        }

        ThrowIfAny(problems, command.ProgrammeId);
        return Fire(command, ServiceProgrammeTrigger.ChooseProvider, _ => default, (p, _, _) =>
        {
            var evidence = command.Evidence ?? new Dictionary<string, string>();
            var unmet = p.ProviderCriteria.Where(c => !evidence.TryGetValue(c, out var e) || string.IsNullOrWhiteSpace(e)).ToList();
            if (unmet.Count > 0)
            {
                throw new ServiceProgrammeException(ServiceProgrammeException.CriteriaUnmetCode, p.Id, $"Provider '{command.ProviderName}' lacks evidence for: {string.Join("; ", unmet)}.");
            }

            return new ProgrammeProviderChosen(command.ProviderName, command.UnitPrice, [.. p.ProviderCriteria.Select(c => new ProviderCriterionEvidence(c, evidence[c]))]) { ProgrammeId = p.Id };
        }, cancellationToken);
    }

    /// <summary>Enrols a beneficiary of an eligible category.</summary>
    /// <param name="command">The enrolment.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it.</returns>
    /// <exception cref="ServiceProgrammeException"><c>programme.ineligible</c> for a category the programme does not serve; <c>programme.already-enrolled</c>; nothing changed.</exception>
    public Task<WorkflowCommandResult<ServiceProgramme>> EnrolAsync(EnrolBeneficiary command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var problems = new List<string>();
        Text(command.BeneficiaryId, "BeneficiaryId", problems);
        ThrowIfAny(problems, command.ProgrammeId);
        return Fire(command, ServiceProgrammeTrigger.Enrol, _ => default, (p, _, now) =>
        {
            if (!p.EligibleCategories.Contains(command.Category))
            {
                throw new ServiceProgrammeException(ServiceProgrammeException.IneligibleCode, p.Id, $"'{p.Name}' serves {string.Join(", ", p.EligibleCategories)}, not {command.Category}.");
            }

            if (p.Beneficiaries.ContainsKey(command.BeneficiaryId))
            {
                throw new ServiceProgrammeException(ServiceProgrammeException.AlreadyEnrolledCode, p.Id, $"Beneficiary '{command.BeneficiaryId}' is enrolled already.");
            }

            return new ProgrammeBeneficiaryEnrolled(command.BeneficiaryId, command.Category, command.EnrolledOn ?? Today(now)) { ProgrammeId = p.Id };
        }, cancellationToken);
    }

    /// <summary>A beneficiary leaves.</summary>
    /// <param name="command">The departure.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it.</returns>
    /// <exception cref="ServiceProgrammeException"><c>programme.not-enrolled</c>; nothing changed.</exception>
    public Task<WorkflowCommandResult<ServiceProgramme>> LeaveAsync(BeneficiaryLeaves command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Fire(command, ServiceProgrammeTrigger.Leave, _ => default, (p, _, now) => p.Beneficiaries.ContainsKey(command.BeneficiaryId)
            ? new ProgrammeBeneficiaryLeft(command.BeneficiaryId, command.LeftOn ?? Today(now)) { ProgrammeId = p.Id }
            : throw new ServiceProgrammeException(ServiceProgrammeException.NotEnrolledCode, p.Id, $"Beneficiary '{command.BeneficiaryId}' is not enrolled."), cancellationToken);
    }

    /// <summary>Records a scheduled service delivered to <see cref="RecordDelivery.Served"/> beneficiaries and pays it from the ledger.</summary>
    /// <param name="command">The delivery.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it.</returns>
    /// <exception cref="WorkflowRejectedException">No provider yet, closed, or the balance cannot pay (guard <see cref="BalanceGuard"/>); nothing changed.</exception>
    /// <exception cref="ServiceProgrammeException">Not a scheduled day, already delivered, in the future, or more served than enrolled; nothing changed.</exception>
    public Task<WorkflowCommandResult<ServiceProgramme>> RecordDeliveryAsync(RecordDelivery command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Served < 1)
        {
            throw new ServiceProgrammeException(ServiceProgrammeException.InvalidCode, command.ProgrammeId, "A delivery serves at least one beneficiary.");
        }

        return Fire(command, ServiceProgrammeTrigger.Deliver, p => new ProgrammeFacts(CostOf(p, command.Served)), (p, _, now) =>
        {
            var problems = new List<string>();
            if (!p.Schedule.ServesOn(command.ServedOn))
            {
                problems.Add($"{command.ServedOn:uuuu-MM-dd} ({command.ServedOn.DayOfWeek}) is not a scheduled day.");
            }

            if (p.DeliveredOn.Contains(command.ServedOn))
            {
                problems.Add($"The service of {command.ServedOn:uuuu-MM-dd} is recorded already.");
            }

            if (command.ServedOn.At(p.Schedule.At).InZoneLeniently(_zone).ToInstant() > now)
            {
                problems.Add($"The service of {command.ServedOn:uuuu-MM-dd} at {p.Schedule.At:HH:mm} has not happened yet.");
            }

            if (command.Served > p.Beneficiaries.Count)
            {
                problems.Add($"{command.Served} served but only {p.Beneficiaries.Count} enrolled.");
            }

            ThrowIfAny(problems, p.Id);
            return new ProgrammeServiceDelivered(command.ServedOn, command.Served, CostOf(p, command.Served)) { ProgrammeId = p.Id };
        }, cancellationToken);
    }

    /// <summary>Closes the programme.</summary>
    /// <param name="command">The closing.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The programme after it.</returns>
    public Task<WorkflowCommandResult<ServiceProgramme>> CloseAsync(CloseServiceProgramme command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Fire(command, ServiceProgrammeTrigger.Close, _ => default, (p, _, _) => new ServiceProgrammeClosed { ProgrammeId = p.Id }, cancellationToken);
    }

    /// <summary>Gets a programme.</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The programme.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">It does not exist.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<ServiceProgramme> GetAsync(string programmeId, CancellationToken cancellationToken = default)
        => await _runner.GetAsync(programmeId, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Forecasts the programme's funding from today (in the district's zone) at today's enrolment and price, with the
    /// warning window of <see cref="ServiceProgrammeOptions.FundingWarningDays"/> (or of the programme's subtree, <see cref="ServiceProgrammeOptions.FundingWarningDaysBySubtree"/>).
    /// </summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The forecast.</returns>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<ProgrammeForecast> ForecastAsync(string programmeId, CancellationToken cancellationToken = default)
    {
        var programme = await GetAsync(programmeId, cancellationToken).ConfigureAwait(false);
        // The window of the programme's subtree (the nearest override above its place), else the deployment's.
        var days = _territory.IsLoaded && _territory.Current.TryGetNode(programme.PlaceCode, out var place) ? _warningDays.Resolve(place) : _options.FundingWarningDays;
        return programme.Forecast(Today(_runner.Clock.GetCurrentInstant()), days);
    }

    /// <summary>Answers "what may this actor do to this programme now": what the access policy allows here and the lifecycle permits.</summary>
    /// <param name="programmeId">The programme.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers, in enum order (a delivery counted for every enrolled beneficiary).</returns>
    public async Task<IReadOnlyList<ServiceProgrammeTrigger>> GetPermittedTriggersAsync(string programmeId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var programme = await GetAsync(programmeId, cancellationToken).ConfigureAwait(false);
        return _runner.Permitted(programme, actor, new ProgrammeFacts(programme.CostPerService, programme.Balance));
    }

    /// <summary>Adds the programmes' default rules to an access policy: the community secretary and committee members run a programme in their subtree; unit staff and party members donate where they may act; street cadres and district administrators anywhere in their scope.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const ActorRoles runners = ActorRoles.CommunitySecretary | ActorRoles.CommitteeMember | ActorRoles.StreetCadre | ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration;
        builder.Allow(WorkflowName, StartTrigger, runners, AccessScopeRule.Place);
        foreach (var trigger in Enum.GetValues<ServiceProgrammeTrigger>())
        {
            var roles = trigger switch
            {
                ServiceProgrammeTrigger.Donate => runners | ActorRoles.UnitStaff | ActorRoles.PartyMember,
                ServiceProgrammeTrigger.Deliver => runners | ActorRoles.GridWorker,
                _ => runners,
            };
            builder.Allow(WorkflowName, trigger.ToString(), roles, AccessScopeRule.Place);
        }

        return builder;
    }

    internal static string StreamIdOf(string programmeId) => "programme-" + programmeId;

    private static decimal CostOf(ServiceProgramme p, int served) => (p.Provider?.UnitPrice ?? 0m) * served;

    private static void Configure(StateMachine<ServiceProgrammeState, ServiceProgrammeTrigger> machine, Func<ProgrammeFacts> facts)
    {
        machine.Configure(ServiceProgrammeState.Planned)
            .PermitReentry(ServiceProgrammeTrigger.Donate)
            .PermitReentry(ServiceProgrammeTrigger.Enrol)
            .PermitReentry(ServiceProgrammeTrigger.Leave)
            .Permit(ServiceProgrammeTrigger.ChooseProvider, ServiceProgrammeState.Running)
            .Permit(ServiceProgrammeTrigger.Close, ServiceProgrammeState.Closed);
        machine.Configure(ServiceProgrammeState.Running)
            .PermitReentry(ServiceProgrammeTrigger.Donate)
            .PermitReentry(ServiceProgrammeTrigger.Enrol)
            .PermitReentry(ServiceProgrammeTrigger.Leave)
            .PermitReentry(ServiceProgrammeTrigger.ChooseProvider)
            .PermitReentryIf(ServiceProgrammeTrigger.Deliver, () => facts().Cost <= facts().Balance, BalanceGuard)
            .Permit(ServiceProgrammeTrigger.Close, ServiceProgrammeState.Closed);
    }

    private LocalDate Today(Instant now) => now.InZone(_zone).Date;

    private Task<WorkflowCommandResult<ServiceProgramme>> Fire(ServiceProgrammeCommand command, ServiceProgrammeTrigger trigger, Func<ServiceProgramme, ProgrammeFacts> facts, Func<ServiceProgramme, ServiceProgrammeState, Instant, ServiceProgrammeEvent> build, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command.Actor);
        return _runner.FireAsync(command.ProgrammeId, trigger, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, p => facts(p) with { Balance = p.Balance }, build, cancellationToken);
    }

    private static void Text(string? value, string name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxText)
        {
            problems.Add($"{name} must be 1–{MaxText} characters.");
        }
    }

    private static void ThrowIfAny(List<string> problems, string programmeId)
    {
        if (problems.Count > 0)
        {
            throw new ServiceProgrammeException(ServiceProgrammeException.InvalidCode, programmeId, string.Join(" ", problems));
        }
    }
}

/// <summary>What the programme lifecycle's guards look at: the cost of the delivery asked for and the balance.</summary>
/// <param name="Cost">The delivery's cost in yuan (zero for other commands).</param>
/// <param name="Balance">The programme's balance.</param>
public readonly record struct ProgrammeFacts(decimal Cost, decimal Balance = 0m);
