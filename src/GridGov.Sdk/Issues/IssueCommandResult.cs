using GridGov.Sdk.Storage;

namespace GridGov.Sdk.Issues;

/// <summary>The outcome of an issue command.</summary>
/// <param name="Issue">The issue after the command.</param>
/// <param name="Events">The events the command recorded; empty for a repeated delivery.</param>
/// <param name="WasDuplicate">Whether the command had been applied before (same idempotency key) and so did nothing now.</param>
public sealed record IssueCommandResult(Issue Issue, IReadOnlyList<RecordedEvent> Events, bool WasDuplicate);
