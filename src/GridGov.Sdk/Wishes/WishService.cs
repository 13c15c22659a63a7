using System.Security.Cryptography;
using System.Text;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;

namespace GridGov.Sdk.Wishes;

/// <summary>A hook around every small-wish transition (post included): runs before the commit (may veto) and after it.</summary>
public interface IWishHook : ITransitionHook<WorkflowTransitionContext<Wish, WishTrigger, WishEvent>>;

/// <summary>
/// Runs small wishes (小微心愿) on the shared workflow machinery (ADR 0023, 0024): posts them (the
/// resident's contact into the personal-data vault), executes the review, claim, fulfilment and
/// confirmation commands, answers "what may this actor do here", and lets overdue claims lapse. Every
/// change is an event with actor, instant, reason and definition version; <see cref="ReadModel"/> is
/// told of each one.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Commands on one wish are serialized by the store's optimistic concurrency: of two
/// claimers racing for a wish, one wins and the other gets a <see cref="WorkflowConcurrencyException"/>
/// (or <see cref="WishRejectedException.ClaimActiveCode"/> once it has seen the claim).</para>
/// <para>Input is checked before anything is recorded; the access policy before the lifecycle's guards.</para>
/// </remarks>
public sealed partial class WishService
{
    private const int MaxDescriptionLength = 2000;
    private const int MaxNoteLength = 500;
    private const int MaxEvidenceItems = 20;
    private const int MaxEvidenceLength = 1000;
    private const decimal MaxEstimatedValue = 100_000m;

