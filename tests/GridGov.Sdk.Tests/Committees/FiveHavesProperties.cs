using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using GridGov.Sdk.Committees;
using NodaTime;
using static GridGov.Sdk.Tests.Committees.CommitteeFixtures;

namespace GridGov.Sdk.Tests.Committees;

/// <summary>A random committee history: appointments the service would accept, secretaries, and a date to ask about.</summary>
public sealed record CommitteeSpec(IReadOnlyList<CommitteeAppointment> Appointments, IReadOnlyList<(string Id, LocalDate Since)> Secretaries, LocalDate Date)
{
    public Committee Build()
    {
        var committee = CommitteeFixtures.Build(Appointments, secretaryId: null);
        foreach (var (id, since) in Secretaries)
        {
            committee = committee.Apply(new PartySecretaryRecorded(id, id, since) { CommitteeId = committee.Id });
        }

        return committee;
    }

    public override string ToString()
        => $"date {Date}; secretaries [{string.Join(", ", Secretaries.Select(s => $"{s.Id}@{s.Since}"))}]; "
           + string.Join("; ", Appointments.Select(a => $"{a.MemberId}/{a.Category}/{a.Position} {a.Start}..{a.End?.ToString() ?? "∞"}"));
}

/// <summary>A committee and one more member who qualifies on the date (serving then, as an ordinary member, not a duplicate).</summary>
public sealed record CommitteeWithNewMember(CommitteeSpec Spec, CommitteeAppointment NewMember)
{
    public override string ToString() => $"{Spec} + {NewMember.MemberId}/{NewMember.Category} from {NewMember.Start}";
}

/// <summary>Generators for <see cref="FiveHavesProperties"/>. Members come from a pool of 8 ids so that people hold several categories and secretaries are often members.</summary>
public static class CommitteeArbitraries
{
    private static readonly LocalDate Origin = new(2024, 1, 1);
    private static readonly string[] Ids = ["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"];
    private static readonly MemberCategory[] SixCategories =
        [MemberCategory.LeadingCadre, MemberCategory.WorkingStaff, MemberCategory.LawEnforcement, MemberCategory.EnterpriseRepresentative, MemberCategory.ResidentRepresentative, MemberCategory.VolunteerTeam, MemberCategory.PropertyCompany];

    private static readonly Gen<CommitteeAppointment> Appointment =
        from id in Gen.Elements(Ids)
        from category in Gen.Elements(SixCategories)
        from director in Gen.Frequency((1, Gen.Constant(true)), (6, Gen.Constant(false)))
        from start in Gen.Choose(0, 600)
        from length in Gen.Frequency((2, Gen.Constant(0)), (3, Gen.Choose(1, 500)))
        select new CommitteeAppointment(0, id, id, CommitteeMemberKind.Person, category.Code, director ? CommitteePosition.Director : CommitteePosition.Member,
            Origin.PlusDays(start), length == 0 ? null : Origin.PlusDays(start + length));

    private static readonly Gen<CommitteeSpec> Specs =
        from appointments in Gen.ListOf(Appointment).Select(a => a.Take(24).ToList())
        from secretaryCount in Gen.Choose(0, 3)
        from secretaries in Gen.ArrayOf(Gen.Zip(Gen.Elements(Ids), Gen.Choose(0, 700)), secretaryCount)
        from date in Gen.Choose(0, 1000)
        select new CommitteeSpec(Accepted(appointments), [.. secretaries.Select(s => (s.Item1, Origin.PlusDays(s.Item2)))], Origin.PlusDays(date));

    public static Arbitrary<CommitteeSpec> Committees() => Arb.From(Specs);

    public static Arbitrary<CommitteeWithNewMember> CommitteesWithNewMember() => Arb.From(
        from spec in Specs
        from id in Gen.Elements([.. Ids, "newcomer"])
        from category in Gen.Elements(SixCategories)
        from before in Gen.Choose(0, 300)
        let start = spec.Date.PlusDays(-before)
        let clash = spec.Appointments.Any(a => a.MemberId == id && a.Category == category.Code && a.Overlaps(start, null))
        select new CommitteeWithNewMember(spec, new CommitteeAppointment(0, clash ? "newcomer-" + category.Code : id, id, CommitteeMemberKind.Person, category.Code, CommitteePosition.Member, start, null)));

