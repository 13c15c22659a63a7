namespace GridGov.Sdk.Access;

/// <summary>
/// Builds an <see cref="AccessPolicy"/>: start empty, or from a policy with <see cref="AccessPolicy.ToBuilder"/>,
/// then allow, revoke or deny triggers by workflow and trigger name.
/// </summary>
/// <remarks>Not thread-safe; use it while composing the application.</remarks>
public sealed class AccessPolicyBuilder
{
    private readonly List<AccessRule> _rules = [];

    /// <summary>Gets the rules so far, in order.</summary>
    public IReadOnlyList<AccessRule> Rules => _rules;

    /// <summary>Lets the holders of any of <paramref name="roles"/> fire a trigger where <paramref name="scope"/> says.</summary>
    /// <param name="workflow">The workflow's name, such as <c>issue</c>.</param>
    /// <param name="trigger">The trigger's name, such as <c>Accept</c>.</param>
    /// <param name="roles">The roles granted; at least one.</param>
    /// <param name="scope">Where.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException">A name is empty, no role is given, or the scope rule is undefined.</exception>
    public AccessPolicyBuilder Allow(string workflow, string trigger, ActorRoles roles, AccessScopeRule scope)
        => Allow(new AccessRule(workflow, trigger, roles, scope));

    /// <summary>Adds a rule.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    /// <exception cref="ArgumentException">A name is empty, the rule grants nobody, or an enum value is undefined.</exception>
    public AccessPolicyBuilder Allow(AccessRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.Workflow, nameof(rule));
        ArgumentException.ThrowIfNullOrWhiteSpace(rule.Trigger, nameof(rule));
        if (rule.Roles == ActorRoles.None && rule.AlsoKind is null)
        {
            throw new ArgumentException($"The rule for {rule.Workflow}.{rule.Trigger} grants no role and no kind of actor.", nameof(rule));
        }

        if (!Enum.IsDefined(rule.Scope) || (rule.AlsoKind is { } kind && !Enum.IsDefined(kind)))
        {
            throw new ArgumentException($"The rule for {rule.Workflow}.{rule.Trigger} has an undefined scope rule or kind.", nameof(rule));
        }

        _rules.Add(rule);
        return this;
    }

    /// <summary>Adds rules.</summary>
    /// <param name="rules">The rules.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    public AccessPolicyBuilder AllowAll(IEnumerable<AccessRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            Allow(rule);
        }

        return this;
    }

    /// <summary>Takes roles away from every rule of a trigger; a rule left with no role and no kind is removed.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <param name="roles">The roles to take away.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    public AccessPolicyBuilder Revoke(string workflow, string trigger, ActorRoles roles)
    {
        for (var i = _rules.Count - 1; i >= 0; i--)
        {
            var rule = _rules[i];
            if (rule.Workflow == workflow && rule.Trigger == trigger)
            {
                var left = rule with { Roles = rule.Roles & ~roles };
                if (left.Roles == ActorRoles.None && left.AlsoKind is null)
                {
                    _rules.RemoveAt(i);
                }
                else
                {
                    _rules[i] = left;
                }
            }
        }

        return this;
    }

    /// <summary>Removes every rule of a trigger: nobody may fire it.</summary>
    /// <param name="workflow">The workflow's name.</param>
    /// <param name="trigger">The trigger's name.</param>
    /// <returns>This builder, so that additional calls can be chained.</returns>
    public AccessPolicyBuilder Deny(string workflow, string trigger)
    {
        _rules.RemoveAll(r => r.Workflow == workflow && r.Trigger == trigger);
        return this;
    }

    /// <summary>Builds the immutable policy.</summary>
    /// <returns>The policy.</returns>
    public AccessPolicy Build() => new(_rules);
}
