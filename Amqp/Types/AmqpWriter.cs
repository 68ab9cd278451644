using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Amqp.Types;

/// <summary>
/// Encodes AMQP values into a growable buffer rented from <see cref="ArrayPool{T}"/>. One writer is meant to be reused
/// (see <see cref="Reset"/>) so that the hot path allocates nothing. Compound values are written with 32-bit headers
/// and compacted to 8-bit headers afterwards when they fit, which keeps encoding single-pass.
/// </summary>
public sealed partial class AmqpWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _position;

    public AmqpWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 16));
    }

    public int Length => _position;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _position);

    internal byte[] Buffer => _buffer;

    public void Reset() => _position = 0;

    /// <summary>Drops everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _position);
        _position = length;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _position = 0;
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Advance(int count) => _position += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsMemory(_position);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureCapacity(Math.Max(sizeHint, 1));
        return _buffer.AsSpan(_position);
    }

    /// <summary>Claims <paramref name="count"/> bytes at the end of the buffer and returns them for the caller to fill.</summary>
    public Span<byte> Reserve(int count)
    {
        EnsureCapacity(count);
        var span = _buffer.AsSpan(_position, count);
        _position += count;
        return span;
    }

    /// <summary>A writable view of bytes already written (for back-patching sizes).</summary>
    public Span<byte> Slice(int start, int length) => _buffer.AsSpan(start, length);

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    public void WriteRawByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_position++] = value;
    }

    private void EnsureCapacity(int additional)
    {
        if (_buffer.Length - _position >= additional)
        {
            return;
        }

        var required = (long)_position + additional;
        if (required > Array.MaxLength)
        {
            throw new InvalidOperationException("An AMQP value cannot exceed the maximum array length.");
        }

        var size = (int)Math.Min(Array.MaxLength, Math.Max(required, (long)_buffer.Length * 2));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, _position).CopyTo(larger);
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }

        _buffer = larger;
    }

    public void WriteNull() => WriteRawByte(FormatCode.Null);

    public void WriteBoolean(bool value) => WriteRawByte(value ? FormatCode.BooleanTrue : FormatCode.BooleanFalse);

    public void WriteUByte(byte value)
    {
        var span = Reserve(2);
        span[0] = FormatCode.UByte;
        span[1] = value;
    }

    public void WriteUShort(ushort value)
    {
        var span = Reserve(3);
        span[0] = FormatCode.UShort;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
    }

    public void WriteUInt(uint value)
    {
        if (value == 0)
        {
            WriteRawByte(FormatCode.UInt0);
        }
        else if (value <= byte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = FormatCode.SmallUInt;
            span[1] = (byte)value;
        }
        else
        {
            var span = Reserve(5);
            span[0] = FormatCode.UInt;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        }
    }

    public void WriteULong(ulong value)
    {
        if (value == 0)
        {
            WriteRawByte(FormatCode.ULong0);
        }
        else if (value <= byte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = FormatCode.SmallULong;
            span[1] = (byte)value;
        }
        else
        {
            var span = Reserve(9);
            span[0] = FormatCode.ULong;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
        }
    }

    public void WriteSByte(sbyte value)
    {
        var span = Reserve(2);
        span[0] = FormatCode.Byte;
        span[1] = (byte)value;
    }

    public void WriteShort(short value)
    {
        var span = Reserve(3);
        span[0] = FormatCode.Short;
        BinaryPrimitives.WriteInt16BigEndian(span[1..], value);
    }

    public void WriteInt(int value)
    {
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = FormatCode.SmallInt;
            span[1] = (byte)(sbyte)value;
        }
        else
        {
            var span = Reserve(5);
            span[0] = FormatCode.Int;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], value);
        }
    }

    public void WriteLong(long value)
    {
        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            var span = Reserve(2);
            span[0] = FormatCode.SmallLong;
            span[1] = (byte)(sbyte)value;
        }
        else
        {
            var span = Reserve(9);
            span[0] = FormatCode.Long;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
        }
    }

    public void WriteFloat(float value)
    {
        var span = Reserve(5);
        span[0] = FormatCode.Float;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
    }

    public void WriteDouble(double value)
    {
        var span = Reserve(9);
        span[0] = FormatCode.Double;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
    }

    public void WriteDecimal32(AmqpDecimal32 value)
    {
        var span = Reserve(5);
        span[0] = FormatCode.Decimal32;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value.Bits);
    }

    public void WriteDecimal64(AmqpDecimal64 value)
    {
        var span = Reserve(9);
        span[0] = FormatCode.Decimal64;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], value.Bits);
    }

    public void WriteDecimal128(AmqpDecimal128 value)
    {
        var span = Reserve(17);
        span[0] = FormatCode.Decimal128;
        BinaryPrimitives.WriteUInt64BigEndian(span[1..], value.High);
        BinaryPrimitives.WriteUInt64BigEndian(span[9..], value.Low);
    }

    public void WriteChar(AmqpChar value)
    {
        var span = Reserve(5);
        span[0] = FormatCode.Char;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], value.CodePoint);
    }

    public void WriteTimestamp(AmqpTimestamp value)
    {
        var span = Reserve(9);
        span[0] = FormatCode.Timestamp;
        BinaryPrimitives.WriteInt64BigEndian(span[1..], value.MillisecondsSinceUnixEpoch);
    }

    public void WriteUuid(Guid value)
    {
        var span = Reserve(17);
        span[0] = FormatCode.Uuid;
        // AMQP uuids are RFC 4122 byte order, which is Guid's big-endian layout.
        value.TryWriteBytes(span[1..], bigEndian: true, out _);
    }

    public void WriteBinary(ReadOnlySpan<byte> value)
    {
        if (value.Length <= byte.MaxValue)
        {
            var span = Reserve(2 + value.Length);
            span[0] = FormatCode.Binary8;
            span[1] = (byte)value.Length;
            value.CopyTo(span[2..]);
        }
        else
        {
            var span = Reserve(5 + value.Length);
            span[0] = FormatCode.Binary32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], value.Length);
            value.CopyTo(span[5..]);
        }
    }

    public void WriteString(string value)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (maxBytes <= byte.MaxValue)
        {
            EnsureCapacity(2 + maxBytes);
            var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_position + 2));
            _buffer[_position] = FormatCode.String8;
            _buffer[_position + 1] = (byte)written;
            _position += 2 + written;
        }
        else
        {
            var exact = Encoding.UTF8.GetByteCount(value);
            if (exact <= byte.MaxValue)
            {
                var span = Reserve(2 + exact);
                span[0] = FormatCode.String8;
                span[1] = (byte)exact;
                Encoding.UTF8.GetBytes(value, span[2..]);
            }
            else
            {
                var span = Reserve(5 + exact);
                span[0] = FormatCode.String32;
                BinaryPrimitives.WriteInt32BigEndian(span[1..], exact);
                Encoding.UTF8.GetBytes(value, span[5..]);
            }
        }
    }

    public void WriteSymbol(AmqpSymbol value)
    {
        var text = value.Value ?? throw new ArgumentException("A symbol needs a value.", nameof(value));
        Span<byte> span;
        if (text.Length <= byte.MaxValue)
        {
            span = Reserve(2 + text.Length);
            span[0] = FormatCode.Symbol8;
            span[1] = (byte)text.Length;
            span = span[2..];
        }
        else
        {
            span = Reserve(5 + text.Length);
            span[0] = FormatCode.Symbol32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], text.Length);
            span = span[5..];
        }

        if (Encoding.ASCII.GetBytes(text, span) != text.Length || !Ascii.IsValid(text))
        {
            throw new ArgumentException($"Symbol '{text}' is not ASCII.", nameof(value));
        }
    }

    /// <summary>Writes the constructor of a described value with a numeric descriptor; the caller writes the value next.</summary>
    public void WriteDescriptor(ulong code)
    {
        WriteRawByte(FormatCode.Described);
        WriteULong(code);
    }

    public void WriteDescribed(DescribedValue value)
    {
        WriteRawByte(FormatCode.Described);
        WriteValue(value.Descriptor);
        WriteValue(value.Value);
    }

    public void WriteList(IList list)
    {
        if (list.Count == 0)
        {
            WriteRawByte(FormatCode.List0);
            return;
        }

        var start = BeginCompound(FormatCode.List32);
        for (var i = 0; i < list.Count; i++)
        {
            WriteValue(list[i]);
        }

        EndCompound(start, list.Count, FormatCode.List8);
    }

    public void WriteMap(IDictionary map)
    {
        var start = BeginCompound(FormatCode.Map32);
        foreach (DictionaryEntry entry in map)
        {
            WriteValue(entry.Key);
            WriteValue(entry.Value);
        }

        EndCompound(start, map.Count * 2, FormatCode.Map8);
    }

    /// <summary>Writes an <see cref="AmqpMap"/> without the enumerator boxing of the non-generic path.</summary>
    public void WriteMap(AmqpMap map)
    {
        var start = BeginCompound(FormatCode.Map32);
        foreach (var entry in map)
        {
            WriteValue(entry.Key);
            WriteValue(entry.Value);
        }

        EndCompound(start, map.Count * 2, FormatCode.Map8);
    }

    /// <summary>Starts a list/map/array with a 32-bit header whose size and count are filled in by <see cref="EndCompound"/>.</summary>
    internal int BeginCompound(byte code32)
    {
        var start = _position;
        var span = Reserve(9);
        span[0] = code32;
        return start;
    }

    /// <summary>Fills in size and count, and compacts to the 8-bit form when both fit.</summary>
    internal void EndCompound(int start, int count, byte code8)
    {
        var bodyStart = start + 9;
        var bodyLength = _position - bodyStart;
        if (bodyLength + 1 <= byte.MaxValue && count <= byte.MaxValue)
        {
            _buffer[start] = code8;
            _buffer[start + 1] = (byte)(bodyLength + 1);
            _buffer[start + 2] = (byte)count;
            _buffer.AsSpan(bodyStart, bodyLength).CopyTo(_buffer.AsSpan(start + 3));
            _position = start + 3 + bodyLength;
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start + 1), bodyLength + 4);
            BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(start + 5), count);
        }
    }

    /// <summary>Encodes any supported CLR representation of an AMQP value.</summary>
    public void WriteValue(object? value)
    {
        switch (value)
        {
            case null: WriteNull(); break;
            case string s: WriteString(s); break;
            case AmqpSymbol s: WriteSymbol(s); break;
            case bool b: WriteBoolean(b); break;
            case byte b: WriteUByte(b); break;
            case ushort u: WriteUShort(u); break;
            case uint u: WriteUInt(u); break;
            case ulong u: WriteULong(u); break;
            case sbyte b: WriteSByte(b); break;
            case short s: WriteShort(s); break;
            case int i: WriteInt(i); break;
            case long l: WriteLong(l); break;
            case float f: WriteFloat(f); break;
            case double d: WriteDouble(d); break;
            case AmqpDecimal32 d: WriteDecimal32(d); break;
            case AmqpDecimal64 d: WriteDecimal64(d); break;
            case AmqpDecimal128 d: WriteDecimal128(d); break;
            case AmqpChar c: WriteChar(c); break;
            case AmqpTimestamp t: WriteTimestamp(t); break;
            case DateTime t: WriteTimestamp(AmqpTimestamp.FromDateTime(t)); break;
            case DateTimeOffset t: WriteTimestamp(AmqpTimestamp.FromDateTimeOffset(t)); break;
            case Guid g: WriteUuid(g); break;
            case byte[] bytes: WriteBinary(bytes); break;
            case ReadOnlyMemory<byte> bytes: WriteBinary(bytes.Span); break;
            case Memory<byte> bytes: WriteBinary(bytes.Span); break;
            case ArraySegment<byte> bytes: WriteBinary(bytes); break;
            case DescribedList composite: composite.Encode(this); break;
            case DescribedValue described: WriteDescribed(described); break;
            case AmqpArray array: WriteArray(array); break;
            case AmqpMap map: WriteMap(map); break;
            case IDictionary map: WriteMap(map); break;
            case IList list: WriteList(list); break;
            default: throw new ArgumentException($"{value.GetType()} has no AMQP encoding.", nameof(value));
        }
    }
}
