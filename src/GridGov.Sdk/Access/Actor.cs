namespace GridGov.Sdk.Access;

/// <summary>
/// Who did something (操作人): a person or a system acting through the SDK. Every command names
/// its actor and every event records it.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record Actor
{
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

    /// <summary>The actor used for changes the SDK makes by itself (imports, automatic escalation).</summary>
    public static Actor System { get; } = new("system", "System");

    /// <inheritdoc />
    public override string ToString() => $"{DisplayName} ({Id})";
}
