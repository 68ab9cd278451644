using System.Buffers.Binary;

namespace Amqp.Types;

/// <summary>
/// A composite type from the specification: a descriptor followed by a list of fields (performatives, outcomes,
/// terminus, message header and properties …). Trailing null fields are omitted on the wire as the spec allows.
/// </summary>
public abstract class DescribedList
{
    public abstract ulong DescriptorCode { get; }

    public void Encode(AmqpWriter writer)
    {
        writer.WriteDescriptor(DescriptorCode);
        var start = writer.BeginCompound(FormatCode.List32);
        var fields = new FieldWriter(writer);
        WriteFields(ref fields);
        if (fields.LastCount == 0)
        {
            writer.Truncate(start);
            writer.WriteRawByte(FormatCode.List0);
        }
        else
        {
            writer.Truncate(fields.LastEnd);
            writer.EndCompound(start, fields.LastCount, FormatCode.List8);
        }
    }

    /// <summary>Writes the fields as a list32 body without constructor (an element of an array of composites).</summary>
    internal void EncodeListBody32(AmqpWriter writer)
    {
        var start = writer.Length;
        writer.Reserve(8);
        var fields = new FieldWriter(writer);
        WriteFields(ref fields);
        writer.Truncate(Math.Max(fields.LastEnd, start + 8));
        BinaryPrimitives.WriteInt32BigEndian(writer.Slice(start, 4), writer.Length - start - 4);
        BinaryPrimitives.WriteInt32BigEndian(writer.Slice(start + 4, 4), fields.LastCount);
    }

    /// <summary>Reads the list that follows the descriptor.</summary>
    public void DecodeBody(ref AmqpReader reader) => DecodeListBody(ref reader, reader.ReadFormatCode());

    internal void DecodeListBody(ref AmqpReader reader, byte listCode)
    {
        reader.ReadListHeader(listCode, out var count, out var end);
        for (var i = 0; i < count; i++)
        {
            if (reader.Position >= end)
            {
                throw AmqpReader.DecodeError("A composite's fields run past its size.");
            }

            ReadField(ref reader, i);
        }

        reader.ExpectEnd(end);
        Validate();
    }

    protected abstract void WriteFields(ref FieldWriter fields);

    /// <summary>Reads field <paramref name="index"/>; unknown trailing fields must be skipped with SkipValue.</summary>
    protected abstract void ReadField(ref AmqpReader reader, int index);

    /// <summary>Checks mandatory fields after decoding; throws decode-error when one is missing.</summary>
    protected virtual void Validate()
    {
    }

    protected static AmqpException MissingField(string name) =>
        AmqpReader.DecodeError($"Mandatory field '{name}' is missing.");
}
