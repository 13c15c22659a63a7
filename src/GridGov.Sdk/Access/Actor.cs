namespace GridGov.Sdk.Access;

/// <summary>
/// Who did something (操作人): a person, an organization or a system acting through the SDK. Every
/// command names its actor and every event records it. An actor holds roles (<see cref="Roles"/>) and
/// scopes (<see cref="Scopes"/>): the access policy lets a role fire a trigger only within a scope.
/// </summary>
/// <remarks>Immutable and thread-safe. Two actors are equal when id, name, kind, roles and scopes are equal.</remarks>
public sealed record Actor
{
    private readonly AccessScope[] _scopes = [];

    /// <summary>Creates an actor.</summary>
    /// <param name="id">A stable identifier, unique within the deployment (for example a staff number).</param>
    /// <param name="displayName">A name to show in audit trails.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> or <paramref name="displayName"/> is empty.</exception>
    public Actor(string id, string displayName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(displayName);
        Id = id;
        DisplayName = displayName;
    }

    /// <summary>Gets the actor's stable identifier.</summary>
    public string Id { get; }

    /// <summary>Gets the name shown in audit trails.</summary>
    public string DisplayName { get; }

    /// <summary>Gets whether the actor is a person, an organization or a system. Defaults to <see cref="ActorKind.Person"/>.</summary>
    public ActorKind Kind { get; init; } = ActorKind.Person;

    /// <summary>Gets the roles the actor holds (several may be combined). Defaults to none.</summary>
    /// <remarks>Stored in event metadata as its stable number, so renaming a role never changes history.</remarks>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonNumberEnumConverter<ActorRoles>))]
    public ActorRoles Roles { get; init; }

    /// <summary>Gets the places and professional grids the actor may act in. Defaults to none.</summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public IReadOnlyList<AccessScope> Scopes
    {
        get => _scopes;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _scopes = [.. value];
            foreach (var scope in _scopes)
            {
                ArgumentNullException.ThrowIfNull(scope, nameof(value));
            }
        }
    }

    /// <summary>Gets the scopes without copying, for the access check's hot path.</summary>
    internal AccessScope[] ScopeArray => _scopes;

    /// <summary>The actor used for changes the SDK makes by itself (imports, automatic escalation).</summary>
    public static Actor System { get; } = new("system", "System")
    {
        Kind = ActorKind.System,
        Roles = ActorRoles.SystemIntegration,
        Scopes = [AccessScope.Everywhere],
    };

    /// <summary>Whether the actor holds at least one of the given roles.</summary>
    /// <param name="roles">One role or several combined.</param>
    /// <returns><see langword="true"/> when any of them is held.</returns>
    public bool HasAnyRole(ActorRoles roles) => (Roles & roles) != 0;

    /// <inheritdoc />
    public bool Equals(Actor? other)
        => other is not null
           && (ReferenceEquals(this, other)
               || (Id == other.Id && DisplayName == other.DisplayName && Kind == other.Kind && Roles == other.Roles && _scopes.AsSpan().SequenceEqual(other._scopes)));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, DisplayName, Kind, Roles, _scopes.Length);

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Id})";
}

/// <summary>What kind of party an <see cref="Actor"/> is.</summary>
public enum ActorKind
{
    /// <summary>A natural person: a resident, a grid worker, a cadre.</summary>
    Person = 0,

    /// <summary>An organization acting as itself: a unit (单位), an enterprise, a department.</summary>
    Organization = 1,

    /// <summary>Software: the SDK itself or another system integrated with it.</summary>
    System = 2,
}

/// <summary>
/// The roles an actor may hold; combine them with <c>|</c>. The numeric values are stable (they are stored).
/// </summary>
[Flags]
public enum ActorRoles
{
    /// <summary>No role.</summary>
    None = 0,

    /// <summary>A resident (居民): reports problems, rates and confirms their own matters.</summary>
    Resident = 1 << 0,

    /// <summary>A grid worker (网格员): patrols and acts in their own grid.</summary>
    GridWorker = 1 << 1,

    /// <summary>A party member (党员), including one under dual reporting (双报到).</summary>
    PartyMember = 1 << 2,

    /// <summary>Staff of a unit (单位) or enterprise that claims or handles problems.</summary>
    UnitStaff = 1 << 3,

    /// <summary>A community party secretary (社区书记) acting for the community.</summary>
    CommunitySecretary = 1 << 4,

    /// <summary>A member of a community committee (社工委委员).</summary>
    CommitteeMember = 1 << 5,

    /// <summary>A street (街道) cadre.</summary>
    StreetCadre = 1 << 6,

    /// <summary>Staff of a functional department that owns a professional grid (职能部门).</summary>
    DepartmentStaff = 1 << 7,

    /// <summary>A mediator (调解员).</summary>
    Mediator = 1 << 8,

    /// <summary>A district administrator (区级管理员).</summary>
    DistrictAdministrator = 1 << 9,

    /// <summary>Another system integrated with the SDK, or the SDK itself.</summary>
    SystemIntegration = 1 << 10,
}

/// <summary>What an <see cref="AccessScope"/> covers.</summary>
public enum AccessScopeKind
{
    /// <summary>A node of the grid hierarchy and everything below it.</summary>
    GridSubtree = 0,

    /// <summary>One professional grid (专业网格) and what is dispatched to it.</summary>
    ProfessionalGrid = 1,

    /// <summary>Everywhere in the deployment.</summary>
    Everywhere = 2,
}

/// <summary>Where an actor may act: a grid subtree, a professional grid, or everywhere.</summary>
/// <param name="Kind">What the scope covers.</param>
/// <param name="Code">The grid node or professional grid code; empty for <see cref="AccessScopeKind.Everywhere"/>.</param>
public sealed record AccessScope(AccessScopeKind Kind, string Code)
{
    /// <summary>Everywhere in the deployment.</summary>
    public static AccessScope Everywhere { get; } = new(AccessScopeKind.Everywhere, string.Empty);

    /// <summary>A grid node and everything below it.</summary>
    /// <param name="nodeCode">The node's code.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException">The code is empty.</exception>
    public static AccessScope Subtree(string nodeCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeCode);
        return new(AccessScopeKind.GridSubtree, nodeCode);
    }

    /// <summary>One professional grid.</summary>
    /// <param name="gridCode">The professional grid's code.</param>
    /// <returns>The scope.</returns>
    /// <exception cref="ArgumentException">The code is empty.</exception>
    public static AccessScope ProfessionalGrid(string gridCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gridCode);
        return new(AccessScopeKind.ProfessionalGrid, gridCode);
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AccessScopeKind.Everywhere => "everywhere",
        AccessScopeKind.ProfessionalGrid => $"professional grid {Code}",
        _ => $"subtree {Code}",
    };
}
