using System.Text.Json.Serialization;
using NodaTime;

namespace GridGov.Sdk.Access;

/// <summary>
/// A refusal by the access policy, as recorded in the security log (stream <see cref="AuditTrail.SecurityLogStreamId"/>,
/// stable type name <c>access.refused</c>). Plain data: ids and codes, no display names.
/// </summary>
/// <param name="ActorId">Who was refused.</param>
/// <param name="ActorRoles">The roles the actor held (stored as their stable numbers).</param>
/// <param name="Workflow">The workflow's name.</param>
/// <param name="Trigger">The trigger refused.</param>
/// <param name="TargetId">The aggregate it was aimed at.</param>
/// <param name="Code">The refusal's stable code.</param>
/// <param name="At">When, from the injected clock.</param>
public sealed record AccessRefused(
    string ActorId,
    [property: JsonConverter(typeof(JsonNumberEnumConverter<ActorRoles>))] ActorRoles ActorRoles,
    string Workflow,
    string Trigger,
    string TargetId,
    string Code,
    Instant At);
