using GridGov.Sdk.Access;

namespace GridGov.Sdk.Grids;

/// <summary>
/// The grid hierarchy's side of the access policy: its workflow and trigger names and its default rules
/// (see docs/access.md). <see cref="GridHierarchyHolder"/> checks them before anything else.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class GridAccess
{
    /// <summary>The workflow name the grid commands' rules are keyed by.</summary>
    public const string WorkflowName = "grid-hierarchy";

    /// <summary>The trigger of <see cref="GridHierarchyHolder.ImportAsync"/>: records a whole hierarchy; its place is the hierarchy's root.</summary>
    public const string ImportTrigger = "Import";

    /// <summary>The trigger of <see cref="GridHierarchyHolder.ApplyAsync(IReadOnlyList{GridChange}, Actor, string?, long?, CancellationToken)"/> (and the in-memory <see cref="GridHierarchyHolder.Apply"/>): every node a change touches is a place checked.</summary>
    public const string ApplyChangesTrigger = "ApplyChanges";

    /// <summary>The trigger of <see cref="GridHierarchyHolder.SetProfessionalGridsAsync"/>: the nodes covered by every grid added, changed or removed are the places checked.</summary>
    public const string SetProfessionalGridsTrigger = "SetProfessionalGrids";

    /// <summary>The trigger of <see cref="GridHierarchyHolder.SetHouseholdsAsync"/>: the leaf of every household, the unit of every staff member and the household of every contact added, changed or removed are the places checked.</summary>
    public const string SetHouseholdsTrigger = "SetHouseholds";

    /// <summary>The trigger of <see cref="GridHierarchyHolder.SetCadreRosterAsync"/>: the place of every assignment added, changed or removed is checked.</summary>
    public const string SetCadreRosterTrigger = "SetCadreRoster";

    /// <summary>Gets the trigger names in the order the default policy lists them.</summary>
    public static IReadOnlyList<string> TriggerNames { get; } = [ImportTrigger, ApplyChangesTrigger, SetProfessionalGridsTrigger, SetHouseholdsTrigger, SetCadreRosterTrigger];

    /// <summary>
    /// Adds the grid commands' default rules: a district administrator or the system integration imports
    /// whole hierarchies (the place is the root, so their scope must reach it); district administrators,
    /// street cadres and community secretaries change the hierarchy and its professional grids, households
    /// and cadre roster within their subtree, and so does the system integration where its scope reaches
    /// (everywhere, for <see cref="Actor.System"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder, so that additional calls can be chained.</returns>
    public static AccessPolicyBuilder AddDefaultRules(AccessPolicyBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        const ActorRoles editors = ActorRoles.DistrictAdministrator | ActorRoles.StreetCadre | ActorRoles.CommunitySecretary | ActorRoles.SystemIntegration;
        builder.Allow(WorkflowName, ImportTrigger, ActorRoles.DistrictAdministrator | ActorRoles.SystemIntegration, AccessScopeRule.Place);
        builder.Allow(WorkflowName, ApplyChangesTrigger, editors, AccessScopeRule.Place);
        builder.Allow(WorkflowName, SetProfessionalGridsTrigger, editors, AccessScopeRule.Place);
        builder.Allow(WorkflowName, SetHouseholdsTrigger, editors, AccessScopeRule.Place);
        builder.Allow(WorkflowName, SetCadreRosterTrigger, editors, AccessScopeRule.Place);
        return builder;
    }
}
