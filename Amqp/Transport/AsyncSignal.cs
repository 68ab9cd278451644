using System.Threading.Tasks.Sources;

namespace Amqp.Transport;

/// <summary>
/// An auto-reset signal for exactly one waiter (the writer loop) that allocates nothing per wait, unlike a
/// SemaphoreSlim or a TaskCompletionSource per batch.
/// </summary>
internal sealed class AsyncSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _state; // 0 idle, 1 set, 2 waiting

    public void Set()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state == 1)
            {
                return;
            }

            if (state == 0 && Interlocked.CompareExchange(ref _state, 1, 0) == 0)
            {
                return;
            }

            if (state == 2 && Interlocked.CompareExchange(ref _state, 0, 2) == 2)
            {
                _core.SetResult(true);
                return;
            }
        }
    }

    public ValueTask WaitAsync()
    {
        if (Interlocked.CompareExchange(ref _state, 0, 1) == 1)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, 2, 0) != 0)
        {
            // Set() ran between the two exchanges: consume it.
            Volatile.Write(ref _state, 0);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(this, _core.Version);
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
