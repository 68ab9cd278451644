using Amqp.Tests.Interop.NetLite;

namespace Amqp.Tests.Interop;

/// <summary>Our engine and AMQPNetLite 2.5.5, both roles (the scenarios are in <see cref="PeerInteropTests{TPeer}"/>).</summary>
public sealed class NetLiteInteropTests : PeerInteropTests<NetLitePeer>;
