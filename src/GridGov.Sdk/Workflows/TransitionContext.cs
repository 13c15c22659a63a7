using GridGov.Sdk.Access;
using NodaTime;

namespace GridGov.Sdk.Workflows;

/// <summary>Continues a hook pipeline: the next hook, or the commit itself after the last hook.</summary>
/// <returns>A task that completes when everything after this hook has run.</returns>
public delegate ValueTask TransitionDelegate();

/// <summary>
/// Async middleware around a workflow transition (<c>InvokeAsync(context, next)</c>). Code before
/// <c>await next()</c> runs before the commit and may enrich the event (<see cref="TransitionContext.Annotations"/>)
/// or veto (<see cref="TransitionContext.Veto"/>); code after it runs once the event is durable
/// (<see cref="TransitionContext.IsCommitted"/>) and may notify other systems.
/// </summary>
/// <typeparam name="TContext">The workflow's context type.</typeparam>
/// <remarks>
/// A hook that throws or vetoes before the commit fails the command and nothing changes. A hook that
/// throws after the commit cannot undo it: the failure is logged and the command still succeeds.
/// Hooks are singletons called concurrently for different aggregates: they must be thread-safe.
/// </remarks>
public interface ITransitionHook<in TContext>
    where TContext : TransitionContext
{
    /// <summary>Runs around one transition.</summary>
    /// <param name="context">The transition.</param>
    /// <param name="next">Continues the pipeline; call it exactly once unless vetoing.</param>
    /// <returns>A task that completes when the hook is done.</returns>
    ValueTask InvokeAsync(TContext context, TransitionDelegate next);
}

/// <summary>What a hook sees of a transition. Not thread-safe: one context serves one command.</summary>
public abstract class TransitionContext
{
    private Dictionary<string, string>? _annotations;

    /// <summary>Creates the context.</summary>
    /// <param name="actor">Who fires the transition.</param>
    /// <param name="at">When.</param>
    /// <param name="reason">Why, if given.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    protected TransitionContext(Actor actor, Instant at, string? reason, CancellationToken cancellationToken)
    {
        Actor = actor;
        At = at;
        Reason = reason;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets who fires the transition.</summary>
    public Actor Actor { get; }

    /// <summary>Gets when the transition happens.</summary>
    public Instant At { get; }

    /// <summary>Gets why, as the actor gave it.</summary>
    public string? Reason { get; }

    /// <summary>Gets the token that cancels the command.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets whether the event has been committed (true only after <c>await next()</c> returned).</summary>
    public bool IsCommitted { get; internal set; }

    /// <summary>
    /// Gets annotations hooks add before the commit; they are stored in the event's metadata. After the
    /// commit the dictionary is read-only: changing it throws <see cref="NotSupportedException"/>.
    /// </summary>
    public IDictionary<string, string> Annotations => IsCommitted
        ? new System.Collections.ObjectModel.ReadOnlyDictionary<string, string>(_annotations ?? new Dictionary<string, string>(StringComparer.Ordinal))
        : _annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);

    internal IReadOnlyDictionary<string, string>? AnnotationsOrNull => _annotations is { Count: > 0 } a ? new Dictionary<string, string>(a, StringComparer.Ordinal) : null;

    /// <summary>Refuses the transition. Only before the commit.</summary>
    /// <param name="code">A stable code for the refusal, chosen by the hook's author.</param>
    /// <param name="message">Why, in words a person can act on.</param>
    /// <exception cref="WorkflowVetoedException">Always: this is how the veto travels.</exception>
    /// <exception cref="InvalidOperationException">The event is already committed.</exception>
    public void Veto(string code, string message)
    {
        if (IsCommitted)
        {
            throw new InvalidOperationException("A committed transition cannot be vetoed.");
        }

        throw new WorkflowVetoedException(code, message);
    }
}
