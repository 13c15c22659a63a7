using System.Text;

namespace GridGov.Sdk.Access;

/// <summary>
/// One line of an <see cref="AccessPolicy"/>: the holders of any of <see cref="Roles"/> (or, when
/// <see cref="AlsoKind"/> is set, any actor of that kind) may fire <see cref="Trigger"/> of
/// <see cref="Workflow"/> where <see cref="Scope"/> says.
/// </summary>
/// <param name="Workflow">The workflow's name, such as <c>issue</c>.</param>
/// <param name="Trigger">The trigger's name, such as <c>Accept</c> (for issues: <c>Report</c> or an <see cref="Issues.IssueTrigger"/> name).</param>
/// <param name="Roles">The roles granted; an actor needs any one of them.</param>
/// <param name="Scope">Where they may fire it.</param>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record AccessRule(string Workflow, string Trigger, ActorRoles Roles, AccessScopeRule Scope)
{
    /// <summary>
    /// Gets a kind of actor granted the trigger whatever its roles, or null. The default policy grants
    /// department triggers to <see cref="ActorKind.Organization"/> actors acting as themselves (a 职能部门
    /// account), within their professional grids. The default value is null.
    /// </summary>
    public ActorKind? AlsoKind { get; init; }

    /// <summary>Whether the rule's roles or kind include the actor's.</summary>
    /// <param name="actor">The actor.</param>
    /// <returns><see langword="true"/> when the actor holds one of the roles or is of <see cref="AlsoKind"/>.</returns>
    public bool AppliesTo(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return (actor.Roles & Roles) != 0 || (AlsoKind is { } kind && actor.Kind == kind);
    }

    /// <summary>Describes who the rule grants, for tables: the role names and the kind, if any.</summary>
    /// <returns>For example <c>DepartmentStaff, any Organization</c>.</returns>
    public string DescribeWho()
    {
        var text = new StringBuilder(AccessPolicy.RoleNames(Roles));
        if (AlsoKind is { } kind)
        {
            text.Append(text.Length > 0 ? ", " : string.Empty).Append("any ").Append(kind);
        }

        return text.ToString();
    }

    /// <summary>Describes where the rule applies, for tables and refusals.</summary>
    /// <returns>A short phrase.</returns>
    public string DescribeWhere() => AccessPolicy.Describe(Scope);
}
