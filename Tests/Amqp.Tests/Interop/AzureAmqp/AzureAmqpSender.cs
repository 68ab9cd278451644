using Microsoft.Azure.Amqp;

namespace Amqp.Tests.Interop.AzureAmqp;

internal sealed class AzureAmqpSender(SendingAmqpLink link, bool settled, Task<InteropError?> detached) : IPeerSender
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private int _tags;

    public Task<InteropError?> DetachedByPeer => detached;

    public async Task<InteropOutcome> SendAsync(InteropMessage message)
    {
        var tag = new ArraySegment<byte>(BitConverter.GetBytes(Interlocked.Increment(ref _tags)));
        var outcome = await link.SendMessageAsync(AzureAmqpMessages.ToAzure(message), tag, AmqpConstants.NullBinary, Timeout);
        return settled ? InteropOutcome.Settled : AzureAmqpMessages.FromAzure(outcome);
    }

    public Task DetachAsync() => link.CloseAsync(Timeout);
}