    /// <summary>Drops what the service refuses: the same member twice in one category, or two directors, for overlapping periods.</summary>
    private static List<CommitteeAppointment> Accepted(IEnumerable<CommitteeAppointment> candidates)
    {
        var kept = new List<CommitteeAppointment>();
        foreach (var a in candidates)
        {
            var duplicate = kept.Any(k => k.MemberId == a.MemberId && k.Category == a.Category && k.Overlaps(a.Start, a.End));
            var secondDirector = a.Position == CommitteePosition.Director && kept.Any(k => k.Position == CommitteePosition.Director && k.Overlaps(a.Start, a.End));
            if (!duplicate && !secondDirector)
            {
                kept.Add(a);
            }
        }

        return kept;
    }
}

/// <summary>Properties of the five-haves evaluation over random committee histories.</summary>
[Properties(Arbitrary = [typeof(CommitteeArbitraries)], MaxTest = 300)]
public sealed class FiveHavesProperties
{
    private static readonly FiveHavesEvaluator Default = new(FiveHavesRuleSet.Default);

    [Property]
    public void AddingAQualifyingMember_NeverTurnsAMetRuleUnmet(CommitteeWithNewMember c)
    {
        var before = Default.Evaluate(c.Spec.Build(), c.Spec.Date);
        var after = Default.Evaluate(new CommitteeSpec([.. c.Spec.Appointments, c.NewMember], c.Spec.Secretaries, c.Spec.Date).Build(), c.Spec.Date);

        for (var i = 0; i < before.Rules.Count; i++)
        {
            Assert.False(before.Rules[i].IsMet && !after.Rules[i].IsMet, $"{before.Rules[i].RuleCode} turned unmet");
        }

        Assert.True(!before.MeetsStandard || after.MeetsStandard);
    }

    [Property]
    public void EvaluationAsOfADate_EqualsEvaluationOfTheMembershipFilteredToThatDate(CommitteeSpec spec)
    {
        var full = spec.Build();
        var filtered = new CommitteeSpec(
            [.. spec.Appointments.Where(a => a.IsActiveOn(spec.Date)).Select(a => a with { End = null })],
            [.. spec.Secretaries.Where(s => s.Since <= spec.Date)],
            spec.Date).Build();

        var a = Default.Evaluate(full, spec.Date);
        var b = Default.Evaluate(filtered, spec.Date);

        Assert.Equal(Shape(a), Shape(b));
        Assert.Equal(Default.UnmetMask(full, spec.Date), Default.UnmetMask(filtered, spec.Date));
    }

    [Property]
    public void MeetsTheDefaultStandard_IffEachOfTheSixChecksHolds(CommitteeSpec spec)
    {
        var committee = spec.Build();
        var active = spec.Appointments.Where(a => a.Start <= spec.Date && (a.End is null || spec.Date < a.End)).ToList();
        bool Has(MemberCategory c) => active.Any(a => a.Category == c.Code);
        var director = active.FirstOrDefault(a => a.Position == CommitteePosition.Director);
        var secretary = spec.Secretaries.Where(s => s.Since <= spec.Date).OrderBy(s => s.Since).Select(s => (string?)s.Id).LastOrDefault();
        bool[] checks =
        [
            Has(MemberCategory.LeadingCadre),
            Has(MemberCategory.WorkingStaff),
            Has(MemberCategory.LawEnforcement),
            Has(MemberCategory.EnterpriseRepresentative) && Has(MemberCategory.ResidentRepresentative),
            Has(MemberCategory.VolunteerTeam),
            director is not null && secretary is not null && director.MemberId == secretary,
        ];

        var evaluation = Default.Evaluate(committee, spec.Date);

        Assert.Equal(checks, evaluation.Rules.Select(r => r.IsMet));
        Assert.Equal(checks.All(x => x), evaluation.MeetsStandard);
        Assert.Equal(checks.All(x => x), Default.MeetsStandard(committee, spec.Date));
    }

    private static string Shape(CommitteeEvaluation e) => string.Join(
        " | ",
        e.Rules.Select(r => $"{r.RuleCode}:{r.Status}:{string.Join(",", r.Evidence.Select(x => x.MemberId + "/" + x.Category))}:{string.Join(",", r.Gaps.Select(g => g.Code + g.Category + g.Present))}"));
}
