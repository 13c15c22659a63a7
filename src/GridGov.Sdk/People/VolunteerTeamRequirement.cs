using GridGov.Sdk.Committees;

namespace GridGov.Sdk.People;

/// <summary>
/// What the committee side needs from volunteer teams: a check for the five-haves "has a volunteer service team"
/// rule (有志愿服务队伍) that counts an appointee of the volunteer-team category only when it is a registered team
/// with enough current members on the evaluation date. Wire it with <c>AddGridGov().UseVolunteerTeamsForFiveHaves()</c>,
/// or pass <see cref="Check"/> to <see cref="FiveHavesRuleSet.WithPredicate"/> yourself.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class VolunteerTeamRequirement
{
    /// <summary>The gap's code when no appointee of the category is a qualifying team.</summary>
    public const string NoQualifyingTeamCode = "people.no-qualifying-team";

    /// <summary>Builds the check.</summary>
    /// <param name="readModel">The read model holding the teams.</param>
    /// <param name="minimumMembers">The least number of current members a team needs.</param>
    /// <returns>A pure, thread-safe predicate for the rule.</returns>
    public static Func<CommitteeAsOf, FiveHavesCheck> Check(PeopleReadModel readModel, int minimumMembers)
    {
        ArgumentNullException.ThrowIfNull(readModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumMembers, 1);
        return view =>
        {
            var qualifying = readModel.QualifyingTeams(view.Date, minimumMembers).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var appointed = view.MembersIn(MemberCategory.VolunteerTeam.Code).ToList();
            var evidence = appointed.Where(m => qualifying.Contains(m.MemberId)).ToList();
            return evidence.Count > 0
                ? new FiveHavesCheck(true, evidence, [])
                : new FiveHavesCheck(false, [], [new FiveHavesGap(
                    NoQualifyingTeamCode,
                    MemberCategory.VolunteerTeam.Code,
                    1,
                    0,
                    $"没有符合条件的志愿服务队伍（在册志愿者不少于{minimumMembers}人；委员中的队伍{appointed.Count}支）",
                    $"no qualifying volunteer service team (at least {minimumMembers} registered volunteers; {appointed.Count} team(s) appointed)")]);
        };
    }
}
