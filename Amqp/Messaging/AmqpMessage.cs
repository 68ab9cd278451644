using Amqp.Framing;

namespace Amqp.Messaging;

/// <summary>
/// An AMQP message: the optional sections of spec 3.2 in their wire order, and exactly one kind of body
/// (data sections, sequence sections or one value).
/// </summary>
public sealed class AmqpMessage
{
    private List<MessageSection>? _sections;

    public Header? Header { get; set; }

    public DeliveryAnnotations? DeliveryAnnotations { get; set; }

    public MessageAnnotations? MessageAnnotations { get; set; }

    public Properties? Properties { get; set; }

    public ApplicationProperties? ApplicationProperties { get; set; }

    /// <summary>The data body sections (a Service Bus message body is one data section).</summary>
    public List<Data>? DataBody { get; set; }

    public List<AmqpSequence>? SequenceBody { get; set; }

    public AmqpValue? ValueBody { get; set; }

    public Footer? Footer { get; set; }

    /// <summary>After <see cref="Decode"/>: each section's byte range in the decoded payload, in wire order.</summary>
    public IReadOnlyList<MessageSection> Sections => _sections ?? (IReadOnlyList<MessageSection>)[];

    public static AmqpMessage FromData(ReadOnlyMemory<byte> body) => new() { DataBody = [new Data(body)] };

    public static AmqpMessage FromValue(object? value) => new() { ValueBody = new AmqpValue(value) };

    /// <summary>The bytes of a single-data-section body (the common case); throws for other bodies.</summary>
    public ReadOnlyMemory<byte> GetDataBody() =>
        DataBody is [var only] ? only.Binary : throw new InvalidOperationException("The message body is not a single data section.");

    public void Encode(AmqpWriter writer)
    {
        Header?.Encode(writer);
        DeliveryAnnotations?.Encode(writer);
        MessageAnnotations?.Encode(writer);
        Properties?.Encode(writer);
        ApplicationProperties?.Encode(writer);
        if (DataBody is not null)
        {
            foreach (var data in DataBody)
            {
                data.Encode(writer);
            }
        }

        if (SequenceBody is not null)
        {
            foreach (var sequence in SequenceBody)
            {
                sequence.Encode(writer);
            }
        }

        ValueBody?.Encode(writer);
        Footer?.Encode(writer);
    }

    /// <summary>
    /// Decodes a message. Data bodies are views over <paramref name="payload"/> (no copy), so the payload must stay
    /// unchanged while the message is used.
    /// </summary>
    public static AmqpMessage Decode(ReadOnlyMemory<byte> payload)
    {
        var message = new AmqpMessage { _sections = new List<MessageSection>(6) };
        var reader = new AmqpReader(payload.Span);
        var lastCode = 0ul;
        while (!reader.IsAtEnd)
        {
            var start = reader.Position;
            if (reader.ReadFormatCode() != FormatCode.Described)
            {
                throw AmqpReader.DecodeError("A message section must be a described value.");
            }

            var descriptor = reader.ReadValue();
            var code = descriptor switch
            {
                ulong numeric => numeric,
                AmqpSymbol name when MessageSectionCode.TryFromName(name, out var numeric) => numeric,
                _ => throw AmqpReader.DecodeError($"Unknown message section {descriptor}."),
            };
            var repeatable = code is MessageSectionCode.Data or MessageSectionCode.AmqpSequence;
            if (code < lastCode || (code == lastCode && !repeatable))
            {
                throw AmqpReader.DecodeError($"Message section 0x{code:x} is out of order.");
            }

            lastCode = code;
            message.ReadSection(ref reader, code, payload, start);
            message._sections.Add(new MessageSection(code, start, reader.Position - start));
        }

        if ((message.DataBody is not null ? 1 : 0) + (message.SequenceBody is not null ? 1 : 0) + (message.ValueBody is not null ? 1 : 0) > 1)
        {
            throw AmqpReader.DecodeError("A message has more than one kind of body.");
        }

        return message;
    }

    private void ReadSection(ref AmqpReader reader, ulong code, ReadOnlyMemory<byte> payload, int start)
    {
        switch (code)
        {
            case MessageSectionCode.Header:
                Header = new Header();
                Header.DecodeBody(ref reader);
                break;
            case MessageSectionCode.DeliveryAnnotations:
                DeliveryAnnotations = new DeliveryAnnotations(reader.ReadMap());
                break;
            case MessageSectionCode.MessageAnnotations:
                MessageAnnotations = new MessageAnnotations(reader.ReadMap());
                break;
            case MessageSectionCode.Properties:
                Properties = new Properties();
                Properties.DecodeBody(ref reader);
                break;
            case MessageSectionCode.ApplicationProperties:
                ApplicationProperties = new ApplicationProperties(reader.ReadMap());
                break;
            case MessageSectionCode.Data:
                var bytes = reader.ReadBinarySpan(out var isNull);
                if (isNull)
                {
                    throw AmqpReader.DecodeError("A data section cannot be null.");
                }

                var offset = reader.Position - bytes.Length;
                (DataBody ??= []).Add(new Data(payload.Slice(offset, bytes.Length)));
                break;
            case MessageSectionCode.AmqpSequence:
                (SequenceBody ??= []).Add(new AmqpSequence(reader.ReadList() ?? new AmqpList()));
                break;
            case MessageSectionCode.AmqpValue:
                ValueBody = new AmqpValue(reader.ReadValue());
                break;
            case MessageSectionCode.Footer:
                Footer = new Footer(reader.ReadMap());
                break;
            default:
                throw AmqpReader.DecodeError($"Unknown message section 0x{code:x} at offset {start}.");
        }
    }

    /// <summary>
    /// Re-encodes an already encoded message with a new header and/or new message annotations, copying every other
    /// section through as its original bytes (what a broker does when it stamps delivery-count or x-opt-* values).
    /// A null replacement keeps the original section.
    /// </summary>
    public static void Rewrite(ReadOnlySpan<byte> payload, AmqpWriter output, Header? header, MessageAnnotations? messageAnnotations)
    {
        var reader = new MessageSectionReader(payload);
        var headerWritten = false;
        var annotationsWritten = false;
        while (reader.TryRead(out var section))
        {
            if (!headerWritten && section.Code >= MessageSectionCode.Header && header is not null)
            {
                header.Encode(output);
                headerWritten = true;
                if (section.Code == MessageSectionCode.Header)
                {
                    continue;
                }
            }

            if (!annotationsWritten && section.Code >= MessageSectionCode.MessageAnnotations && messageAnnotations is not null)
            {
                messageAnnotations.Encode(output);
                annotationsWritten = true;
                if (section.Code == MessageSectionCode.MessageAnnotations)
                {
                    continue;
                }
            }

            output.WriteRaw(payload.Slice(section.Offset, section.Length));
        }

        if (!headerWritten && header is not null)
        {
            header.Encode(output);
        }

        if (!annotationsWritten && messageAnnotations is not null)
        {
            messageAnnotations.Encode(output);
        }
    }
}
