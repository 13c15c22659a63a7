using GridGov.Sdk.Committees;
using Microsoft.Extensions.Options;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>Examples for each default rule, each gap, and districts' changes to the rule set.</summary>
public sealed class FiveHavesRuleTests
{
    private static readonly LocalDate Day = new(2025, 6, 1);
    private static readonly FiveHavesEvaluator Default = new(FiveHavesRuleSet.Default);

    private static CommitteeAppointment[] Compliant() =>
    [
        Member("sec-c1", MemberCategory.LeadingCadre, CommitteePosition.Director),
        Member("staff", MemberCategory.WorkingStaff),
        Member("police", MemberCategory.LawEnforcement),
        Member("ent", MemberCategory.EnterpriseRepresentative),
        Member("res", MemberCategory.ResidentRepresentative),
        Member("vol", MemberCategory.VolunteerTeam),
    ];

    [Fact]
    public void Evaluate_CompliantCommittee_MeetsEveryDefaultRuleWithEvidence()
    {
        var evaluation = Default.Evaluate(Build(Compliant()), Day);

        Assert.True(evaluation.MeetsStandard);
        Assert.Equal(
            [FiveHavesRuleSet.LeadingCadresRule, FiveHavesRuleSet.WorkingStaffRule, FiveHavesRuleSet.LawEnforcementRule, FiveHavesRuleSet.RepresentativesRule, FiveHavesRuleSet.VolunteerTeamRule, FiveHavesRuleSet.DirectorIsSecretaryRule],
            evaluation.Rules.Select(r => r.RuleCode));
        Assert.All(evaluation.Rules, r => Assert.NotEmpty(r.Evidence));
        Assert.Equal(["ent", "res"], evaluation.Rules[3].Evidence.Select(e => e.MemberId));
        Assert.Equal(1, evaluation.RuleSetVersion);
    }

    [Theory]
    [InlineData("leading-cadre", FiveHavesRuleSet.LeadingCadresRule, "缺少领导干部", "Not enough leading cadres")]
    [InlineData("working-staff", FiveHavesRuleSet.WorkingStaffRule, "缺少工作人员", "Not enough working staff")]
    [InlineData("law-enforcement", FiveHavesRuleSet.LawEnforcementRule, "缺少执法力量", "Not enough law enforcement")]
    [InlineData("enterprise-representative", FiveHavesRuleSet.RepresentativesRule, "缺少企业代表", "Not enough enterprise representatives")]
    [InlineData("resident-representative", FiveHavesRuleSet.RepresentativesRule, "缺少群众代表", "Not enough resident representatives")]
    [InlineData("volunteer-team", FiveHavesRuleSet.VolunteerTeamRule, "缺少志愿服务队伍", "Not enough volunteer service teams")]
    public void Evaluate_OneCategoryMissing_NamesThatRuleAndTheGapInBothLanguages(string missingCategory, string rule, string zh, string en)
    {
        // The director stays (as a working-staff member when leading cadres are the missing category).
        var members = Compliant().Where(m => m.Category != missingCategory).ToList();
        if (missingCategory == "leading-cadre")
        {
            members.Add(Member("sec-c1", MemberCategory.WorkingStaff, CommitteePosition.Director));
        }

        var evaluation = Default.Evaluate(Build(members), Day);

        var unmet = Assert.Single(evaluation.Unmet);
        Assert.Equal(rule, unmet.RuleCode);
        var gap = Assert.Single(unmet.Gaps);
        Assert.Equal(FiveHavesGap.CategoryShortCode, gap.Code);
        Assert.Equal(missingCategory, gap.Category);
        Assert.Equal((1, 0), (gap.Required, gap.Present));
        Assert.StartsWith(zh, gap.MessageZh);
        Assert.StartsWith(en, gap.MessageEn);
        Assert.Contains("不符合", unmet.MessageZh);
        Assert.False(Default.MeetsStandard(Build(members), Day));
    }

    [Fact]
    public void Evaluate_DirectorIsNotTheSecretary_NamesBoth()
    {
        var members = Compliant().Select(m => m.Position == CommitteePosition.Director ? m with { MemberId = "other", MemberName = "王主任" } : m);

        var unmet = Assert.Single(Default.Evaluate(Build(members), Day).Unmet);

        Assert.Equal(FiveHavesRuleSet.DirectorIsSecretaryRule, unmet.RuleCode);
        var gap = Assert.Single(unmet.Gaps);
        Assert.Equal(FiveHavesGap.DirectorNotSecretaryCode, gap.Code);
        Assert.Equal("主任王主任不是党组织书记书记", gap.MessageZh);
        Assert.Contains("is not the party secretary", gap.MessageEn);
    }

