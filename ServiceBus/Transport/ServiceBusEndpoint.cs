namespace ServiceBus.Transport;

/// <summary>Where and how to connect: the AMQP address for the transport, and the base of every CBS audience.</summary>
internal sealed class ServiceBusEndpoint
{
    public const int AmqpPort = 5672;
    public const int AmqpsPort = 5671;
    public const int WebSocketPort = 443;

    public ServiceBusEndpoint(Uri endpoint, ServiceBusTransportType transport, bool useDevelopmentEmulator)
    {
        FullyQualifiedNamespace = endpoint.Host;
        var explicitPort = endpoint.IsDefaultPort || endpoint.Port <= 0 ? (int?)null : endpoint.Port;
        AudienceBase = explicitPort is { } p ? $"sb://{endpoint.Host}:{p}/" : $"sb://{endpoint.Host}/";
        ConnectionAddress = (transport, useDevelopmentEmulator) switch
        {
            (ServiceBusTransportType.AmqpWebSockets, true) => new Uri($"ws://{endpoint.Host}:{explicitPort ?? 80}/$servicebus/websocket"),
            (ServiceBusTransportType.AmqpWebSockets, false) => new Uri($"wss://{endpoint.Host}:{explicitPort ?? WebSocketPort}/$servicebus/websocket"),
            (_, true) => new Uri($"amqp://{endpoint.Host}:{explicitPort ?? AmqpPort}"),
            _ => new Uri($"amqps://{endpoint.Host}:{explicitPort ?? AmqpsPort}"),
        };
    }

    public string FullyQualifiedNamespace { get; }

    /// <summary><c>amqp://host:5672</c>, <c>amqps://host:5671</c> or <c>wss://host:443/$servicebus/websocket</c>.</summary>
    public Uri ConnectionAddress { get; }

    /// <summary><c>sb://host[:port]/</c>: the port stays when the connection string names one (as the JS SDK does).</summary>
    public string AudienceBase { get; }

    public string AudienceFor(string entityPath) => AudienceBase + entityPath;
}
