extern alias NetLite;
using LiteSenderLink = NetLite::Amqp.SenderLink;

namespace Amqp.Tests.Interop.NetLite;

internal sealed class NetLiteSender(LiteSenderLink link, bool settled, Task<InteropError?> detached) : IPeerSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public Task<InteropError?> DetachedByPeer => detached;

    public async Task<InteropOutcome> SendAsync(InteropMessage message)
    {
        var outcome = new TaskCompletionSource<InteropOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The callback form hands over the receiver's outcome as it is; SendAsync would turn some outcomes into exceptions.
        link.Send(NetLiteMessages.ToLite(message), (_, _, state, _) => outcome.TrySetResult(settled ? InteropOutcome.Settled : NetLiteMessages.FromLite(state)), null);
        return await outcome.Task.WaitAsync(Timeout);
    }

    public Task DetachAsync() => link.CloseAsync().WaitAsync(Timeout);
}
