namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>
/// Microsoft.Azure.Amqp 2.7.3 (the AMQP stack under the official Azure SDKs) in both roles: <see cref="AzureAmqpBroker"/>
/// (its AmqpConnectionListener) and <see cref="AzureAmqpClient"/>.
/// </summary>
public sealed class AzureAmqpPeer : IInteropPeer
{
    public Task<IPeerBroker> StartBrokerAsync(uint maxFrameSize) => Task.FromResult<IPeerBroker>(AzureAmqpBroker.Start(maxFrameSize));

    public async Task<IPeerClient> ConnectAsync(Uri address, InteropSasl sasl) => await AzureAmqpClient.ConnectAsync(address, sasl);
}
