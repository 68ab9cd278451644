namespace Benchmarks;

/// <summary>
/// Counts messages a loopback server took in and completes once it has them all; the sender sets the total when it
/// stops (by count or by time), which may be after the last one arrived.
/// </summary>
internal sealed class ArrivalCounter
{
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _arrived;
    private int _expected = int.MaxValue;

    public void Arrived()
    {
        if (Interlocked.Increment(ref _arrived) >= Volatile.Read(ref _expected))
        {
            _all.TrySetResult();
        }
    }

    public Task WaitForAsync(int expected, TimeSpan timeout)
    {
        Volatile.Write(ref _expected, expected);
        if (Volatile.Read(ref _arrived) >= expected)
        {
            _all.TrySetResult();
        }

        return _all.Task.WaitAsync(timeout);
    }
}
