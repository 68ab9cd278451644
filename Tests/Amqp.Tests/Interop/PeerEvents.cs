namespace Amqp.Tests.Interop;

/// <summary>Text events a test broker records as they happen, and a way to wait for one.</summary>
public sealed class PeerEvents
{
    private readonly List<string> _events = [];
    private readonly List<(string Expected, TaskCompletionSource Seen)> _waiters = [];

    public void Add(string text)
    {
        lock (_events)
        {
            _events.Add(text);
            foreach (var waiter in _waiters.Where(w => w.Expected == text).ToList())
            {
                waiter.Seen.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Waits until <paramref name="expected"/> has been recorded; on timeout, the message lists what was.</summary>
    public async Task WaitForAsync(string expected, TimeSpan timeout)
    {
        Task seen;
        lock (_events)
        {
            if (_events.Contains(expected))
            {
                return;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((expected, waiter));
            seen = waiter.Task;
        }

        try
        {
            await seen.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_events)
            {
                throw new TimeoutException($"'{expected}' was not recorded within {timeout}; recorded: [{string.Join("; ", _events)}]");
            }
        }
    }
}
