using NodaTime;

namespace GridGov.Sdk.Programmes;

/// <summary>Something that happened to a service programme; stored in the programme's stream.</summary>
public abstract record ServiceProgrammeEvent
{
    /// <summary>Gets the programme.</summary>
    public required string ProgrammeId { get; init; }
}

/// <summary>A programme was set up: what it serves, to whom, where and when.</summary>
/// <param name="Name">Its name, such as 阳光早餐.</param>
/// <param name="PlaceCode">The community (grid node) that runs it.</param>
/// <param name="EligibleCategories">Who may be enrolled.</param>
/// <param name="Schedule">When it is served.</param>
/// <param name="ProviderCriteria">What a provider must satisfy (hygiene inspection, price concession, dietary needs…).</param>
public sealed record ServiceProgrammeStarted(
    string Name,
    string PlaceCode,
    IReadOnlyList<BeneficiaryCategory> EligibleCategories,
    ProgrammeSchedule Schedule,
    IReadOnlyList<string> ProviderCriteria) : ServiceProgrammeEvent;

/// <summary>A donation was received into the programme's ledger.</summary>
/// <param name="DonorId">The donor (a unit's code or a person's id).</param>
/// <param name="DonorName">The donor's name as it may be published (a unit's name; for a resident, what they agreed to show).</param>
/// <param name="Amount">The amount in yuan; positive.</param>
/// <param name="ReceivedOn">The day it was received.</param>
public sealed record ProgrammeDonationReceived(string DonorId, string DonorName, decimal Amount, LocalDate ReceivedOn) : ServiceProgrammeEvent;

/// <summary>A provider was chosen against the programme's criteria.</summary>
/// <param name="ProviderName">The provider (a restaurant, a clinic…).</param>
/// <param name="UnitPrice">The price of one service to one beneficiary, in yuan, after the concession.</param>
/// <param name="CriteriaMet">Each criterion of the programme and the evidence that the provider meets it.</param>
public sealed record ProgrammeProviderChosen(string ProviderName, decimal UnitPrice, IReadOnlyList<ProviderCriterionEvidence> CriteriaMet) : ServiceProgrammeEvent;

/// <summary>A beneficiary was enrolled.</summary>
/// <param name="BeneficiaryId">The resident's id (no name or phone: those stay in the personal-data vault).</param>
/// <param name="Category">Why they are eligible.</param>
/// <param name="EnrolledOn">From which day they are served.</param>
public sealed record ProgrammeBeneficiaryEnrolled(string BeneficiaryId, BeneficiaryCategory Category, LocalDate EnrolledOn) : ServiceProgrammeEvent;

/// <summary>A beneficiary left the programme.</summary>
/// <param name="BeneficiaryId">The resident's id.</param>
/// <param name="LeftOn">The first day they are no longer served.</param>
public sealed record ProgrammeBeneficiaryLeft(string BeneficiaryId, LocalDate LeftOn) : ServiceProgrammeEvent;

/// <summary>One scheduled service was delivered and paid from the ledger.</summary>
/// <param name="ServedOn">The day of the scheduled service.</param>
/// <param name="Served">How many beneficiaries were served.</param>
/// <param name="Cost">What it cost, in yuan (served × the provider's unit price).</param>
public sealed record ProgrammeServiceDelivered(LocalDate ServedOn, int Served, decimal Cost) : ServiceProgrammeEvent;

/// <summary>The programme was closed; nothing more is delivered or donated.</summary>
public sealed record ServiceProgrammeClosed : ServiceProgrammeEvent;

/// <summary>A criterion of the programme and how the provider meets it.</summary>
/// <param name="Criterion">The criterion, as the programme states it.</param>
/// <param name="Evidence">The evidence (an inspection certificate number, the agreed discount…); not empty.</param>
public sealed record ProviderCriterionEvidence(string Criterion, string Evidence);

/// <summary>Why a beneficiary is eligible for a programme.</summary>
/// <remarks>The numeric values are stable.</remarks>
public enum BeneficiaryCategory
{
    /// <summary>Empty-nest elderly (空巢老人).</summary>
    EmptyNestElderly = 0,

    /// <summary>Disabled elderly (残疾老人).</summary>
    DisabledElderly = 1,

    /// <summary>Elderly living alone (独居老人).</summary>
    ElderlyLivingAlone = 2,

    /// <summary>Households on subsistence allowance (低保户).</summary>
    SubsistenceAllowance = 3,

    /// <summary>Left-behind children (留守儿童).</summary>
    LeftBehindChild = 4,
}

/// <summary>When a programme serves: a local time on some days of the week, in the district's zone.</summary>
/// <param name="At">The local time of the service, such as 08:00.</param>
/// <param name="Days">The days of the week it is served; at least one.</param>
public sealed record ProgrammeSchedule(LocalTime At, IReadOnlyList<IsoDayOfWeek> Days)
{
    /// <summary>Every day at the given local time.</summary>
    /// <param name="at">The local time.</param>
    /// <returns>The schedule.</returns>
    public static ProgrammeSchedule Daily(LocalTime at) => new(at, [IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday, IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday]);

    /// <summary>Whether the programme serves on a day.</summary>
    /// <param name="day">The day.</param>
    /// <returns>True when the day's weekday is in <see cref="Days"/>.</returns>
    public bool ServesOn(LocalDate day) => Days.Contains(day.DayOfWeek);
}
