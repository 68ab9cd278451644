namespace ServiceBus;

public sealed class ServiceBusClientOptions
{
    public ServiceBusTransportType TransportType { get; set; } = ServiceBusTransportType.AmqpTcp;

    public ServiceBusRetryOptions RetryOptions { get; set; } = new();

    /// <summary>Shown to the broker as the connection's container id prefix; a GUID-based name when null.</summary>
    public string? Identifier { get; set; }

    /// <summary>The AMQP connection's idle time-out (the broker sends heartbeats at half of it).</summary>
    public TimeSpan ConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);
}
