using GridGov.Sdk.Privacy;
using GridGov.Sdk.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace GridGov.Sdk.Access;

/// <summary>
/// Records refusals of the access policy: an <see cref="AccessRefused"/> event appended to the
/// <see cref="StreamId"/> stream (durable and hash-chained like every event), a warning through
/// <see cref="ILogger"/> and the <c>gridgov.issue.refusals</c> counter.
/// </summary>
/// <remarks>Thread-safe: appends are serialized, and a conflict with another node is retried at the version the store reports.</remarks>
internal sealed partial class SecurityLog
{
    /// <summary>The stream every refusal is appended to.</summary>
    public const string StreamId = "security-log";

    private const int MaxAttempts = 16;

    private readonly IEventStore _store;
    private readonly IClock _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _version;

    public SecurityLog(IEventStore store, IClock clock, ILogger logger)
    {
        _store = store;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Records a refusal and returns the exception to throw. If the log cannot be written, that is logged as an error
    /// and the refusal still stands. The event's metadata names <paramref name="attemptedBy"/> (by default the actor
    /// refused) with its display name masked as audit output masks it: a refusal needs the id, never a resident's name.
    /// </summary>
    public async Task<AccessDeniedException> RefuseAsync(AccessDecision decision, Actor actor, string workflow, string trigger, AccessTarget target, Action<RecordedEvent>? recorded, Actor? attemptedBy = null)
    {
        var refusal = new AccessDeniedException(decision, actor, workflow, trigger, target);
        var now = _clock.GetCurrentInstant();
        LogRefused(actor.Id, workflow, trigger, target.Id, refusal.Code);
        GridGovDiagnostics.Refusals.Add(1, new KeyValuePair<string, object?>("code", refusal.Code));
        var data = new EventData(
            new AccessRefused(actor.Id, actor.Roles, workflow, trigger, target.Id, refusal.Code, now),
            new EventMetadata(Masked(attemptedBy ?? actor), now, refusal.Code));
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        var result = await _store.AppendAsync(StreamId, _version, [data], CancellationToken.None).ConfigureAwait(false);
                        _version = result.StreamVersion;
                        foreach (var e in result.Events)
                        {
                            recorded?.Invoke(e);
                        }

                        break;
                    }
                    catch (StreamVersionConflictException conflict) when (attempt < MaxAttempts)
                    {
                        _version = conflict.ActualVersion; // another node (or an earlier process) wrote since
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRecordFailed(ex, actor.Id, workflow, trigger, target.Id, refusal.Code);
        }

        return refusal;
    }

    /// <summary>The actor as the security log stores it: the display name masked (<see cref="PersonalDataMask.ActorName"/>), the rest as given.</summary>
    internal static Actor Masked(Actor actor)
    {
        var name = PersonalDataMask.ActorName(actor);
        return name == actor.DisplayName ? actor : new Actor(actor.Id, name) { Kind = actor.Kind, Roles = actor.Roles, Scopes = actor.ScopeArray };
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Access refused: actor {ActorId} may not {Trigger} {Workflow} {TargetId} ({Code}).")]
    private partial void LogRefused(string actorId, string workflow, string trigger, string targetId, string code);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Error, Message = "The security log could not record that actor {ActorId} was refused {Trigger} on {Workflow} {TargetId} ({Code}); the refusal stands.")]
    private partial void LogRecordFailed(Exception exception, string actorId, string workflow, string trigger, string targetId, string code);
}
