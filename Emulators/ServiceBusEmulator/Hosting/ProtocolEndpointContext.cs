using System.Net;
using ServiceBusEmulator.Broker;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Hosting;

/// <summary>What a protocol endpoint gets from the host: the broker, CBS token validation, and where to listen.</summary>
public sealed record ProtocolEndpointContext(MessageBroker Broker, SasTokenValidator TokenValidator, IPAddress BindAddress, int Port);
