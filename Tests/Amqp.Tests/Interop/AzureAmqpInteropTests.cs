using Amqp.Tests.Interop.AzureAmqp;

namespace Amqp.Tests.Interop;

/// <summary>Our engine and Microsoft.Azure.Amqp 2.7.3, both roles (the scenarios are in <see cref="PeerInteropTests{TPeer}"/>).</summary>
public sealed class AzureAmqpInteropTests : PeerInteropTests<AzureAmqpPeer>;
