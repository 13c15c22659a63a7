using System.Collections.Concurrent;
using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NodaTime;
using Stateless;

namespace GridGov.Sdk.Sharing;

/// <summary>
/// Venue and equipment booking (场地预约): party-service-centre rooms and units' venues lent free for activities.
/// Bookings are half-open intervals of local time in the configured zone (Asia/Shanghai by default), inside the
/// venue's opening hours for that weekday, and never overlap; a recurring booking (weekly dance practice) has
/// every occurrence checked and is made whole or not at all; a cancellation takes one occurrence or the rest of
/// the series. Commands run on the shared workflow machinery (access policy, idempotency keys, expected
/// versions, hooks, optimistic concurrency); venues are reloaded from their streams.
/// </summary>
/// <remarks>
/// Thread-safe: the commands and reads of one venue are serialized in this process, and the store's optimistic
/// concurrency serializes them across processes, so no interleaving can double-book a venue.
/// </remarks>
public sealed partial class VenueService
{
    /// <summary>The workflow's name, as the access policy and the events know it.</summary>
    public const string WorkflowName = "venue";

    /// <summary>The access-policy trigger name of registering a venue.</summary>
    public const string RegisterTrigger = "Register";

    private const ActorRoles Managers = SharingAccess.VenueManagers | ActorRoles.GridWorker | ActorRoles.SystemIntegration;

    private static readonly WorkflowDefinition<VenueState, VenueTrigger, Venue> Definition = new(WorkflowName, 1, Configure);

    private readonly WorkflowRunner<Venue, VenueState, VenueTrigger, VenueEvent, Venue> _runner;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly GridHierarchyHolder _territory;
    private readonly SharingOptions _options;
    private readonly DateTimeZone _zone;

