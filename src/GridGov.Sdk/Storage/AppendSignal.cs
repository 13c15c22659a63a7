namespace GridGov.Sdk.Storage;

/// <summary>Wakes subscribers when a store appends: each wait gets a task that completes at the next append.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class AppendSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync(CancellationToken cancellationToken) => Volatile.Read(ref _next).Task.WaitAsync(cancellationToken);

    public void Set() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
