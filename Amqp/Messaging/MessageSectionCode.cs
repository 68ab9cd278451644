namespace Amqp.Messaging;

/// <summary>The descriptor codes of the message sections, in the order they appear in a message (spec 3.2).</summary>
public static class MessageSectionCode
{
    public const ulong Header = 0x70;
    public const ulong DeliveryAnnotations = 0x71;
    public const ulong MessageAnnotations = 0x72;
    public const ulong Properties = 0x73;
    public const ulong ApplicationProperties = 0x74;
    public const ulong Data = 0x75;
    public const ulong AmqpSequence = 0x76;
    public const ulong AmqpValue = 0x77;
    public const ulong Footer = 0x78;

    private static readonly Dictionary<AmqpSymbol, ulong> Names = new()
    {
        [new AmqpSymbol("amqp:header:list")] = Header,
        [new AmqpSymbol("amqp:delivery-annotations:map")] = DeliveryAnnotations,
        [new AmqpSymbol("amqp:message-annotations:map")] = MessageAnnotations,
        [new AmqpSymbol("amqp:properties:list")] = Properties,
        [new AmqpSymbol("amqp:application-properties:map")] = ApplicationProperties,
        [new AmqpSymbol("amqp:data:binary")] = Data,
        [new AmqpSymbol("amqp:amqp-sequence:list")] = AmqpSequence,
        [new AmqpSymbol("amqp:amqp-value:*")] = AmqpValue,
        [new AmqpSymbol("amqp:footer:map")] = Footer,
    };

    public static bool TryFromName(AmqpSymbol name, out ulong code) => Names.TryGetValue(name, out code);
}
