namespace Scoring.Runtime.Embedded;

/// <summary>A level-free wake-up: waiters take the current task, and <see cref="Pulse"/> completes it and arms a new one.</summary>
internal sealed class PartitionSignal
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _current).Task;

    public void Pulse() =>
        Interlocked.Exchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
