namespace Amqp.Messaging;

/// <summary>Immutable properties of a message (<c>amqp:properties:list</c>, 0x00000000:0x00000073).</summary>
public sealed partial class Properties : DescribedList
{
    public const ulong Descriptor = 0x73;

    public static readonly AmqpSymbol DescriptorName = new("amqp:properties:list");

    public override ulong DescriptorCode => Descriptor;

    /// <summary>A string, ulong, uuid or binary.</summary>
    public object? MessageId { get; set; }

    /// <summary>The <c>user-id</c> field.</summary>
    public ReadOnlyMemory<byte>? UserId { get; set; }

    /// <summary>The <c>to</c> field.</summary>
    public object? To { get; set; }

    /// <summary>The <c>subject</c> field.</summary>
    public string? Subject { get; set; }

    /// <summary>The <c>reply-to</c> field.</summary>
    public object? ReplyTo { get; set; }

    /// <summary>The <c>correlation-id</c> field.</summary>
    public object? CorrelationId { get; set; }

    /// <summary>The <c>content-type</c> field.</summary>
    public AmqpSymbol? ContentType { get; set; }

    /// <summary>The <c>content-encoding</c> field.</summary>
    public AmqpSymbol? ContentEncoding { get; set; }

    /// <summary>The <c>absolute-expiry-time</c> field.</summary>
    public AmqpTimestamp? AbsoluteExpiryTime { get; set; }

    /// <summary>The <c>creation-time</c> field.</summary>
    public AmqpTimestamp? CreationTime { get; set; }

    /// <summary>The <c>group-id</c> field.</summary>
    public string? GroupId { get; set; }

    /// <summary>The <c>group-sequence</c> field.</summary>
    public uint? GroupSequence { get; set; }

    /// <summary>The <c>reply-to-group-id</c> field.</summary>
    public string? ReplyToGroupId { get; set; }

    protected override void WriteFields(ref FieldWriter fields)
    {
        fields.WriteValue(MessageId);
        fields.WriteBinary(UserId);
        fields.WriteValue(To);
        fields.Write(Subject);
        fields.WriteValue(ReplyTo);
        fields.WriteValue(CorrelationId);
        fields.Write(ContentType);
        fields.Write(ContentEncoding);
        fields.Write(AbsoluteExpiryTime);
        fields.Write(CreationTime);
        fields.Write(GroupId);
        fields.Write(GroupSequence);
        fields.Write(ReplyToGroupId);
    }

    protected override void ReadField(ref AmqpReader reader, int index)
    {
        switch (index)
        {
            case 0: MessageId = reader.ReadValue(); break;
            case 1: UserId = ReadBinary(ref reader); break;
            case 2: To = reader.ReadValue(); break;
            case 3: Subject = reader.ReadNullableString(); break;
            case 4: ReplyTo = reader.ReadValue(); break;
            case 5: CorrelationId = reader.ReadValue(); break;
            case 6: ContentType = reader.ReadNullableSymbol(); break;
            case 7: ContentEncoding = reader.ReadNullableSymbol(); break;
            case 8: AbsoluteExpiryTime = reader.ReadNullableTimestamp(); break;
            case 9: CreationTime = reader.ReadNullableTimestamp(); break;
            case 10: GroupId = reader.ReadNullableString(); break;
            case 11: GroupSequence = reader.ReadNullableUInt(); break;
            case 12: ReplyToGroupId = reader.ReadNullableString(); break;
            default: reader.SkipValue(); break;
        }
    }

    /// <summary>Returns every field to its absent state so a decoder can reuse the instance.</summary>
    internal void Clear()
    {
        MessageId = null;
        UserId = null;
        To = null;
        Subject = null;
        ReplyTo = null;
        CorrelationId = null;
        ContentType = null;
        ContentEncoding = null;
        AbsoluteExpiryTime = null;
        CreationTime = null;
        GroupId = null;
        GroupSequence = null;
        ReplyToGroupId = null;
    }

    private static ReadOnlyMemory<byte>? ReadBinary(ref AmqpReader reader) => reader.ReadNullableBinary() is { } bytes ? bytes : null;
}
