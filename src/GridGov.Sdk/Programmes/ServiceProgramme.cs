using System.Collections.Immutable;
using GridGov.Sdk.Storage;
using GridGov.Sdk.Workflows;
using NodaTime;

namespace GridGov.Sdk.Programmes;

/// <summary>The states of a service programme.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum ServiceProgrammeState
{
    /// <summary>Set up and collecting donations; no provider chosen yet.</summary>
    Planned = 0,

    /// <summary>A provider is chosen; services are delivered on schedule.</summary>
    Running = 1,

    /// <summary>Closed: nothing more is donated or delivered.</summary>
    Closed = 2,
}

/// <summary>The commands of a service programme, as the access policy and the lifecycle know them.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum ServiceProgrammeTrigger
{
    /// <summary>Receive a donation.</summary>
    Donate = 0,

    /// <summary>Choose (or change) the provider.</summary>
    ChooseProvider = 1,

    /// <summary>Enrol a beneficiary.</summary>
    Enrol = 2,

    /// <summary>A beneficiary leaves.</summary>
    Leave = 3,

    /// <summary>Record a delivered service and pay for it.</summary>
    Deliver = 4,

    /// <summary>Close the programme.</summary>
    Close = 5,
}

/// <summary>
/// A service programme (e.g. 阳光早餐, the sunshine breakfast): donors and a ledger in yuan, a provider chosen
/// against stated criteria, enrolled beneficiaries, a schedule in local time, and each service delivered.
/// Immutable; rebuilt from its events.
/// </summary>
/// <remarks>The balance is donations minus spends and never negative: a delivery the balance cannot pay is refused.</remarks>
public sealed record ServiceProgramme : IWorkflowAggregate<ServiceProgrammeState>
{
    private ServiceProgramme()
    {
    }

    /// <summary>Gets the programme's id.</summary>
    public string Id { get; private init; } = string.Empty;

    /// <summary>Gets the number of events applied.</summary>
    public long Version { get; private init; }

    /// <summary>Gets the state.</summary>
    public ServiceProgrammeState State { get; private init; }

    /// <summary>Gets the name.</summary>
    public string Name { get; private init; } = string.Empty;

    /// <summary>Gets the community that runs it.</summary>
    public string PlaceCode { get; private init; } = string.Empty;

    /// <summary>Gets who may be enrolled.</summary>
    public IReadOnlyList<BeneficiaryCategory> EligibleCategories { get; private init; } = [];

    /// <summary>Gets when it is served.</summary>
    public ProgrammeSchedule Schedule { get; private init; } = ProgrammeSchedule.Daily(new LocalTime(8, 0));

    /// <summary>Gets what a provider must satisfy.</summary>
    public IReadOnlyList<string> ProviderCriteria { get; private init; } = [];

    /// <summary>Gets the chosen provider, if any.</summary>
    public ProgrammeProviderChosen? Provider { get; private init; }

    /// <summary>Gets the donations, in order.</summary>
    public ImmutableList<ProgrammeDonationReceived> Donations { get; private init; } = [];

    /// <summary>Gets the beneficiaries enrolled now, by id, with their category.</summary>
    public ImmutableDictionary<string, BeneficiaryCategory> Beneficiaries { get; private init; } = ImmutableDictionary.Create<string, BeneficiaryCategory>(StringComparer.Ordinal);

    /// <summary>Gets the days a service was delivered.</summary>
    public ImmutableSortedSet<LocalDate> DeliveredOn { get; private init; } = [];

    /// <summary>Gets the total donated, in yuan.</summary>
    public decimal TotalDonated { get; private init; }

    /// <summary>Gets the total spent on deliveries, in yuan.</summary>
    public decimal TotalSpent { get; private init; }

    /// <summary>Gets the beneficiary-days served (one beneficiary served on one day counts one).</summary>
    public long BeneficiaryDaysServed { get; private init; }

    /// <summary>Gets the balance: donated minus spent, in yuan; never negative.</summary>
    public decimal Balance => TotalDonated - TotalSpent;

    /// <summary>Gets what one beneficiary-day has cost on average, in yuan; null before the first delivery.</summary>
    public decimal? CostPerBeneficiaryDay => BeneficiaryDaysServed == 0 ? null : decimal.Round(TotalSpent / BeneficiaryDaysServed, 2, MidpointRounding.ToEven);

