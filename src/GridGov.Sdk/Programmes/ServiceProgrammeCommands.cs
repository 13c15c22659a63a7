using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Programmes;

/// <summary>Sets up a service programme.</summary>
/// <param name="ProgrammeId">The new programme's id, chosen by the caller (for example <c>HSNL-breakfast</c>).</param>
/// <param name="Actor">Who sets it up.</param>
/// <param name="Name">Its name, such as 阳光早餐.</param>
/// <param name="PlaceCode">The community (grid node) that runs it.</param>
/// <param name="EligibleCategories">Who may be enrolled; at least one.</param>
/// <param name="Schedule">When it is served.</param>
/// <param name="ProviderCriteria">What a provider must satisfy; may be empty.</param>
public sealed record StartServiceProgramme(
    string ProgrammeId,
    Actor Actor,
    string Name,
    string PlaceCode,
    IReadOnlyList<BeneficiaryCategory> EligibleCategories,
    ProgrammeSchedule Schedule,
    IReadOnlyList<string> ProviderCriteria)
{
    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key; a repeat records nothing.</summary>
    public string? IdempotencyKey { get; init; }
}

/// <summary>A command on an existing programme.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who gives the command.</param>
public abstract record ServiceProgrammeCommand(string ProgrammeId, Actor Actor)
{
    /// <summary>Gets why; optional.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets the command's idempotency key; a repeat records nothing and returns the programme as a duplicate.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Gets the version the caller saw; a different current version is a concurrency error.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary>Receives a donation into the ledger.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="DonorId">The donor's id (a unit code, a person id).</param>
/// <param name="DonorName">The donor's name as it may be published.</param>
/// <param name="Amount">The amount in yuan; positive, at most two decimals.</param>
public sealed record DonateToProgramme(string ProgrammeId, Actor Actor, string DonorId, string DonorName, decimal Amount) : ServiceProgrammeCommand(ProgrammeId, Actor)
{
    /// <summary>Gets the day it was received; today in the district's zone when null.</summary>
    public LocalDate? ReceivedOn { get; init; }
}

/// <summary>Chooses the provider, with evidence for every criterion of the programme.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who chooses.</param>
/// <param name="ProviderName">The provider.</param>
/// <param name="UnitPrice">The price of one service to one beneficiary, in yuan.</param>
/// <param name="Evidence">Criterion → evidence; every criterion of the programme needs one.</param>
public sealed record ChooseProgrammeProvider(string ProgrammeId, Actor Actor, string ProviderName, decimal UnitPrice, IReadOnlyDictionary<string, string> Evidence) : ServiceProgrammeCommand(ProgrammeId, Actor);

/// <summary>Enrols a beneficiary.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who enrols them.</param>
/// <param name="BeneficiaryId">The resident's id.</param>
/// <param name="Category">Why they are eligible.</param>
public sealed record EnrolBeneficiary(string ProgrammeId, Actor Actor, string BeneficiaryId, BeneficiaryCategory Category) : ServiceProgrammeCommand(ProgrammeId, Actor)
{
    /// <summary>Gets the first day served; today when null.</summary>
    public LocalDate? EnrolledOn { get; init; }
}

/// <summary>A beneficiary leaves the programme.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="BeneficiaryId">The resident's id.</param>
public sealed record BeneficiaryLeaves(string ProgrammeId, Actor Actor, string BeneficiaryId) : ServiceProgrammeCommand(ProgrammeId, Actor)
{
    /// <summary>Gets the first day no longer served; today when null.</summary>
    public LocalDate? LeftOn { get; init; }
}

/// <summary>Records the scheduled service of one day, delivered to some beneficiaries, and pays it.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="ServedOn">The scheduled day.</param>
/// <param name="Served">How many were served; at least one, at most the enrolled.</param>
public sealed record RecordDelivery(string ProgrammeId, Actor Actor, LocalDate ServedOn, int Served) : ServiceProgrammeCommand(ProgrammeId, Actor);

/// <summary>Closes the programme.</summary>
/// <param name="ProgrammeId">The programme.</param>
/// <param name="Actor">Who closes it.</param>
public sealed record CloseServiceProgramme(string ProgrammeId, Actor Actor) : ServiceProgrammeCommand(ProgrammeId, Actor);

/// <summary>The options of service programmes.</summary>
public sealed class ServiceProgrammeOptions
{
    /// <summary>Gets or sets how many days ahead a programme warns that its money runs out; 14 by default.</summary>
    public int FundingWarningDays { get; set; } = 14;

    /// <summary>
    /// Gets the warning windows of subtrees (a district that warns earlier), in days, keyed by the code of the subtree's
    /// root node; the nearest one above a programme's place wins, else <see cref="FundingWarningDays"/>.
    /// <value>The default value is empty.</value>
    /// </summary>
    public IDictionary<string, int> FundingWarningDaysBySubtree { get; } = new Dictionary<string, int>(StringComparer.Ordinal);

    internal Grids.GridScopedValues<int> ScopedFundingWarningDays()
    {
        var scoped = new Grids.GridScopedValues<int>(FundingWarningDays);
        foreach (var (code, days) in FundingWarningDaysBySubtree)
        {
            scoped = scoped.With(code, days);
        }

        return scoped;
    }
}

/// <summary>A programme command was refused for its input; nothing changed.</summary>
public sealed class ServiceProgrammeException : GridGovException
{
    /// <summary>The input is invalid.</summary>
    public const string InvalidCode = "programme.invalid";

    /// <summary>A provider lacks evidence for a criterion.</summary>
    public const string CriteriaUnmetCode = "programme.provider-criteria-unmet";

    /// <summary>The beneficiary's category is not served by the programme.</summary>
    public const string IneligibleCode = "programme.ineligible";

    /// <summary>The beneficiary is enrolled already.</summary>
    public const string AlreadyEnrolledCode = "programme.already-enrolled";

    /// <summary>The beneficiary is not enrolled.</summary>
    public const string NotEnrolledCode = "programme.not-enrolled";

    /// <summary>Creates the exception.</summary>
    /// <param name="code">One of the codes above.</param>
    /// <param name="programmeId">The programme.</param>
    /// <param name="message">Why.</param>
    public ServiceProgrammeException(string code, string programmeId, string message)
        : base(code, message)
    {
        ProgrammeId = programmeId;
    }

    /// <summary>Gets the programme.</summary>
    public string ProgrammeId { get; }
}
