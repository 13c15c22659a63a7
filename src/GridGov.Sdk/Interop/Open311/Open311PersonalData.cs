using GridGov.Sdk.Issues;

namespace GridGov.Sdk.Interop.Open311;

/// <summary>
/// The personal data (个人信息) an Open311 request may carry: first_name, last_name, phone, email and
/// device_id. None of it is stored in the issue or echoed in any answer; it goes only to an
/// <see cref="IOpen311PersonalDataVault"/>.
/// </summary>
/// <param name="FirstName">first_name.</param>
/// <param name="LastName">last_name.</param>
/// <param name="Phone">phone.</param>
/// <param name="Email">email.</param>
/// <param name="DeviceId">device_id.</param>
/// <remarks>Immutable and thread-safe. <see cref="ToString"/> never shows the values.</remarks>
public sealed record Open311PersonalData(string? FirstName, string? LastName, string? Phone, string? Email, string? DeviceId)
{
    /// <summary>Gets whether any field is present.</summary>
    public bool IsEmpty => FirstName is null && LastName is null && Phone is null && Email is null && DeviceId is null;

    /// <summary>Says which fields are present, never their values.</summary>
    /// <returns>A masked description.</returns>
    public override string ToString()
    {
        var present = new[] { ("first_name", FirstName), ("last_name", LastName), ("phone", Phone), ("email", Email), ("device_id", DeviceId) }
            .Where(f => f.Item2 is not null)
            .Select(f => f.Item1);
        return $"Open311PersonalData(withheld: {string.Join(", ", present)})";
    }
}

/// <summary>
/// The seam where a personal-data vault (个人信息保管) receives what an Open311 request said about the
/// person who sent it, keyed by the issue it created. The SDK never stores that data with the issue.
/// </summary>
/// <remarks>
/// The default registration discards it. A vault that encrypts, retains and releases it under the
/// access policy replaces the registration. Implementations must be thread-safe.
/// </remarks>
public interface IOpen311PersonalDataVault
{
    /// <summary>Receives the personal data of a request that created an issue.</summary>
    /// <param name="issueId">The issue the request created.</param>
    /// <param name="personalData">The data; never empty when called.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>A task that completes when the vault has taken it.</returns>
    ValueTask KeepAsync(IssueId issueId, Open311PersonalData personalData, CancellationToken cancellationToken);
}

/// <summary>The default vault until a real one is registered: keeps nothing.</summary>
internal sealed class DiscardingOpen311PersonalDataVault : IOpen311PersonalDataVault
{
    public ValueTask KeepAsync(IssueId issueId, Open311PersonalData personalData, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
