using GridGov.Sdk.Access;

namespace GridGov.Sdk.Privacy;

/// <summary>
/// Personal data's side of the access policy: one policy decides who may read residents' data unmasked and
/// who may erase it, as the workflow <see cref="WorkflowName"/> with the triggers <see cref="RevealTrigger"/>
/// and <see cref="EraseTrigger"/>, the target's place being the place the data belongs to.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class PersonalDataAccess
{
    /// <summary>The workflow name personal-data rules are keyed by.</summary>
    public const string WorkflowName = "personal-data";

    /// <summary>The trigger of <see cref="IPersonalDataVault.RevealAsync"/>.</summary>
    public const string RevealTrigger = "Reveal";

    /// <summary>The trigger of <see cref="IPersonalDataVault.EraseAsync"/>.</summary>
    public const string EraseTrigger = "Erase";

    /// <summary>Gets the triggers in the order the default policy lists them.</summary>
    public static IReadOnlyList<string> TriggerNames { get; } = [RevealTrigger, EraseTrigger];

    /// <summary>What the policy looks at in personal data: the reference as the id, and the place it belongs to (null when unknown: then only an actor whose scope is everywhere is covered).</summary>
    /// <param name="subject">The data.</param>
    /// <returns>The target.</returns>
    public static AccessTarget TargetOf(PersonalDataSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return new AccessTarget(subject.Ref.Value, subject.PlaceCode);
    }

    /// <summary>
    /// Adds the default rules: a community secretary, a mediator or a district administrator reads and erases
    /// residents' data where the data's place lies in one of their grid subtrees (or everywhere). Professional-grid
    /// scopes never qualify: a department sees the matter, not the resident.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const ActorRoles roles = ActorRoles.CommunitySecretary | ActorRoles.Mediator | ActorRoles.DistrictAdministrator;
        builder.Allow(WorkflowName, RevealTrigger, roles, AccessScopeRule.Place);
        builder.Allow(WorkflowName, EraseTrigger, roles, AccessScopeRule.Place);
        return builder;
    }
}
