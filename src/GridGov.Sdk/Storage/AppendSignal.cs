namespace GridGov.Sdk.Storage;

/// <summary>Wakes subscribers when a store appends: each wait gets a task that completes at the next append.</summary>
/// <remarks>
/// <para>Thread-safe. An append costs one interlocked operation when nobody waits: a new task is made only
/// when a subscriber asked for one since the last append.</para>
/// <para>Why no wake-up is lost: a waiter reads the current task and only then arms (full fence), and then
/// reads the store. An append writes the store and only then disarms (full fence). If the disarm comes
/// after the arm, the append completes the current task, which is the waiter's or one that replaced it,
/// and replacing a task always completes it. If the disarm comes before the arm, the waiter's read of the
/// store sees the appended events.</para>
/// </remarks>
internal sealed class AppendSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _armed;

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _next).Task;
        Interlocked.Exchange(ref _armed, 1);
        return next.WaitAsync(cancellationToken);
    }

    public void Set()
    {
        if (Interlocked.CompareExchange(ref _armed, 0, 1) == 1)
        {
            Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
