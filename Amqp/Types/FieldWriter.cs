using System.Buffers.Binary;
using System.Text;

namespace Amqp.Types;

/// <summary>Writes the fields of a composite in order and remembers where the last non-null one ended.</summary>
public ref struct FieldWriter
{
    private readonly AmqpWriter _writer;
    private int _count;

    internal FieldWriter(AmqpWriter writer)
    {
        _writer = writer;
        _count = 0;
        LastEnd = writer.Length;
        LastCount = 0;
    }

    internal int LastEnd { get; private set; }

    internal int LastCount { get; private set; }

    private void Present()
    {
        _count++;
        LastEnd = _writer.Length;
        LastCount = _count;
    }

    private void Absent()
    {
        _writer.WriteNull();
        _count++;
    }

    public void Write(bool? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteBoolean(value.Value);
        Present();
    }

    public void Write(byte? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteUByte(value.Value);
        Present();
    }

    public void Write(ushort? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteUShort(value.Value);
        Present();
    }

    public void Write(uint? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteUInt(value.Value);
        Present();
    }

    public void Write(ulong? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteULong(value.Value);
        Present();
    }

    public void Write(AmqpTimestamp? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteTimestamp(value.Value);
        Present();
    }

    public void Write(string? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteString(value);
        Present();
    }

    public void Write(AmqpSymbol? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteSymbol(value.Value);
        Present();
    }

    public void Write(AmqpSymbol[]? value)
    {
        if (value is null) { Absent(); return; }
        var start = _writer.BeginCompound(FormatCode.Array32);
        _writer.WriteRawByte(FormatCode.Symbol32);
        foreach (var symbol in value)
        {
            BinaryPrimitives.WriteInt32BigEndian(_writer.Reserve(4), symbol.Value.Length);
            Encoding.ASCII.GetBytes(symbol.Value, _writer.Reserve(symbol.Value.Length));
        }

        _writer.EndCompound(start, value.Length, FormatCode.Array8);
        Present();
    }

    public void WriteBinary(ReadOnlyMemory<byte>? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteBinary(value.Value.Span);
        Present();
    }

    public void Write(AmqpMap? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteMap(value);
        Present();
    }

    public void Write(DescribedList? value)
    {
        if (value is null) { Absent(); return; }
        value.Encode(_writer);
        Present();
    }

    public void WriteValue(object? value)
    {
        if (value is null) { Absent(); return; }
        _writer.WriteValue(value);
        Present();
    }
}
