using System.Net;
using ServiceBusEmulator.Administration;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Hosting;

/// <summary>What a protocol endpoint gets from the host: the broker, CBS token validation, and where to listen.</summary>
public sealed record ProtocolEndpointContext(MessageBroker Broker, SasTokenValidator TokenValidator, IPAddress BindAddress, int Port)
{
    /// <summary>The administration API, for endpoints that also answer HTTP on their port (the SDKs send it to the AMQP port).</summary>
    public AdministrationApi? Administration { get; init; }
}
