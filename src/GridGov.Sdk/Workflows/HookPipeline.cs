namespace GridGov.Sdk.Workflows;

/// <summary>Runs hooks in registration order around a core step.</summary>
internal static class HookPipeline
{
    public static ValueTask RunAsync<TContext>(IReadOnlyList<ITransitionHook<TContext>> hooks, TContext context, TransitionDelegate core)
        where TContext : TransitionContext
    {
        if (hooks.Count == 0)
        {
            return core();
        }

        return Invoke(0);

        ValueTask Invoke(int i) => i == hooks.Count ? core() : hooks[i].InvokeAsync(context, () => Invoke(i + 1));
    }
}
