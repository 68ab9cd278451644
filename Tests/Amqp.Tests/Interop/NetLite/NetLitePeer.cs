namespace Amqp.Tests.Interop.NetLite;

/// <summary>AMQPNetLite 2.5.5 in both roles: <see cref="NetLiteBroker"/> (its ContainerHost) and <see cref="NetLiteClient"/>.</summary>
public sealed class NetLitePeer : IInteropPeer
{
    public Task<IPeerBroker> StartBrokerAsync(uint maxFrameSize) => Task.FromResult<IPeerBroker>(NetLiteBroker.Start(maxFrameSize));

    public async Task<IPeerClient> ConnectAsync(Uri address, InteropSasl sasl) => await NetLiteClient.ConnectAsync(address, sasl);
}
