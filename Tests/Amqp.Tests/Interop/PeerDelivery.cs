namespace Amqp.Tests.Interop;

/// <summary>A received message and the library's own handle on its delivery, for settling it.</summary>
public sealed record PeerDelivery(InteropMessage Message, object Native);
