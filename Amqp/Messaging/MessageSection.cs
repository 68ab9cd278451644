namespace Amqp.Messaging;

/// <summary>Where one section of an encoded message lies: its descriptor code and its byte range in the payload.</summary>
public readonly record struct MessageSection(ulong Code, int Offset, int Length);