    /// <summary>Creates the service. Usually resolved from DI after <c>AddGridGov()</c>.</summary>
    /// <param name="store">The event store.</param>
    /// <param name="clock">The clock.</param>
    /// <param name="territory">The grid hierarchy (places are checked against it when it is loaded).</param>
    /// <param name="readModel">The read model kept up to date with every commit.</param>
    /// <param name="options">The sharing rules.</param>
    /// <param name="gridGovOptions">The SDK settings (the time zone of local times).</param>
    /// <param name="hooks">Hooks around every venue transition.</param>
    /// <param name="logger">The logger; optional.</param>
    /// <param name="accessPolicy">Who may do what, where; <see cref="AccessPolicy.Default"/> when null.</param>
    public VenueService(
        IEventStore store,
        IClock clock,
        GridHierarchyHolder territory,
        VenueReadModel readModel,
        IOptions<SharingOptions> options,
        IOptions<GridGovOptions> gridGovOptions,
        IEnumerable<ITransitionHook<WorkflowTransitionContext<Venue, VenueTrigger, VenueEvent>>> hooks,
        ILogger<VenueService>? logger = null,
        AccessPolicy? accessPolicy = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(territory);
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gridGovOptions);
        ArgumentNullException.ThrowIfNull(hooks);
        _territory = territory;
        _options = options.Value;
        _zone = gridGovOptions.Value.TimeZone;
        ReadModel = readModel;
        var model = new WorkflowAggregateModel<Venue, VenueEvent>
        {
            StreamIdOf = Venue.StreamIdOf,
            Fold = Venue.Fold,
            TargetOf = TargetOf,
            CreateTrigger = RegisterTrigger,
            Recorded = readModel.Apply,
        };
        _runner = new(Definition, model, store, clock, territory, accessPolicy, logger ?? (ILogger)NullLogger<VenueService>.Instance, hooks);
    }

    /// <summary>Gets the read model this service keeps up to date (utilisation).</summary>
    public VenueReadModel ReadModel { get; }

    /// <summary>Registers a venue.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The venue and its event.</returns>
    /// <exception cref="VenueRejectedException">Invalid input or the id is taken; nothing changed.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor.</exception>
    public async Task<WorkflowCommandResult<Venue>> RegisterAsync(RegisterVenue command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        CheckText(id, command.Name, "Name", 100);
        if (string.IsNullOrWhiteSpace(command.PlaceCode) || (_territory.IsLoaded && !_territory.Current.Contains(command.PlaceCode)))
        {
            throw Invalid(id, $"Place '{command.PlaceCode}' is not in the grid hierarchy.");
        }

        if (command.Capacity < 1 || command.Hours is null)
        {
            throw Invalid(id, "A venue holds at least one person and has opening hours.");
        }

        using var gate = await EnterAsync(id, cancellationToken).ConfigureAwait(false);
        if (await _runner.FindAsync(id, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new VenueRejectedException(VenueRejectedException.AlreadyExistsCode, id, $"Venue '{id}' exists already.");
        }

        var registered = new VenueRegistered(command.Name, command.PlaceCode, command.ManagerId, command.Capacity, command.Hours.Windows) { VenueId = id };
        return await _runner.CreateAsync(id, registered, new AccessTarget(id, command.PlaceCode, OwnerId: command.ManagerId), command.Actor, command.Reason, command.IdempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Books a venue once or on a weekly rhythm: every occurrence inside opening hours and free, or nothing is booked.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The venue after and its event.</returns>
    /// <exception cref="VenueRejectedException">
    /// An overlap (<see cref="VenueRejectedException.OverlapCode"/>) or occurrences outside opening hours
    /// (<see cref="VenueRejectedException.OutsideOpeningHoursCode"/>), each listing every refused date; a start in
    /// the past; invalid input. Nothing changed.
    /// </exception>
    /// <exception cref="WorkflowRejectedException">The venue is closed.</exception>
    public async Task<WorkflowCommandResult<Venue>> BookAsync(BookVenue command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        var bookingId = command.BookingId;
        if (string.IsNullOrWhiteSpace(bookingId) || bookingId.Length > 100 || bookingId.Contains('#', StringComparison.Ordinal))
        {
            throw Invalid(id, "BookingId must be 1–100 characters without '#'.");
        }

        CheckText(id, command.Purpose, "Purpose", 200);
        if (command.End <= command.Start)
        {
            throw Invalid(id, "A booking ends after it starts, on the same day.");
        }

        if (command.Occurrences < 1 || command.Occurrences > _options.MaxOccurrences || command.EveryWeeks is < 1 or > 52)
        {
            throw Invalid(id, $"A booking has 1–{_options.MaxOccurrences} occurrences, 1–52 weeks apart.");
        }

        var occurrences = new VenueOccurrence[command.Occurrences];
        for (var i = 0; i < occurrences.Length; i++)
        {
            var date = command.Date.PlusWeeks(checked(i * command.EveryWeeks));
            var when = new Interval(date.At(command.Start).InZoneLeniently(_zone).ToInstant(), date.At(command.End).InZoneLeniently(_zone).ToInstant());
            occurrences[i] = new VenueOccurrence(i + 1, date, when);
        }

        using var gate = await EnterAsync(id, cancellationToken).ConfigureAwait(false);
        return await _runner.FireAsync(id, VenueTrigger.Book, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, v => v, (venue, _, now) =>
        {
            if (venue.Bookings.ContainsKey(bookingId))
            {
                throw Invalid(id, $"Booking '{bookingId}' exists already.");
            }

            var outside = occurrences.Where(o => !venue.Hours.Covers(o.Date, command.Start, command.End)).Select(o => o.Date).ToArray();
            if (outside.Length > 0)
            {
                throw new VenueRejectedException(VenueRejectedException.OutsideOpeningHoursCode, id, $"{outside.Length} of {occurrences.Length} occurrence(s) fall outside the opening hours of {venue.Name}: {string.Join(", ", outside.Select(d => d.ToString("yyyy-MM-dd ddd", null)))}.", outside);
            }

            if (occurrences[0].When.Start < now)
            {
                throw new VenueRejectedException(VenueRejectedException.InThePastCode, id, $"The booking starts in the past ({occurrences[0].Date:yyyy-MM-dd}).");
            }

            var clashes = occurrences.Where(o => venue.Schedule.Overlaps(o.When, out var _)).Select(o => o.Date).ToArray();
            if (clashes.Length > 0)
            {
                throw new VenueRejectedException(VenueRejectedException.OverlapCode, id, $"{clashes.Length} of {occurrences.Length} occurrence(s) overlap bookings of {venue.Name}: {string.Join(", ", clashes.Select(d => d.ToString("yyyy-MM-dd", null)))}. Nothing was booked.", clashes);
            }

            return new VenueBooked(bookingId, command.Actor.Id, command.Purpose, occurrences) { VenueId = id };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels one occurrence of a booking, or every occurrence of it not yet started.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The venue after and its event.</returns>
    /// <exception cref="VenueRejectedException">No such booking or occurrence (<see cref="VenueRejectedException.NoSuchBookingCode"/>), or the actor neither organised it nor manages the venue (<see cref="VenueRejectedException.NotOwnBookingCode"/>).</exception>
    public async Task<WorkflowCommandResult<Venue>> CancelAsync(CancelVenueBooking command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        using var gate = await EnterAsync(id, cancellationToken).ConfigureAwait(false);
        return await _runner.FireAsync(id, VenueTrigger.Cancel, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, v => v, (venue, _, now) =>
        {
            if (!venue.Bookings.TryGetValue(command.BookingId ?? string.Empty, out var booking))
            {
                throw new VenueRejectedException(VenueRejectedException.NoSuchBookingCode, id, $"Venue {venue.Name} has no booking '{command.BookingId}'.");
            }

            if (command.Actor.Id != booking.OrganiserId && command.Actor.Id != venue.ManagerId && !command.Actor.HasAnyRole(Managers))
            {
                throw new VenueRejectedException(VenueRejectedException.NotOwnBookingCode, id, $"Only the organiser or the venue's managers may cancel booking '{booking.BookingId}'.");
            }

            var numbers = booking.Active
                .Where(o => command.OccurrenceDate is { } date ? o.Date == date : o.When.Start >= now)
                .Select(o => o.Number)
                .ToArray();
            if (numbers.Length == 0)
            {
                throw new VenueRejectedException(VenueRejectedException.NoSuchBookingCode, id, command.OccurrenceDate is { } d
                    ? $"Booking '{booking.BookingId}' has no standing occurrence on {d:yyyy-MM-dd}."
                    : $"Booking '{booking.BookingId}' has no standing occurrence left to cancel.");
            }

            return new VenueBookingCancelled(booking.BookingId, numbers) { VenueId = id };
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Changes a venue's opening hours; bookings made before stand.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The venue after and its event.</returns>
    public async Task<WorkflowCommandResult<Venue>> ChangeHoursAsync(ChangeVenueHours command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        if (command.Hours is null)
        {
            throw Invalid(id, "Give the new opening hours.");
        }

        using var gate = await EnterAsync(id, cancellationToken).ConfigureAwait(false);
        return await _runner.FireAsync(id, VenueTrigger.ChangeHours, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, v => v, (_, _, _) => new VenueHoursChanged(command.Hours.Windows) { VenueId = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a venue to new bookings or reopens it.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The venue after and its event.</returns>
    /// <exception cref="WorkflowRejectedException">It is closed already, or open already.</exception>
    public async Task<WorkflowCommandResult<Venue>> SetOpenAsync(SetVenueOpen command, CancellationToken cancellationToken = default)
    {
        var id = Check(command);
        using var gate = await EnterAsync(id, cancellationToken).ConfigureAwait(false);
        return command.Open
            ? await _runner.FireAsync(id, VenueTrigger.Reopen, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, v => v, (_, _, _) => new VenueReopened { VenueId = id }, cancellationToken).ConfigureAwait(false)
            : await _runner.FireAsync(id, VenueTrigger.Close, command.Actor, command.Reason, command.IdempotencyKey, command.ExpectedVersion, v => v, (_, _, _) => new VenueClosed { VenueId = id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gets a venue.</summary>
    /// <param name="venueId">The venue.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The venue.</returns>
    /// <exception cref="WorkflowAggregateNotFoundException">No such venue.</exception>
    /// <remarks>The trusted read: it sees every district (sweeps, projections, exports, tests). Code serving a person passes the <see cref="GridGov.Sdk.Access.Actor"/> to the overload that takes one (ADR 31).</remarks>
    public async Task<Venue> GetAsync(string venueId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venueId);
        using var gate = await EnterAsync(venueId, cancellationToken).ConfigureAwait(false);
        return await _runner.GetAsync(venueId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a venue afresh from its stream, past the cache (another node may have changed it).</summary>
    /// <param name="venueId">The venue.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The venue, or null.</returns>
    public async Task<Venue?> ReloadAsync(string venueId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venueId);
        using var gate = await EnterAsync(venueId, cancellationToken).ConfigureAwait(false);
        return await _runner.ReloadAsync(venueId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a slot is free: inside opening hours, not in the past, and overlapping no standing booking.</summary>
    /// <param name="venueId">The venue.</param>
    /// <param name="date">The date.</param>
    /// <param name="start">Start, local.</param>
    /// <param name="end">End, local, after the start.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True when a booking there would be accepted (unless another comes first).</returns>
    public async Task<bool> IsFreeAsync(string venueId, LocalDate date, LocalTime start, LocalTime end, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venueId);
        if (end <= start)
        {
            return false;
        }

        using var gate = await EnterAsync(venueId, cancellationToken).ConfigureAwait(false);
        var venue = await _runner.GetAsync(venueId, cancellationToken).ConfigureAwait(false);
        var when = new Interval(date.At(start).InZoneLeniently(_zone).ToInstant(), date.At(end).InZoneLeniently(_zone).ToInstant());
        return venue.State == VenueState.Open && venue.Hours.Covers(date, start, end) && when.Start >= _runner.Clock.GetCurrentInstant() && !venue.Schedule.Overlaps(when, out _);
    }

    /// <summary>Answers "what may this actor do to this venue now" (the policy and the venue's state).</summary>
    /// <param name="venueId">The venue.</param>
    /// <param name="actor">The actor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The triggers.</returns>
    public async Task<IReadOnlyList<VenueTrigger>> GetPermittedTriggersAsync(string venueId, Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var venue = await GetAsync(venueId, cancellationToken).ConfigureAwait(false);
        return _runner.Permitted(venue, actor, venue);
    }

    internal static AccessTarget TargetOf(Venue venue) => new(venue.Id, venue.PlaceCode, OwnerId: venue.ManagerId);

    private static void Configure(StateMachine<VenueState, VenueTrigger> machine, Func<Venue> facts)
    {
        machine.Configure(VenueState.Open)
            .PermitReentry(VenueTrigger.Book)
            .PermitReentry(VenueTrigger.Cancel)
            .PermitReentry(VenueTrigger.ChangeHours)
            .Permit(VenueTrigger.Close, VenueState.Closed);
        machine.Configure(VenueState.Closed)
            .PermitReentry(VenueTrigger.Cancel)
            .PermitReentry(VenueTrigger.ChangeHours)
            .Permit(VenueTrigger.Reopen, VenueState.Open);
    }

    private static void CheckText(string id, string? text, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > max)
        {
            throw Invalid(id, $"{name} must be 1–{max} characters.");
        }
    }

    private static VenueRejectedException Invalid(string id, string message) => new(VenueRejectedException.InvalidCommandCode, id, message);

    private static string Check(VenueCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrWhiteSpace(command.VenueId) || command.VenueId.Length > 100)
        {
            throw Invalid(command.VenueId ?? string.Empty, "VenueId must be 1–100 characters.");
        }

        return command.Actor is null ? throw Invalid(command.VenueId, "The command must name its actor.") : command.VenueId;
    }

    private async Task<Gate> EnterAsync(string venueId, CancellationToken cancellationToken)
    {
        var semaphore = _gates.GetOrAdd(venueId, static _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Gate(semaphore);
    }

    /// <summary>Releases one venue's gate.</summary>
    private readonly struct Gate(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }
}
