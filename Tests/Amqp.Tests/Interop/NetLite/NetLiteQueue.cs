extern alias NetLite;
using LiteMessage = NetLite::Amqp.Message;

namespace Amqp.Tests.Interop.NetLite;

/// <summary>One FIFO queue of <see cref="NetLiteBroker"/> and the links that consume it.</summary>
internal sealed class NetLiteQueue
{
    public object Sync { get; } = new();

    public Queue<LiteMessage> Messages { get; } = new();

    public List<NetLiteQueueEndpoint> Consumers { get; } = [];
}