    [Fact]
    public void Evaluate_NoDirector_IsAGap()
    {
        var members = Compliant().Select(m => m with { Position = CommitteePosition.Member });

        var gap = Assert.Single(Assert.Single(Default.Evaluate(Build(members), Day).Unmet).Gaps);

        Assert.Equal(FiveHavesGap.NoDirectorCode, gap.Code);
    }

    [Fact]
    public void Evaluate_NoSecretaryRecorded_IsAGap()
    {
        var gap = Assert.Single(Assert.Single(Default.Evaluate(Build(Compliant(), secretaryId: null), Day).Unmet).Gaps);

        Assert.Equal(FiveHavesGap.NoPartySecretaryCode, gap.Code);
    }

    [Fact]
    public void Evaluate_SecretaryChangedAndDirectorDidNot_FailsFromTheChangeOn()
    {
        var committee = Build(Compliant()).Apply(new PartySecretaryRecorded("new-sec", "新书记", new LocalDate(2025, 9, 1)) { CommitteeId = Id });

        Assert.True(Default.MeetsStandard(committee, new LocalDate(2025, 8, 31)));
        Assert.False(Default.MeetsStandard(committee, new LocalDate(2025, 9, 1)));
    }

    [Fact]
    public void MeetsStandard_AfterAFoldStepOnAnEvaluatedCommittee_SeesTheNewHistory()
    {
        // The evaluator packs a committee on first use; a later version (as the read model folds it) must not reuse that.
        var committee = Build(Compliant());
        Assert.True(Default.MeetsStandard(committee, Day));

        var newSecretary = committee.Apply(new PartySecretaryRecorded("new-sec", "新书记", Day) { CommitteeId = Id });
        var ended = committee.Apply(new CommitteeMembershipEnded(3, Day) { CommitteeId = Id });

        Assert.False(Default.MeetsStandard(newSecretary, Day));
        Assert.False(Default.MeetsStandard(ended, Day));
        Assert.True(Default.MeetsStandard(committee, Day));
    }

    [Fact]
    public void Evaluate_MemberWhoseAppointmentEnded_DoesNotCountAfterTheEnd()
    {
        var members = Compliant().Select(m => m.MemberId == "police" ? m with { End = new LocalDate(2025, 3, 1) } : m);
        var committee = Build(members);

        Assert.True(Default.MeetsStandard(committee, new LocalDate(2025, 2, 28)));
        Assert.Equal(FiveHavesRuleSet.LawEnforcementRule, Assert.Single(Default.Evaluate(committee, new LocalDate(2025, 3, 1)).Unmet).RuleCode);
    }

    [Fact]
    public void CustomRuleSet_SixthHave_IsRequiredAndEvaluatedLikeTheOthers()
    {
        // 六有: a district adds "has a property company".
        var sixHaves = FiveHavesRuleSet.Default.With(FiveHavesRule.Has("property-company", "有物业公司", "has a property company", new CategoryMinimum(MemberCategory.PropertyCompany.Code))) with { Version = 2 };
        var evaluator = new FiveHavesEvaluator(sixHaves);

        var without = evaluator.Evaluate(Build(Compliant()), Day);
        var with = evaluator.Evaluate(Build([.. Compliant(), Member("prop", MemberCategory.PropertyCompany)]), Day);

        Assert.Equal(7, without.Rules.Count);
        Assert.Equal("property-company", Assert.Single(without.Unmet).RuleCode);
        Assert.Equal(2, without.RuleSetVersion);
        Assert.True(with.MeetsStandard);
        Assert.True(Default.MeetsStandard(Build(Compliant()), Day));
    }

    [Fact]
    public void WithMinimum_RaisedToTwo_OneMemberIsAGapOfOne()
    {
        var evaluator = new FiveHavesEvaluator(FiveHavesRuleSet.Default.WithMinimum(FiveHavesRuleSet.VolunteerTeamRule, MemberCategory.VolunteerTeam.Code, 2));

        var gap = Assert.Single(Assert.Single(evaluator.Evaluate(Build(Compliant()), Day).Unmet).Gaps);

        Assert.Equal((2, 1), (gap.Required, gap.Present));
        Assert.True(evaluator.MeetsStandard(Build([.. Compliant(), Member("vol-2", MemberCategory.VolunteerTeam)]), Day));
    }

    [Fact]
    public void RequiringFrom_ACategoryFromADate_IsNotInForceBeforeIt()
    {
        var from = new LocalDate(2026, 1, 1);
        var evaluator = new FiveHavesEvaluator(FiveHavesRuleSet.Default.RequiringFrom(from, MemberCategory.CppccMember));
        var committee = Build(Compliant());

        var before = evaluator.Evaluate(committee, from.PlusDays(-1));
        var after = evaluator.Evaluate(committee, from);

        Assert.True(before.MeetsStandard);
        Assert.Equal(RuleStatus.NotInForce, before.Rules.Single(r => r.RuleCode == "requires-cppcc-member").Status);
        Assert.Equal("requires-cppcc-member", Assert.Single(after.Unmet).RuleCode);
        Assert.False(evaluator.MeetsStandard(committee, from));
    }

