using GridGov.Sdk.Access;

namespace GridGov.Sdk.Workflows;

/// <summary>
/// The access rules of rule-set versions: who may publish a version or migrate open items to it, where. By default
/// only district administrators (and integrated systems) whose scope covers the subtree (<see cref="AccessScopeRule.Place"/>
/// with the subtree's root as the place).
/// </summary>
public static class RuleSetAccess
{
    /// <summary>The workflow name the access policy knows rule-set versions by.</summary>
    public const string WorkflowName = "rule-sets";

    /// <summary>The trigger of publishing a version.</summary>
    public const string PublishTrigger = "Publish";

    /// <summary>The trigger of migrating open items (and of its dry run).</summary>
    public const string MigrateTrigger = "Migrate";

    /// <summary>Adds the default rules to a policy builder.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const ActorRoles managers = ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration;
        builder.Allow(WorkflowName, PublishTrigger, managers, AccessScopeRule.Place);
        builder.Allow(WorkflowName, MigrateTrigger, managers, AccessScopeRule.Place);
        return builder;
    }
}
