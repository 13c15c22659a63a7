namespace GridGov.Sdk.Workflows;

/// <summary>Runs hooks in registration order around a core step.</summary>
internal static class HookPipeline
{
    public static ValueTask RunAsync<TContext>(IReadOnlyList<ITransitionHook<TContext>> hooks, TContext context, TransitionDelegate core)
        where TContext : TransitionContext
    {
        switch (hooks.Count)
        {
            case 0:
                return core();
            case 1:
                // The usual case: one hook, whose next step is the core itself (no closure, no extra delegate).
                return hooks[0].InvokeAsync(context, core);
            default:
                return new Chain<TContext>(hooks, context, core).Invoke(0);
        }
    }

    /// <summary>Two or more hooks: each one's next step is the following hook, the last one's is the core.</summary>
    private sealed class Chain<TContext>(IReadOnlyList<ITransitionHook<TContext>> hooks, TContext context, TransitionDelegate core)
        where TContext : TransitionContext
    {
        public ValueTask Invoke(int i) => i == hooks.Count ? core() : hooks[i].InvokeAsync(context, () => Invoke(i + 1));
    }
}
