using Amqp.Framing;

namespace Amqp.Messaging;

/// <summary>
/// Walks the sections of an encoded message without decoding their contents, so a broker can rewrite one section
/// and copy the others through as the original bytes.
/// </summary>
public ref struct MessageSectionReader
{
    private AmqpReader _reader;

    public MessageSectionReader(ReadOnlySpan<byte> payload) => _reader = new AmqpReader(payload);

    /// <summary>Moves to the next section; false at the end of the payload.</summary>
    public bool TryRead(out MessageSection section)
    {
        if (_reader.IsAtEnd)
        {
            section = default;
            return false;
        }

        var start = _reader.Position;
        if (_reader.ReadFormatCode() != FormatCode.Described)
        {
            throw AmqpReader.DecodeError("A message section must be a described value.");
        }

        var descriptor = _reader.ReadValue();
        var code = descriptor switch
        {
            ulong numeric => numeric,
            AmqpSymbol name when MessageSectionCode.TryFromName(name, out var numeric) => numeric,
            _ => throw AmqpReader.DecodeError($"Unknown message section {descriptor}."),
        };
        if (code is < MessageSectionCode.Header or > MessageSectionCode.Footer)
        {
            throw AmqpReader.DecodeError($"Unknown message section 0x{code:x}.");
        }

        _reader.SkipValue();
        section = new MessageSection(code, start, _reader.Position - start);
        return true;
    }
}
