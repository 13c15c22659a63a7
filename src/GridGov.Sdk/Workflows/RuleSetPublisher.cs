using GridGov.Sdk.Access;
using GridGov.Sdk.Grids;
using GridGov.Sdk.Storage;
using NodaTime;

namespace GridGov.Sdk.Workflows;

/// <summary>
/// The publication machinery one area's service shares with the others (docs/adr/0030): the checks every version
/// command makes (input, access policy, place), the publications' stream, and the versions for new items, reloaded
/// when the area's read model has seen a publication this node has not.
/// </summary>
/// <remarks>Thread-safe.</remarks>
/// <typeparam name="T">The area's rule set.</typeparam>
internal sealed class RuleSetPublisher<T>
    where T : class
{
    private readonly string _area;
    private readonly string _streamId;
    private readonly VersionedGridRules<T> _configured;
    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly GridHierarchyHolder _territory;
    private readonly AccessGate _gate;
    private readonly Func<long> _seen;
    private readonly Action<RecordedEvent> _recorded;
    private readonly Func<T, int> _versionOf;
    private readonly string _configureHint;
    private volatile VersionedGridRules<T> _versions;
    private long _versionsSeen = -1;

    public RuleSetPublisher(string area, VersionedGridRules<T> configured, Func<T, int> versionOf, string configureHint, IEventStore store, IClock clock, GridHierarchyHolder territory, AccessGate gate, Func<long> seen, Action<RecordedEvent> recorded)
    {
        _area = area;
        _streamId = RuleSetAreas.StreamIdOf(area);
        _configured = configured;
        _versions = configured;
        _versionOf = versionOf;
        _configureHint = configureHint;
        _store = store;
        _clock = clock;
        _territory = territory;
        _gate = gate;
        _seen = seen;
        _recorded = recorded;
    }

    /// <summary>Gets the versions as last loaded (for items that exist: their version is found by place and number).</summary>
    public VersionedGridRules<T> Current => _versions;

    /// <summary>The versions for new items, reloaded when the read model has seen a publication this node has not.</summary>
    public ValueTask<VersionedGridRules<T>> ForNewItemsAsync(CancellationToken cancellationToken)
        => Interlocked.Read(ref _versionsSeen) == _seen() ? new(_versions) : ReloadAsync(cancellationToken);

    /// <summary>The checks every version command shares: its input, then the access policy, then the place.</summary>
    public async ValueTask<GridNode> CheckAsync(Actor? actor, string? subtreeCode, string? reason, string trigger)
    {
        if (actor is null || string.IsNullOrWhiteSpace(subtreeCode) || string.IsNullOrWhiteSpace(reason))
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.InvalidCommandCode,
                "A publication or migration names its actor, its subtree and its reason (the why every change records).",
                subtreeCode);
        }

        await _gate.AuthorizeAsync(actor, RuleSetAccess.WorkflowName, trigger, new AccessTarget($"{_area}@{subtreeCode}", subtreeCode)).ConfigureAwait(false);
        if (!_territory.Current.TryGetNode(subtreeCode, out var node) || node.IsRetired)
        {
            throw new RuleSetRejectedException(RuleSetRejectedException.PlaceUnknownCode, $"'{subtreeCode}' is not a live node of the grid hierarchy.", subtreeCode);
        }

        return node;
    }

    /// <summary>Publishes a configured version at a subtree after the checks; see the areas' services.</summary>
    public async Task<RuleSetPublished> PublishAsync(Actor? actor, string? subtreeCode, int version, string? reason, int definitionVersion, CancellationToken cancellationToken)
    {
        var node = await CheckAsync(actor, subtreeCode, reason, RuleSetAccess.PublishTrigger).ConfigureAwait(false);
        var (versions, streamVersion) = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (versions.Find(node.Code, version) is null)
        {
            var held = versions.VersionsOf(node.Code);
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionUnknownCode,
                $"Subtree '{node.Code}' has no {_area} rule set of version {version} configured ({(held.Count == 0 ? "none" : "it has " + string.Join(", ", held))}); add it to {_configureHint} first.",
                node.Code);
        }

        var current = _versionOf(versions.Resolve(node));
        if (version <= current)
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionNotNewerCode,
                $"Version {current} of the {_area} rules is in force at '{node.Code}'; publish a newer version (versions only move forward).",
                node.Code);
        }

        var published = new RuleSetPublished(_area, node.Code, current, version);
        var metadata = new EventMetadata(actor!, _clock.GetCurrentInstant(), reason, definitionVersion);
        AppendResult appended;
        try
        {
            appended = await _store.AppendAsync(_streamId, streamVersion, [new EventData(published, metadata)], cancellationToken).ConfigureAwait(false);
        }
        catch (StreamVersionConflictException conflict)
        {
            throw new WorkflowConcurrencyException(_streamId, conflict.ExpectedVersion, conflict.ActualVersion, conflict);
        }

        foreach (var recorded in appended.Events)
        {
            _recorded(recorded);
        }

        _versions = versions.Publish(node.Code, version);
        return published;
    }

    /// <summary>The checks of a migration (or its dry run): those of every command, then the version must be the one in force.</summary>
    public async Task<(GridNode Node, VersionedGridRules<T> Versions, T InForce)> CheckMigrationAsync(Actor? actor, string? subtreeCode, int toVersion, string? reason, CancellationToken cancellationToken)
    {
        var node = await CheckAsync(actor, subtreeCode, reason, RuleSetAccess.MigrateTrigger).ConfigureAwait(false);
        var (versions, _) = await LoadAsync(cancellationToken).ConfigureAwait(false);
        var inForce = versions.Resolve(node);
        if (_versionOf(inForce) != toVersion)
        {
            throw new RuleSetRejectedException(
                RuleSetRejectedException.VersionNotInForceCode,
                $"Version {_versionOf(inForce)} of the {_area} rules is in force at '{node.Code}', not {toVersion}; publish it first, or migrate to {_versionOf(inForce)}.",
                node.Code);
        }

        return (node, versions, inForce);
    }

    private async ValueTask<VersionedGridRules<T>> ReloadAsync(CancellationToken cancellationToken)
        => (await LoadAsync(cancellationToken).ConfigureAwait(false)).Versions;

    /// <summary>Reads every publication from the store and applies it to the configured versions (the authority for commands).</summary>
    private async ValueTask<(VersionedGridRules<T> Versions, long StreamVersion)> LoadAsync(CancellationToken cancellationToken)
    {
        var seen = _seen();
        var stream = await _store.ReadStreamAsync(_streamId, cancellationToken).ConfigureAwait(false);
        var versions = _configured;
        foreach (var recorded in stream)
        {
            if (recorded.Payload is RuleSetPublished p)
            {
                // A publication the configuration cannot honour is a deployment error: fail loudly, never guess.
                if (versions.Find(p.SubtreeCode, p.Version) is null)
                {
                    throw new InvalidOperationException($"The log says version {p.Version} of the {_area} rules was published for '{p.SubtreeCode}', but {_configureHint} holds no such version. Configure it again.");
                }

                versions = versions.Publish(p.SubtreeCode, p.Version);
            }
        }

        _versions = versions;
        Interlocked.Exchange(ref _versionsSeen, seen);
        return (versions, stream.Count);
    }
}
