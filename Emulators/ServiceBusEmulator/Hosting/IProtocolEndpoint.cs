namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The seam where a wire protocol plugs into the host. The AMQP adapter implements it: the host starts it after the
/// broker is ready and stops it first on shutdown. This build ships no implementation, so the emulator serves no
/// AMQP until the adapter is added.
/// </summary>
public interface IProtocolEndpoint : IAsyncDisposable
{
    /// <summary>A short name for health and logs, e.g. "amqp".</summary>
    string Name { get; }

    /// <summary>Starts listening; returns the port actually bound (the requested one, or a free one for port 0).</summary>
    Task<int> StartAsync(ProtocolEndpointContext context, CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