    private readonly GridHierarchyHolder _territory;
    private readonly IClock _clock;
    private readonly GridScopedValues<Duration> _claimLimits;
    private readonly IPersonalDataVault? _personalData;
    private readonly WorkflowRunner<Wish, WishState, WishTrigger, WishEvent, WishFacts> _runner;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy wishes are placed in.</param>
    /// <param name="readModel">The read model told of every recorded event.</param>
    /// <param name="options">The claim time limits.</param>
    /// <param name="hooks">The integrator's hooks (<see cref="IWishHook"/> or any <c>ITransitionHook</c> of this lifecycle), in order.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    /// <param name="personalData">The vault that keeps residents' contacts; needed only for wishes that carry one.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public WishService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        WishReadModel readModel,
        IOptions<WishOptions> options,
        IEnumerable<ITransitionHook<WorkflowTransitionContext<Wish, WishTrigger, WishEvent>>> hooks,
        ILogger<WishService>? logger = null,
        AccessPolicy? accessPolicy = null,
        IPersonalDataVault? personalData = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hooks);
        var problems = options.Value.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _territory = territory;
        _clock = clock;
        _claimLimits = options.Value.ScopedClaimTimeLimits();
        _personalData = personalData;
        ReadModel = readModel;
        var model = new WorkflowAggregateModel<Wish, WishEvent>
        {
            StreamIdOf = Wish.StreamIdOf,
            Fold = Wish.Fold,
            TargetOf = WishAccess.TargetOf,
            CreateTrigger = WishAccess.PostTrigger,
            Recorded = readModel.Apply,
        };
        _runner = new(WishWorkflow.Definition, model, store, clock, territory, accessPolicy, logger ?? (ILogger)NullLogger<WishService>.Instance, hooks);
    }

    /// <summary>Gets the read model this service keeps up to date (statistics, claims by claimant, claims due).</summary>
    public WishReadModel ReadModel { get; }

    /// <summary>Posts a wish for review.</summary>
    /// <param name="command">The wish.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The new wish and its event (or the existing one, for a repeated idempotency key).</returns>
    /// <exception cref="WishRejectedException">The input is invalid (<see cref="WishRejectedException.InvalidCommandCode"/>); nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The actor may not post it there (or for that resident); nothing changed but the security log.</exception>
    /// <exception cref="WorkflowConcurrencyException">A wish with that id exists already.</exception>
    /// <exception cref="WorkflowVetoedException">A hook vetoed it; nothing changed.</exception>
    public async Task<WorkflowCommandResult<Wish>> PostAsync(PostWish command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.WishId ?? (command.IdempotencyKey is { } key ? FromKey(key) : "w" + Guid.NewGuid().ToString("N"));
        var problems = new List<string>();
        if (command.Actor is null)
        {
            problems.Add("The command must name its actor.");
        }

        if (!GridHierarchyBuilder.IsValidText(id, GridHierarchyBuilder.MaxCodeLength))
        {
            problems.Add("The wish id must be 1–64 characters.");
        }

        CheckCategory(command.Category, problems);
        CheckText(command.Description, MaxDescriptionLength, "Description", problems);
        CheckValue(command.EstimatedValue, problems);
        if (!GridHierarchyBuilder.IsValidText(command.ResidentId, GridHierarchyBuilder.MaxCodeLength))
        {
            problems.Add("The resident id must be 1–64 characters.");
        }

        if (command.PlaceCode is null || !_territory.Current.TryGetNode(command.PlaceCode, out var place))
        {
            problems.Add($"Place '{command.PlaceCode}' is not in the grid hierarchy.");
        }
        else if (place.IsRetired)
        {
            problems.Add($"Place '{command.PlaceCode}' is retired.");
        }

        if (command.ResidentContact is { } given && (given.IsEmpty || _personalData is null))
        {
            problems.Add(given.IsEmpty ? "The resident contact has no name, phone or address; leave it null instead." : "A resident contact needs a personal-data vault (IPersonalDataVault), and none is configured.");
        }

        if (problems.Count > 0)
        {
            throw new WishRejectedException(WishRejectedException.InvalidCommandCode, id, string.Join(" ", problems));
        }

        var target = new AccessTarget(id, command.PlaceCode, null, command.ResidentId);
        // Personal data goes to the vault; the event carries only the reference (ADR 0016).
        var contact = command.ResidentContact is { } c ? await _personalData!.StoreAsync(c, command.PlaceCode, cancellationToken).ConfigureAwait(false) : (PersonalDataRef?)null;
        var kept = false;
        try
        {
            var result = await _runner.CreateAsync(id, Posted(id, command, contact), target, command.Actor!, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
            kept = !result.WasDuplicate;
            return result;
        }
        finally
        {
            if (contact is { } unused && !kept)
            {
                // No event refers to it: a refused or duplicate post leaves no personal data behind.
                await _personalData!.DiscardAsync(unused, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Executes a command on an existing wish.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The wish after the command and its event (none for a repeated idempotency key).</returns>
    /// <exception cref="WishRejectedException">The input is invalid, or a claim meets an active claim (<see cref="WishRejectedException.ClaimActiveCode"/>); nothing changed.</exception>
    /// <exception cref="WishNotFoundException">The wish does not exist.</exception>
    /// <exception cref="AccessDeniedException">The access policy refuses the actor; nothing changed but the security log.</exception>
    /// <exception cref="WorkflowRejectedException">The trigger is not permitted in the wish's state, or a guard is unmet; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">The expected version is stale, or another command won the race.</exception>
    /// <exception cref="WorkflowVetoedException">A hook vetoed it; nothing changed.</exception>
    public async Task<WorkflowCommandResult<Wish>> ExecuteAsync(WishCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Validate(command);
        try
        {
            return await _runner.FireAsync(
                command.WishId,
                command.Trigger,
                command.Actor,
                command.Reason,
                command.IdempotencyKey,
                command.ExpectedVersion,
                Facts,
                (wish, to, at) => Build(command, wish, to, at),
                cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowRejectedException ex) when (command.Trigger == WishTrigger.Claim && ex.Code == WorkflowRejectedException.NotPermittedCode && ex.State is nameof(WishState.Claimed) or nameof(WishState.Fulfilled))
        {
            throw new WishRejectedException(WishRejectedException.ClaimActiveCode, command.WishId, $"Wish '{command.WishId}' has an active claim already; a wish has at most one.");
        }
        catch (WorkflowAggregateNotFoundException)
        {
            throw new WishNotFoundException(command.WishId);
        }
    }

    /// <summary>Lets every claim whose time limit has passed lapse, as <see cref="Actor.System"/>: the wishes are published again.</summary>
    /// <param name="cancellationToken">Cancels between wishes.</param>
    /// <returns>The ids of the wishes whose claims lapsed now (a wish fulfilled or lapsed meanwhile, here or on another node, is skipped).</returns>
    public async Task<IReadOnlyList<string>> ExpireClaimsAsync(CancellationToken cancellationToken = default)
    {
        var expired = new List<string>();
        foreach (var id in ReadModel.ClaimsDue(_clock.GetCurrentInstant()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await _runner.FireAsync(id, WishTrigger.ExpireClaim, Actor.System, "认领超时 / claim time limit passed", null, null, Facts, Expire, cancellationToken).ConfigureAwait(false);
                if (!result.WasDuplicate)
                {
                    expired.Add(id);
                }
            }
            catch (Exception ex) when (ex is WorkflowRejectedException or WorkflowConcurrencyException)
            {
                // Fulfilled, released or lapsed meanwhile: nothing to do.
            }
        }

        return expired;
    }

    /// <summary>Gets a wish.</summary>
    /// <param name="wishId">The wish.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The wish.</returns>
    /// <exception cref="WishNotFoundException">It does not exist.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Wish> GetAsync(string wishId, CancellationToken cancellationToken = default)
        => await FindAsync(wishId, cancellationToken).ConfigureAwait(false) ?? throw new WishNotFoundException(wishId);

    /// <summary>Finds a wish.</summary>
    /// <param name="wishId">The wish.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The wish, or null.</returns>
    public async Task<Wish?> FindAsync(string wishId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wishId);
        return await _runner.FindAsync(wishId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Answers "what may this actor do to this wish now": the triggers the access policy allows the actor here and the lifecycle permits now.</summary>
    /// <param name="wishId">The wish.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers, in enum order.</returns>
    /// <exception cref="WishNotFoundException">It does not exist.</exception>
    public async Task<IReadOnlyList<WishTrigger>> GetPermittedTriggersAsync(string wishId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var wish = await GetAsync(wishId, cancellationToken).ConfigureAwait(false);
        return _runner.Permitted(wish, actor, Facts(wish));
    }

    private static string FromKey(string key)
        => "wk" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0, 16);

    private static WishPosted Posted(string id, PostWish command, PersonalDataRef? contact)
        => new(command.Category, command.Description, command.EstimatedValue, command.PlaceCode, command.ResidentId)
        {
            WishId = id,
            From = WishState.Submitted,
            To = WishState.Submitted,
            ResidentContact = contact,
        };

    private static void Validate(WishCommand command)
    {
        var problems = new List<string>();
        if (command.Actor is null)
        {
            problems.Add("The command must name its actor.");
        }

        if (string.IsNullOrEmpty(command.WishId))
        {
            problems.Add("The command must name its wish.");
        }

        switch (command)
        {
            case RejectWish r:
                CheckText(r.Note, MaxNoteLength, "A rejection's note", problems);
                break;
            case RequestWishChanges c:
                CheckText(c.Note, MaxNoteLength, "The note on the changes", problems);
                break;
            case DisputeWish d:
                CheckText(d.Note, MaxNoteLength, "A dispute's note", problems);
                break;
            case ResubmitWish s:
                CheckText(s.Description, MaxDescriptionLength, "Description", problems);
                CheckValue(s.EstimatedValue, problems);
                if (s.Category is not null)
                {
                    CheckCategory(s.Category, problems);
                }

                break;
            case ClaimWish claim when !Enum.IsDefined(claim.Kind):
                problems.Add($"Claimant kind {(int)claim.Kind} is not defined.");
                break;
            case FulfilWish f:
                CheckText(f.Summary, MaxDescriptionLength, "The fulfilment's summary", problems);
                if (f.Evidence is null || f.Evidence.Count is 0 or > MaxEvidenceItems || f.Evidence.Any(e => string.IsNullOrWhiteSpace(e) || e.Length > MaxEvidenceLength))
                {
                    problems.Add($"A fulfilment needs 1–{MaxEvidenceItems} pieces of evidence (texts or links), each 1–{MaxEvidenceLength} characters.");
                }

                break;
        }

        if (problems.Count > 0)
        {
            throw new WishRejectedException(WishRejectedException.InvalidCommandCode, command.WishId ?? string.Empty, string.Join(" ", problems));
        }
    }

    private static void CheckText(string? text, int max, string what, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            problems.Add($"{what} must be 1–{max} characters.");
        }
    }

    private static void CheckCategory(string? category, List<string> problems)
    {
        if (!GridHierarchyBuilder.IsValidText(category, GridHierarchyBuilder.MaxCodeLength))
        {
            problems.Add("Category must be a code of 1–64 characters.");
        }
    }

    private static void CheckValue(decimal value, List<string> problems)
    {
        if (value is < 0m or > MaxEstimatedValue)
        {
            problems.Add($"The estimated value must be 0–{MaxEstimatedValue:0} yuan; it is {value}.");
        }
    }

    private static WishEvent Expire(Wish wish, WishState to, Instant at)
        => new WishClaimExpired(wish.Claim!.ClaimantId, wish.Claim.DueAt) { WishId = wish.Id, From = wish.State, To = to };

    private WishFacts Facts(Wish wish) => new(_clock.GetCurrentInstant(), wish.State == WishState.Claimed ? wish.Claim?.DueAt : null);

    private Duration ClaimLimitAt(string placeCode)
        => _territory.Current.TryGetNode(placeCode, out var node) ? _claimLimits.Resolve(node) : _claimLimits.Default;

    private WishEvent Build(WishCommand command, Wish wish, WishState to, Instant at)
    {
        var (id, from) = (wish.Id, wish.State);
        return command switch
        {
            ApproveWish => new WishApproved { WishId = id, From = from, To = to },
            RejectWish r => new WishRejected(r.Note) { WishId = id, From = from, To = to },
            RequestWishChanges c => new WishChangesRequested(c.Note) { WishId = id, From = from, To = to },
            ResubmitWish s => new WishResubmitted(s.Category ?? wish.Category, s.Description, s.EstimatedValue) { WishId = id, From = from, To = to },
            ClaimWish c => new WishClaimed(c.Actor.Id, c.Kind, at + ClaimLimitAt(wish.PlaceCode)) { WishId = id, From = from, To = to },
            ReleaseWishClaim => new WishClaimReleased(wish.Claim!.ClaimantId) { WishId = id, From = from, To = to },
            FulfilWish f => new WishFulfilled(wish.Claim!.ClaimantId, f.Summary, [.. f.Evidence]) { WishId = id, From = from, To = to },
            ConfirmWish => new WishConfirmed(wish.Claim!.ClaimantId) { WishId = id, From = from, To = to },
            DisputeWish d => new WishDisputed(wish.Claim!.ClaimantId, d.Note, at + ClaimLimitAt(wish.PlaceCode)) { WishId = id, From = from, To = to },
            _ => throw new ArgumentException($"Unknown wish command {command.GetType().Name}.", nameof(command)),
        };
    }
}