    /// <summary>Gets what one scheduled service costs at today's enrolment and price, in yuan; zero without a provider.</summary>
    public decimal CostPerService => Provider is { } p ? p.UnitPrice * Beneficiaries.Count : 0m;

    /// <summary>
    /// Forecasts how long the balance lasts at today's enrolment and price: the scheduled services from
    /// <paramref name="from"/> on (not yet delivered) the balance can pay, and the first day it cannot.
    /// </summary>
    /// <param name="from">The first day to count.</param>
    /// <param name="warningWindow">A warning is raised when the money runs out within this many days of <paramref name="from"/>.</param>
    /// <returns>The forecast.</returns>
    public ProgrammeForecast Forecast(LocalDate from, int warningWindow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(warningWindow);
        var perService = CostPerService;
        if (perService == 0m || State == ServiceProgrammeState.Closed)
        {
            return new ProgrammeForecast(Balance, perService, null, null, false);
        }

        var services = (long)decimal.Floor(Balance / perService);
        // Walk the calendar: at most services + 1 scheduled days, each week has at least one.
        var day = from;
        long paid = 0;
        var guard = checked((services + 1) * 7 + 7);
        for (long step = 0; step < guard; step++, day = day.PlusDays(1))
        {
            if (!Schedule.ServesOn(day) || DeliveredOn.Contains(day))
            {
                continue;
            }

            if (paid == services)
            {
                var daysLeft = Period.Between(from, day, PeriodUnits.Days).Days;
                return new ProgrammeForecast(Balance, perService, daysLeft, day, daysLeft <= warningWindow);
            }

            paid++;
        }

        throw new InvalidOperationException("The schedule serves on no day.");
    }

    internal static ServiceProgramme Fold(ServiceProgramme? before, ServiceProgrammeEvent evt, RecordedEvent recorded)
    {
        var p = before ?? new ServiceProgramme();
        p = evt switch
        {
            ServiceProgrammeStarted s => p with
            {
                Id = s.ProgrammeId,
                Name = s.Name,
                PlaceCode = s.PlaceCode,
                EligibleCategories = s.EligibleCategories,
                Schedule = s.Schedule,
                ProviderCriteria = s.ProviderCriteria,
                State = ServiceProgrammeState.Planned,
            },
            ProgrammeDonationReceived d => p with { Donations = p.Donations.Add(d), TotalDonated = p.TotalDonated + d.Amount },
            ProgrammeProviderChosen c => p with { Provider = c, State = ServiceProgrammeState.Running },
            ProgrammeBeneficiaryEnrolled e => p with { Beneficiaries = p.Beneficiaries.SetItem(e.BeneficiaryId, e.Category) },
            ProgrammeBeneficiaryLeft l => p with { Beneficiaries = p.Beneficiaries.Remove(l.BeneficiaryId) },
            ProgrammeServiceDelivered s => p with
            {
                DeliveredOn = p.DeliveredOn.Add(s.ServedOn),
                TotalSpent = p.TotalSpent + s.Cost,
                BeneficiaryDaysServed = checked(p.BeneficiaryDaysServed + s.Served),
            },
            ServiceProgrammeClosed => p with { State = ServiceProgrammeState.Closed },
            _ => throw new InvalidOperationException($"Unknown programme event {evt.GetType().Name}."),
        };
        return p with { Version = recorded.StreamVersion };
    }
}

/// <summary>How long a programme's money lasts.</summary>
/// <param name="Balance">The balance now, in yuan.</param>
/// <param name="CostPerService">What one scheduled service costs at today's enrolment and price.</param>
/// <param name="DaysOfFundingLeft">Calendar days from the forecast's first day to the first scheduled day the balance cannot pay; null when nothing is being spent.</param>
/// <param name="RunsOutOn">That day; null when nothing is being spent.</param>
/// <param name="Warning">Whether it runs out within the warning window.</param>
public sealed record ProgrammeForecast(decimal Balance, decimal CostPerService, int? DaysOfFundingLeft, LocalDate? RunsOutOn, bool Warning);
