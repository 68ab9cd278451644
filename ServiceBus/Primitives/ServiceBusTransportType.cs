namespace ServiceBus;

/// <summary>How the AMQP connection travels: TCP (TLS on 5671, or plain 5672 for the emulator) or WebSockets on 443.</summary>
public enum ServiceBusTransportType
{
    AmqpTcp,
    AmqpWebSockets,
}
