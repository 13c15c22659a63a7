using GridGov.Sdk.Access;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.People;

/// <summary>Schedules a mutual-aid service fair in a community with its stalls.</summary>
/// <param name="Actor">The community's secretary, a street cadre or a district administrator.</param>
/// <param name="FairId">The fair's id.</param>
/// <param name="CommunityCode">The community.</param>
/// <param name="Title">The title.</param>
/// <param name="VenueCode">The venue, a node inside the community (the party-service centre, a square).</param>
/// <param name="Date">The local date.</param>
/// <param name="Opens">The local opening time.</param>
/// <param name="Closes">The local closing time.</param>
/// <param name="Stalls">The stalls, numbered 1…n: a registered volunteer with the skill, a price of 0 to <see cref="PeopleOptions.MaxStallPriceYuan"/> yuan, a slot length of 5–240 minutes.</param>
public sealed record ScheduleServiceFair(Actor Actor, string FairId, string CommunityCode, string Title, string VenueCode, LocalDate Date, LocalTime Opens, LocalTime Closes, IReadOnlyList<FairStall> Stalls) : PeopleCommand(Actor);

/// <summary>Books the slot that starts at a local time at a stall.</summary>
/// <param name="Actor">The resident themself, or community staff on their behalf.</param>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking's id, new within the fair.</param>
/// <param name="StallNumber">The stall.</param>
/// <param name="ResidentId">The resident's opaque id.</param>
/// <param name="Start">The local start time; the slot lasts the stall's slot length.</param>
public sealed record BookFairSlot(Actor Actor, string FairId, string BookingId, int StallNumber, string ResidentId, LocalTime Start) : PeopleCommand(Actor);

/// <summary>Cancels a booking; the slot is free again.</summary>
/// <param name="Actor">The resident who booked, or community staff.</param>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking.</param>
public sealed record CancelFairBooking(Actor Actor, string FairId, string BookingId) : PeopleCommand(Actor);

/// <summary>Records that a booked service was given: the stall's volunteer is credited the slot's hours.</summary>
/// <param name="Actor">The volunteer themself, or community staff.</param>
/// <param name="FairId">The fair.</param>
/// <param name="BookingId">The booking.</param>
public sealed record RecordFairService(Actor Actor, string FairId, string BookingId) : PeopleCommand(Actor);

/// <content>The mutual-aid service fair (同心互助便民服务集市).</content>
public sealed partial class PeopleService
{
    private const int MinSlotMinutes = 5;
    private const int MaxSlotMinutes = 240;

    /// <summary>Gets a fair as stored.</summary>
    /// <param name="fairId">The fair.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The fair with its bookings.</returns>
    /// <exception cref="PeopleNotFoundException">It does not exist.</exception>
    public async Task<ServiceFair> GetFairAsync(string fairId, CancellationToken cancellationToken = default)
    {
        var events = ValidId(fairId) ? await _store.ReadStreamAsync(FairStream(fairId), cancellationToken).ConfigureAwait(false) : [];
        return events.Count == 0 ? throw new PeopleNotFoundException("service fair", fairId ?? string.Empty) : ServiceFair.Fold(events.Select(e => e.Payload), _zone);
    }

    /// <summary>Schedules a fair.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">Invalid input, a volunteer without the stall's skill, a price too high, or the fair exists; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">A stall's volunteer is not registered.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    public async Task<PeopleCommandResult> ScheduleFairAsync(ScheduleServiceFair command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var id = command.FairId;
        CheckActor(command, id);
        CheckId(id, id, "FairId");
        CheckText(id, command.Title, "Title");
        var community = Community(id, command.CommunityCode);
        if (!community.IsAncestorOrSelfOf(Node(id, command.VenueCode, "VenueCode")))
        {
            throw Invalid(id, $"The venue '{command.VenueCode}' must lie inside community '{command.CommunityCode}'.");
        }

        if (command.Closes <= command.Opens)
        {
            throw Invalid(id, "The fair must close after it opens.");
        }

