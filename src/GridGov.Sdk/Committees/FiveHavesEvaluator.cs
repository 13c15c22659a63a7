using System.Collections.Immutable;
using NodaTime;

namespace GridGov.Sdk.Committees;

/// <summary>
/// Evaluates committees against one <see cref="FiveHavesRuleSet"/>: per rule, met or not, with the
/// evidence (the members that satisfy it) or the gap (what is missing) in Chinese and English. The rule
/// set is validated and compiled once: categories become slots in a small count array, so checking a
/// committee is one pass over its appointments and a comparison per requirement.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class FiveHavesEvaluator
{
    private readonly Dictionary<string, MemberCategory> _categories;
    private readonly int[] _slotOfKey;
    private readonly int _slotCount;
    private readonly CompiledRule[] _compiled;

    /// <summary>Validates and compiles a rule set.</summary>
    /// <param name="rules">The rule set.</param>
    /// <param name="categories">The categories the deployment knows; <see cref="MemberCategory.Defaults"/> when null.</param>
    /// <exception cref="CommitteeConfigurationException">The rule set is invalid (for example it names an unknown category).</exception>
    public FiveHavesEvaluator(FiveHavesRuleSet rules, IEnumerable<MemberCategory>? categories = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var known = (categories ?? MemberCategory.Defaults).ToList();
        var errors = rules.Validate(known.Select(c => c.Code));
        if (errors.Count > 0)
        {
            throw new CommitteeConfigurationException(errors);
        }

        RuleSet = rules;
        _categories = known.GroupBy(c => c.Code, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var slots = new Dictionary<int, int>();
        _compiled = new CompiledRule[rules.Rules.Length];
        for (var i = 0; i < rules.Rules.Length; i++)
        {
            var rule = rules.Rules[i];
            var required = new (int Slot, int Minimum)[rule.Requires.Length];
            for (var j = 0; j < required.Length; j++)
            {
                var key = CategoryKeys.Of(rule.Requires[j].Category);
                if (!slots.TryGetValue(key, out var slot))
                {
                    slot = slots.Count;
                    slots[key] = slot;
                }

                required[j] = (slot, rule.Requires[j].Minimum);
            }

            _compiled[i] = new CompiledRule(required, rule.DirectorMustBePartySecretary, rule.InForceFrom, rule.Predicate);
        }

        _slotCount = slots.Count;
        _slotOfKey = new int[slots.Count == 0 ? 0 : slots.Keys.Max() + 1];
        Array.Fill(_slotOfKey, -1);
        foreach (var (key, slot) in slots)
        {
            _slotOfKey[key] = slot;
        }
    }

    /// <summary>Gets the rule set evaluated.</summary>
    public FiveHavesRuleSet RuleSet { get; }

    /// <summary>Evaluates a committee as of a date, rule by rule, with evidence and gaps.</summary>
    /// <param name="committee">The committee.</param>
    /// <param name="asOf">The date.</param>
    /// <returns>The evaluation.</returns>
    public CommitteeEvaluation Evaluate(Committee committee, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(committee);
        var view = committee.AsOf(asOf);
        var results = new RuleEvaluation[RuleSet.Rules.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = EvaluateRule(RuleSet.Rules[i], view);
        }

        return new CommitteeEvaluation(committee.Id, committee.UnitCode, asOf, RuleSet.Version, results);
    }

    /// <summary>Returns whether a committee meets every rule in force on a date; allocates nothing unless a rule has a predicate.</summary>
    /// <param name="committee">The committee.</param>
    /// <param name="asOf">The date.</param>
    /// <returns><see langword="true"/> if it meets the standard.</returns>
    public bool MeetsStandard(Committee committee, LocalDate asOf) => UnmetMask(committee, asOf) == 0;

    /// <summary>Returns one bit per rule (in <see cref="FiveHavesRuleSet.Rules"/> order) that is in force and not met.</summary>
    internal ulong UnmetMask(Committee committee, LocalDate asOf)
    {
        ArgumentNullException.ThrowIfNull(committee);
        Span<int> counts = _slotCount <= 16 ? stackalloc int[16] : new int[_slotCount];
        counts = counts[.._slotCount];
        var director = -1;
        var slotOfKey = _slotOfKey;
        var day = CommitteeAppointment.DayKey(asOf);
        var data = committee.Packed;
        var n = data[0];
        for (var b = 1; b < 1 + (4 * n); b += 4)
        {
            if (data[b] > day || day >= data[b + 1])
            {
                continue;
            }

            var key = data[b + 2];
            if ((uint)key < (uint)slotOfKey.Length && slotOfKey[key] is var slot and >= 0)
            {
                counts[slot]++;
            }

            if ((data[b + 3] & Committee.DirectorFlag) != 0)
            {
                director = data[b + 3] & ~Committee.DirectorFlag;
            }
        }

        // Secretaries are sorted by the date they took office: the last one on or before the day is in office.
        var secretary = int.MinValue;
        var s = 1 + (4 * n);
        for (var j = s + 1; j < s + 1 + (2 * data[s]); j += 2)
        {
            if (data[j] <= day)
            {
                secretary = data[j + 1];
            }
        }

        ulong unmet = 0;
        CommitteeAsOf? view = null;
        var compiled = _compiled;
        for (var r = 0; r < compiled.Length; r++)
        {
            ref readonly var rule = ref compiled[r];
            if (rule.InForceFrom is { } from && asOf < from)
            {
                continue;
            }

            bool met;
            if (rule.Predicate is { } predicate)
            {
                met = predicate(view ??= committee.AsOf(asOf)).Met;
            }
            else
            {
                met = true;
                foreach (var (slot, minimum) in rule.Required)
                {
                    if (counts[slot] < minimum)
                    {
                        met = false;
                        break;
                    }
                }

                if (met && rule.DirectorIsSecretary)
                {
                    met = director >= 0 && director == secretary;
                }
            }

            if (!met)
            {
                unmet |= 1UL << r;
            }
        }

        return unmet;
    }

    private RuleEvaluation EvaluateRule(FiveHavesRule rule, CommitteeAsOf view)
    {
        if (rule.InForceFrom is { } from && view.Date < from)
        {
            return new RuleEvaluation(rule.Code, rule.NameZh, rule.NameEn, RuleStatus.NotInForce, [], []);
        }

        if (rule.Predicate is { } predicate)
        {
            var check = predicate(view);
            return new RuleEvaluation(rule.Code, rule.NameZh, rule.NameEn, check.Met ? RuleStatus.Met : RuleStatus.Unmet, [.. check.Evidence], [.. check.Gaps]);
        }

        var evidence = ImmutableArray.CreateBuilder<CommitteeAppointment>();
        var gaps = ImmutableArray.CreateBuilder<FiveHavesGap>();
        foreach (var requirement in rule.Requires)
        {
            var members = view.Members.Where(m => m.Category == requirement.Category).ToList();
            evidence.AddRange(members);
            if (members.Count < requirement.Minimum)
            {
                var c = _categories.TryGetValue(requirement.Category, out var known) ? known : new MemberCategory(requirement.Category, requirement.Category, requirement.Category);
                gaps.Add(new FiveHavesGap(
                    FiveHavesGap.CategoryShortCode,
                    c.Code,
                    requirement.Minimum,
                    members.Count,
                    $"缺少{c.NameZh}：至少需要{requirement.Minimum}名，现有{members.Count}名",
                    $"Not enough {c.NameEn}: at least {requirement.Minimum} needed, {members.Count} present"));
            }
        }

        if (rule.DirectorMustBePartySecretary)
        {
            var director = view.Director;
            var secretary = view.PartySecretary;
            if (director is null)
            {
                gaps.Add(new FiveHavesGap(FiveHavesGap.NoDirectorCode, null, 0, 0, "未设主任", "No director serves"));
            }

            if (secretary is null)
            {
                gaps.Add(new FiveHavesGap(FiveHavesGap.NoPartySecretaryCode, null, 0, 0, "未登记单位党组织书记", "The unit's party secretary is not recorded"));
            }

            if (director is not null && secretary is not null)
            {
                if (director.MemberId == secretary.SecretaryId)
                {
                    evidence.Add(director);
                }
                else
                {
                    gaps.Add(new FiveHavesGap(
                        FiveHavesGap.DirectorNotSecretaryCode,
                        null,
                        0,
                        0,
                        $"主任{director.MemberName}不是党组织书记{secretary.SecretaryName}",
                        $"The director, {director.MemberName}, is not the party secretary, {secretary.SecretaryName}"));
                }
            }
        }

        return new RuleEvaluation(rule.Code, rule.NameZh, rule.NameEn, gaps.Count == 0 ? RuleStatus.Met : RuleStatus.Unmet, evidence.ToImmutable(), gaps.ToImmutable());
    }

    private readonly record struct CompiledRule((int Slot, int Minimum)[] Required, bool DirectorIsSecretary, LocalDate? InForceFrom, Func<CommitteeAsOf, FiveHavesCheck>? Predicate);
}

/// <summary>Whether a rule holds for a committee on a date.</summary>
public enum RuleStatus
{
    /// <summary>The rule holds.</summary>
    Met = 0,

    /// <summary>The rule does not hold; see the gaps.</summary>
    Unmet = 1,

    /// <summary>The rule is not in force yet on that date; it does not count against the committee.</summary>
    NotInForce = 2,
}

/// <summary>One rule's result for one committee on one date.</summary>
/// <param name="RuleCode">The rule's stable code.</param>
/// <param name="NameZh">The rule's name in Chinese.</param>
/// <param name="NameEn">The rule's name in English.</param>
/// <param name="Status">Met, unmet or not in force.</param>
/// <param name="Evidence">The members that satisfy the rule (as far as they go, when it is unmet).</param>
/// <param name="Gaps">What is missing; empty when met.</param>
public sealed record RuleEvaluation(string RuleCode, string NameZh, string NameEn, RuleStatus Status, IReadOnlyList<CommitteeAppointment> Evidence, IReadOnlyList<FiveHavesGap> Gaps)
{
    /// <summary>Gets whether the rule does not count against the committee (met, or not in force).</summary>
    public bool IsMet => Status != RuleStatus.Unmet;

    /// <summary>Gets the result in Chinese, naming the evidence or the gaps.</summary>
    public string MessageZh => Status switch
    {
        RuleStatus.Met => $"{NameZh}：符合（{string.Join("、", Evidence.Select(e => e.MemberName).Distinct())}）",
        RuleStatus.NotInForce => $"{NameZh}：尚未施行",
        _ => $"{NameZh}：不符合 — {string.Join("；", Gaps.Select(g => g.MessageZh))}",
    };

    /// <summary>Gets the result in English, naming the evidence or the gaps.</summary>
    public string MessageEn => Status switch
    {
        RuleStatus.Met => $"{NameEn}: met ({string.Join(", ", Evidence.Select(e => e.MemberName).Distinct())})",
        RuleStatus.NotInForce => $"{NameEn}: not in force yet",
        _ => $"{NameEn}: not met — {string.Join("; ", Gaps.Select(g => g.MessageEn))}",
    };
}

/// <summary>A committee's evaluation against a rule set on one date.</summary>
/// <param name="CommitteeId">The committee.</param>
/// <param name="UnitCode">Its unit.</param>
/// <param name="AsOf">The date.</param>
/// <param name="RuleSetVersion">The version of the rule set applied.</param>
/// <param name="Rules">One result per rule, in the rule set's order.</param>
public sealed record CommitteeEvaluation(CommitteeId CommitteeId, string UnitCode, LocalDate AsOf, int RuleSetVersion, IReadOnlyList<RuleEvaluation> Rules)
{
    /// <summary>Gets whether every rule in force is met.</summary>
    public bool MeetsStandard => Rules.All(r => r.IsMet);

    /// <summary>Gets the rules not met.</summary>
    public IEnumerable<RuleEvaluation> Unmet => Rules.Where(r => !r.IsMet);
}

/// <summary>Thrown when committee settings are invalid, such as a rule naming an unknown category. Raised at start-up.</summary>
public sealed class CommitteeConfigurationException : GridGovException
{
    /// <summary>The stable code of this exception.</summary>
    public const string ErrorCode = "committee.configuration-invalid";

    /// <summary>Creates the exception.</summary>
    /// <param name="problems">What is wrong.</param>
    public CommitteeConfigurationException(IReadOnlyList<string> problems)
        : base(ErrorCode, "Committee settings are invalid: " + string.Join(" ", problems))
    {
        Problems = problems;
    }

    /// <summary>Gets what is wrong, one message per problem.</summary>
    public IReadOnlyList<string> Problems { get; }
}