    [Fact]
    public void WithPredicate_ReplacesTheBuiltInCheck()
    {
        // A district accepts a deputy director who is the secretary when the director post is vacant.
        var rules = FiveHavesRuleSet.Default.WithPredicate(FiveHavesRuleSet.DirectorIsSecretaryRule, view =>
        {
            var leader = view.Director ?? view.Members.FirstOrDefault(m => m.Position == CommitteePosition.DeputyDirector);
            return leader is not null && leader.MemberId == view.PartySecretary?.SecretaryId
                ? new FiveHavesCheck(true, [leader], [])
                : new FiveHavesCheck(false, [], [new FiveHavesGap("district.no-leader", null, 0, 0, "无书记牵头", "No secretary leads")]);
        });
        var evaluator = new FiveHavesEvaluator(rules);
        var members = Compliant().Select(m => m.Position == CommitteePosition.Director ? m with { Position = CommitteePosition.DeputyDirector } : m);

        Assert.True(evaluator.MeetsStandard(Build(members), Day));
        Assert.True(evaluator.Evaluate(Build(members), Day).MeetsStandard);
        Assert.False(Default.MeetsStandard(Build(members), Day));
        var other = Compliant().Select(m => m.Position == CommitteePosition.Director ? m with { MemberId = "x", Position = CommitteePosition.DeputyDirector } : m);
        Assert.Equal("district.no-leader", Assert.Single(Assert.Single(evaluator.Evaluate(Build(other), Day).Unmet).Gaps).Code);
    }

    [Fact]
    public void Evaluator_UnknownCategory_IsAConfigurationError()
    {
        var rules = FiveHavesRuleSet.Default.With(FiveHavesRule.Has("bogus", "有某某", "has something", new CategoryMinimum("no-such-category")));

        var ex = Assert.Throws<CommitteeConfigurationException>(() => new FiveHavesEvaluator(rules));

        Assert.Equal(CommitteeConfigurationException.ErrorCode, ex.Code);
        Assert.Contains("no-such-category", Assert.Single(ex.Problems));
    }

    [Fact]
    public void Evaluator_DistrictCategoryAddedToTheKnownOnes_IsAccepted()
    {
        var grid = new MemberCategory("grid-worker", "网格员", "grid workers");
        var rules = FiveHavesRuleSet.Default.With(FiveHavesRule.Has("grid-workers", "有网格员", "has grid workers", new CategoryMinimum(grid.Code)));

        var evaluator = new FiveHavesEvaluator(rules, [.. MemberCategory.Defaults, grid]);

        Assert.True(evaluator.MeetsStandard(Build([.. Compliant(), new CommitteeAppointment(0, "gw", "网格员", CommitteeMemberKind.Person, grid.Code, CommitteePosition.Member, Formed, null)]), Day));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MinimumBelowOne_IsAProblem(int minimum)
    {
        var rules = FiveHavesRuleSet.Default.WithMinimum(FiveHavesRuleSet.LawEnforcementRule, MemberCategory.LawEnforcement.Code, minimum);

        Assert.Single(rules.Validate(MemberCategory.Defaults.Select(c => c.Code)));
    }

    [Fact]
    public void Validate_DuplicateRuleCode_IsAProblem()
    {
        var rules = FiveHavesRuleSet.Default with { Rules = FiveHavesRuleSet.Default.Rules.Add(FiveHavesRuleSet.Default.Rules[0]) };

        Assert.Contains(rules.Validate(MemberCategory.Defaults.Select(c => c.Code)), e => e.Contains("leading-cadres", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGridGov_UnknownCategoryInConfiguredRules_FailsWhenOptionsAreRead()
    {
        using var host = Host(o => o.Rules = FiveHavesRuleSet.Default.WithMinimum(FiveHavesRuleSet.LawEnforcementRule, "traffic-police", 1));

        var ex = Assert.Throws<OptionsValidationException>(() => host.Get<IOptions<CommitteeOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("traffic-police", StringComparison.Ordinal));
    }

    [Fact]
    public void AddGridGov_BadQuorum_FailsTheStartupValidation()
    {
        using var host = Host(o => o.Quorum = new QuorumRule(3, 2, true));

        var ex = Assert.Throws<OptionsValidationException>(() => host.Get<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains("3/2", StringComparison.Ordinal));
    }
}