        var open = Period.Between(command.Opens, command.Closes, PeriodUnits.Minutes).Minutes;
        if (command.Stalls is not { Count: > 0 } || command.Stalls.Select((s, i) => s is not null && s.Number == i + 1 && ValidId(s.VolunteerId) && ValidId(s.Skill)
                && s.SlotMinutes >= MinSlotMinutes && s.SlotMinutes <= Math.Min(MaxSlotMinutes, open)).Any(ok => !ok))
        {
            throw Invalid(id, $"A fair needs stalls numbered 1…n, each with a volunteer, a skill and a slot of {MinSlotMinutes}–{MaxSlotMinutes} minutes that fits the opening hours.");
        }

        foreach (var stall in command.Stalls)
        {
            if (stall.PriceYuan < 0 || stall.PriceYuan > _options.MaxStallPriceYuan || decimal.Round(stall.PriceYuan, 2) != stall.PriceYuan)
            {
                throw new PeopleRejectedException(PeopleRejectedException.PriceTooHighCode, id, $"Stall {stall.Number}'s price must be free or low: 0–{_options.MaxStallPriceYuan} yuan in fen (was {stall.PriceYuan}).");
            }

            var volunteer = ReadModel.FindVolunteer(stall.VolunteerId) ?? await LoadVolunteerAsync(stall.VolunteerId, cancellationToken).ConfigureAwait(false)
                ?? throw new PeopleNotFoundException("volunteer", stall.VolunteerId);
            if (!volunteer.Skills.Contains(stall.Skill, StringComparer.Ordinal))
            {
                throw new PeopleRejectedException(PeopleRejectedException.SkillNotRegisteredCode, id, $"Volunteer '{stall.VolunteerId}' has not registered the skill '{stall.Skill}'.");
            }
        }

