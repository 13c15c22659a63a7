using GridGov.Sdk.Workflows;

namespace GridGov.Sdk.Issues;

/// <summary>
/// What an issue hook sees of one transition: the issue before, the command, the event about to be
/// committed and, after the commit, the issue after.
/// </summary>
/// <remarks>Not thread-safe: one context serves one command.</remarks>
public sealed class IssueTransitionContext : TransitionContext
{
    internal IssueTransitionContext(Issue? before, object command, IssueTrigger? trigger, IssueEvent @event, Storage.EventMetadata metadata, CancellationToken cancellationToken)
        : base(metadata.Actor, metadata.At, metadata.Reason, cancellationToken)
    {
        Before = before;
        Command = command;
        Trigger = trigger;
        Event = @event;
    }

    /// <summary>Gets the issue's id.</summary>
    public IssueId IssueId => Event.IssueId;

    /// <summary>Gets the issue before the transition; null when the issue is being reported.</summary>
    public Issue? Before { get; }

    /// <summary>Gets the command (a <see cref="ReportIssue"/> or an <see cref="IssueCommand"/>).</summary>
    public object Command { get; }

    /// <summary>Gets the trigger fired; null when the issue is being reported.</summary>
    public IssueTrigger? Trigger { get; }

    /// <summary>Gets the event that will be (or was) committed.</summary>
    public IssueEvent Event { get; }

    /// <summary>Gets the issue after the commit; null before it.</summary>
    public Issue? After { get; internal set; }
}

/// <summary>
/// An integrator's hook around every issue transition: enrich or veto before the commit, notify or
/// push to another system after it. Register with <c>AddGridGov().AddIssueHook&lt;T&gt;()</c>; hooks run
/// in registration order.
/// </summary>
public interface IIssueHook : ITransitionHook<IssueTransitionContext>
{
}
