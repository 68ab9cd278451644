using Aspire.Hosting.ApplicationModel;

namespace AspireHosting;

/// <summary>
/// Our Docker-free Service Bus emulator, run by DCP as <c>dotnet ServiceBusEmulator.dll</c>. Services referencing it get
/// the connection string Aspire's Azure Service Bus emulator gives (<c>Endpoint=sb://…;…;UseDevelopmentEmulator=true;</c>).
/// </summary>
public sealed class LocalServiceBusEmulatorResource(string name, string workingDirectory)
    : ExecutableResource(name, "dotnet", workingDirectory), IResourceWithConnectionString
{
    public const string AmqpEndpointName = "amqp";
    public const string ManagementEndpointName = "management";

    /// <summary>The development key of the emulator's root rule (the official emulator's, public).</summary>
    public const string SharedAccessKeyName = "RootManageSharedAccessKey";
    public const string SharedAccessKey = "SAS_KEY_VALUE";

    private EndpointReference? _amqp;
    private EndpointReference? _management;

    /// <summary>AMQP (and, on the same port, AMQP over WebSockets and the administration API).</summary>
    public EndpointReference AmqpEndpoint => _amqp ??= new(this, AmqpEndpointName);

    /// <summary>The official emulator's port 5300: <c>GET /health</c>, entity counts and the administration API.</summary>
    public EndpointReference ManagementEndpoint => _management ??= new(this, ManagementEndpointName);

    /// <summary>The queues the emulator serves from its start; its Config.json is written from them.</summary>
    public IList<LocalServiceBusQueue> Queues { get; } = [];

    // 127.0.0.1, not the endpoint's "localhost": the emulator listens on IPv4 loopback only.
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=sb://127.0.0.1:{AmqpEndpoint.Property(EndpointProperty.Port)};SharedAccessKeyName={SharedAccessKeyName};SharedAccessKey={SharedAccessKey};UseDevelopmentEmulator=true;");
}