        await AuthorizeAsync(command.Actor, PeopleAccess.ScheduleFairTrigger, new AccessTarget(id, community.Code)).ConfigureAwait(false);
        var e = new ServiceFairScheduled(id, community.Code, command.Title, command.VenueCode, command.Date, command.Opens, command.Closes, [.. command.Stalls]);
        return await AppendNewAsync(FairStream(id), id, [e], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Books a slot; refused if it overlaps a slot booked at the same stall.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException"><see cref="PeopleRejectedException.SlotTakenCode"/>, <see cref="PeopleRejectedException.SlotOutsideHoursCode"/>,
    /// an unknown stall, or a booking id used already; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The fair does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the fair came first; nothing changed (try again: the slot may be taken).</exception>
    public async Task<PeopleCommandResult> BookSlotAsync(BookFairSlot command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckActor(command, command.FairId);
        var fair = await GetFairAsync(command.FairId, cancellationToken).ConfigureAwait(false);
        CheckId(fair.Id, command.BookingId, "BookingId");
        CheckId(fair.Id, command.ResidentId, "ResidentId");
        var stall = fair.Stall(command.StallNumber) ?? throw Invalid(fair.Id, $"Fair '{fair.Id}' has no stall {command.StallNumber}.");
        await AuthorizeAsync(command.Actor, PeopleAccess.BookSlotTrigger, new AccessTarget(fair.Id, fair.Schedule.CommunityCode, null, command.ResidentId)).ConfigureAwait(false);
        if (fair.Bookings.ContainsKey(command.BookingId))
        {
            throw new PeopleRejectedException(PeopleRejectedException.AlreadyExistsCode, fair.Id, $"Booking '{command.BookingId}' exists already.");
        }

        var slot = fair.SlotAt(stall, command.Start)
            ?? throw new PeopleRejectedException(PeopleRejectedException.SlotOutsideHoursCode, fair.Id, $"A {stall.SlotMinutes}-minute slot from {command.Start:HH:mm} does not fit the opening hours {fair.Schedule.Opens:HH:mm}–{fair.Schedule.Closes:HH:mm}.");
        if (!fair.IsFree(stall.Number, slot, out var conflict))
        {
            throw new PeopleRejectedException(PeopleRejectedException.SlotTakenCode, fair.Id, $"Stall {stall.Number} is booked then already (booking '{conflict}').");
        }

        var e = new FairSlotBooked(fair.Id, command.BookingId, stall.Number, command.ResidentId, slot);
        return await AppendAsync(FairStream(fair.Id), fair.Id, fair.Version, [e], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels a booking.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">The booking is cancelled or given already; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The fair or the booking does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the fair came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> CancelBookingAsync(CancelFairBooking command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckActor(command, command.FairId);
        var (fair, booking) = await OpenBookingAsync(command.FairId, command.BookingId, cancellationToken).ConfigureAwait(false);
        await AuthorizeAsync(command.Actor, PeopleAccess.BookSlotTrigger, new AccessTarget(fair.Id, fair.Schedule.CommunityCode, null, booking.ResidentId)).ConfigureAwait(false);
        CheckOpen(fair, booking);
        return await AppendAsync(FairStream(fair.Id), fair.Id, fair.Version, [new FairBookingCancelled(fair.Id, booking.BookingId)], command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records that a booked service was given; the volunteer is credited the slot's hours (minutes / 60, to two decimals).</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancels the command before its commit.</param>
    /// <returns>The events recorded.</returns>
    /// <exception cref="PeopleRejectedException">The booking is cancelled or given already, or its slot has not started yet; nothing changed.</exception>
    /// <exception cref="PeopleNotFoundException">The fair or the booking does not exist.</exception>
    /// <exception cref="AccessDeniedException">The policy refuses the actor; nothing changed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another command on the fair came first; nothing changed.</exception>
    public async Task<PeopleCommandResult> RecordFairServiceAsync(RecordFairService command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        CheckActor(command, command.FairId);
        var (fair, booking) = await OpenBookingAsync(command.FairId, command.BookingId, cancellationToken).ConfigureAwait(false);
        var stall = fair.Stall(booking.StallNumber)!;
        await AuthorizeAsync(command.Actor, PeopleAccess.RecordFairServiceTrigger, new AccessTarget(fair.Id, fair.Schedule.CommunityCode, null, stall.VolunteerId)).ConfigureAwait(false);
        CheckOpen(fair, booking);
        if (_clock.GetCurrentInstant() < booking.Slot.Start)
        {
            throw new PeopleRejectedException(PeopleRejectedException.OutOfOrderCode, fair.Id, $"Booking '{booking.BookingId}''s slot has not started yet.");
        }

        var hours = decimal.Round(stall.SlotMinutes / 60m, 2, MidpointRounding.AwayFromZero);
        var e = new FairServiceGiven(fair.Id, booking.BookingId, stall.VolunteerId, hours);
        return await AppendAsync(FairStream(fair.Id), fair.Id, fair.Version, [e], command, cancellationToken).ConfigureAwait(false);
    }

    internal static string FairStream(string id) => "service-fair-" + id;

    private static void CheckOpen(ServiceFair fair, FairBooking booking)
    {
        if (booking.Status != FairBookingStatus.Booked)
        {
            throw new PeopleRejectedException(PeopleRejectedException.BookingClosedCode, fair.Id, $"Booking '{booking.BookingId}' is {booking.Status.ToString().ToLowerInvariant()} already.");
        }
    }

    private async Task<(ServiceFair Fair, FairBooking Booking)> OpenBookingAsync(string fairId, string bookingId, CancellationToken cancellationToken)
    {
        var fair = await GetFairAsync(fairId, cancellationToken).ConfigureAwait(false);
        return fair.Bookings.TryGetValue(bookingId ?? string.Empty, out var booking) ? (fair, booking) : throw new PeopleNotFoundException("booking", bookingId ?? string.Empty);
    }

    private async Task<VolunteerRegistered?> LoadVolunteerAsync(string volunteerId, CancellationToken cancellationToken)
    {
        var events = await _store.ReadStreamAsync(VolunteerStream(volunteerId), cancellationToken).ConfigureAwait(false);
        return events.Count == 0 ? null : (VolunteerRegistered)events[0].Payload;
    }
}
