using GridGov.Sdk.Committees;
using GridGov.Sdk.Issues;
using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Scorecards;

/// <summary>
/// The indicators communities are scored on, grouped by the six capabilities, as data: a district replaces the
/// set (<see cref="ScorecardOptions.Definition"/>, or one per subtree in <see cref="ScorecardOptions.DefinitionsBySubtree"/>).
/// Targets are per <see cref="TargetPeriodDays"/> days and are prorated to the window scored.
/// </summary>
/// <param name="Version">The set's version, printed with every scorecard.</param>
/// <param name="Indicators">The indicators; codes unique.</param>
public sealed record ScorecardDefinition(int Version, IReadOnlyList<ScorecardIndicator> Indicators)
{
    /// <summary>Gets the length of the period the targets are set for, in days; 365 by default.</summary>
    public int TargetPeriodDays { get; init; } = 365;

    /// <summary>Gets the most points a community can earn (the sum of the weights).</summary>
    public decimal MaxPoints => Indicators.Sum(i => i.Weight);

    /// <summary>
    /// Gets the SDK's default set (version 1), from what the SDK records, 100 points: consultations held and decisions
    /// claimed; members reported in, problems found and problems claimed by members; approved minutes and joint
    /// meetings with enterprises; problems closed on time, safety problems found and disputes settled by mediation;
    /// programme beneficiaries, small wishes fulfilled and cabinet loans; volunteer hours, fair services and pledges
    /// by units. docs/scorecards.md lists the targets and weights.
    /// </summary>
    public static ScorecardDefinition Default { get; } = new(1,
    [
        new("consultations-held", Capability.DemocraticConsultation, "协商议事会议召开数", "consultation meetings held", ["meeting.concluded"], 6m, 9m),
        new("decisions-claimed", Capability.DemocraticConsultation, "议定事项认领数", "decided actions claimed", ["meeting.pledge-claimed"], 6m, 8m),
        new("members-reported-in", Capability.OrganizingAndMobilizing, "在职党员报到数", "in-service party members reported in", ["people.member-reported-in"], 50m, 7m),
        new("problems-found", Capability.OrganizingAndMobilizing, "发现问题数", "problems found and reported", ["issue.reported"], 60m, 5m),
        new("problems-claimed-by-members", Capability.OrganizingAndMobilizing, "党员认领问题数", "problems claimed by party members", ["issue.claimed"], 20m, 5m)
        {
            Filter = e => e.Event.Payload is IssueClaimed { ClaimantKind: ClaimantKind.PartyMember },
        },
        new("minutes-approved", Capability.IdeologicalAndMoral, "会议纪要通过数", "meeting minutes approved", ["meeting.minutes-approved"], 6m, 8m),
        new("joint-activities", Capability.IdeologicalAndMoral, "共建活动数", "co-building meetings with units and enterprises", ["joint-meeting.held", "joint-meeting.free-space-provided"], 2m, 8m),
        new("closed-on-time", Capability.GrassrootsSafety, "按期结案率", "problems closed on time", ["issue.closed"], 0.9m, 6m)
        {
            Measure = IndicatorMeasure.Ratio,
            Filter = e => e.Event.Payload is IssueClosed { OnTime: true },
            DenominatorEventTypes = ["issue.closed"],
        },
        new("safety-problems-found", Capability.GrassrootsSafety, "安全隐患发现数", "safety problems found", ["issue.reported"], 12m, 5m)
        {
            Filter = e => e.Stream.Category is { } c && c.Contains("safety", StringComparison.OrdinalIgnoreCase),
        },
        new("mediation-agreements", Capability.GrassrootsSafety, "调解成功数", "disputes settled by mediation", ["mediation.agreed"], 6m, 6m),
        new("services-delivered", Capability.PublicServices, "服务项目受益人次", "beneficiaries served by service programmes", ["programme.service-delivered"], 3_000m, 6m)
        {
            Measure = IndicatorMeasure.Sum,
            Amount = e => e.Event.Payload is Programmes.ProgrammeServiceDelivered d ? d.Served : 0m,
        },
        new("wishes-fulfilled", Capability.PublicServices, "微心愿实现数", "small wishes fulfilled", ["wish.fulfilled"], 40m, 6m),
        new("cabinet-loans", Capability.PublicServices, "共享服务柜借用次数", "convenience-cabinet loans", ["cabinet.item-lent"], 60m, 5m),
        new("volunteer-hours", Capability.VolunteerService, "志愿服务时长", "volunteer service hours recorded", ["people.service-recorded"], 1_500m, 6m)
        {
            Measure = IndicatorMeasure.Sum,
            Amount = e => e.Event.Payload is People.ServiceRecorded r ? r.Hours : 0m,
        },
        new("fair-services", Capability.VolunteerService, "便民集市服务人次", "services given at mutual-aid fairs", ["people.fair-service-given"], 30m, 5m),
        new("pledges-by-units", Capability.VolunteerService, "单位认领事项数", "actions claimed by units and enterprises", ["meeting.pledge-claimed"], 4m, 5m),
    ]);

    /// <summary>Checks the set: at least one indicator, unique codes, positive targets and weights, event types known to the registry, sums with an amount.</summary>
    /// <param name="registry">The event types the store knows.</param>
    /// <returns>The problems; empty when the set is valid.</returns>
    public IReadOnlyList<string> Validate(EventTypeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var problems = new List<string>();
        if (Indicators is not { Count: > 0 })
        {
            return ["A scorecard needs at least one indicator."];
        }

        foreach (var duplicate in Indicators.GroupBy(i => i.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"Indicator code '{duplicate.Key}' is used {duplicate.Count()} times.");
        }

        foreach (var i in Indicators)
        {
            if (i.Target <= 0m || i.Weight <= 0m)
            {
                problems.Add($"Indicator '{i.Code}' needs a positive target and weight.");
            }

            if (!Enum.IsDefined(i.Capability) || !Enum.IsDefined(i.Measure))
            {
                problems.Add($"Indicator '{i.Code}' has an undefined capability or measure.");
            }

            foreach (var name in i.EventTypes.Concat(i.DenominatorEventTypes))
            {
                if (!registry.IsRegistered(name))
                {
                    problems.Add($"Indicator '{i.Code}' counts '{name}', which is not a registered event type.");
                }
            }

            if (i.EventTypes.Count == 0 || (i.Measure == IndicatorMeasure.Ratio) != (i.DenominatorEventTypes.Count > 0) || (i.Measure == IndicatorMeasure.Sum) != (i.Amount is not null))
            {
                problems.Add($"Indicator '{i.Code}' needs event types; a ratio needs denominator event types and a sum an amount (and only they).");
            }
        }

        if (TargetPeriodDays < 1)
        {
            problems.Add("TargetPeriodDays must be at least 1.");
        }

        return problems;
    }
}

/// <summary>The options of community scorecards.</summary>
public sealed class ScorecardOptions
{
    /// <summary>Gets or sets the set of indicators; <see cref="ScorecardDefinition.Default"/> by default.</summary>
    public ScorecardDefinition Definition { get; set; } = ScorecardDefinition.Default;

    /// <summary>Gets sets by grid subtree (a district's own); the nearest one above a community wins, else <see cref="Definition"/>.</summary>
    public IDictionary<string, ScorecardDefinition> DefinitionsBySubtree { get; } = new Dictionary<string, ScorecardDefinition>(StringComparer.Ordinal);
}
