using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Text;

namespace Amqp.Types;

// Arrays share one constructor for all elements, so each element is written as a bare body in its full-width form.
public sealed partial class AmqpWriter
{
    public void WriteArray(AmqpArray array)
    {
        var start = BeginCompound(FormatCode.Array32);
        if (array.Descriptor is not null)
        {
            WriteRawByte(FormatCode.Described);
            WriteValue(array.Descriptor);
        }

        WriteRawByte(array.ElementCode);
        foreach (var item in array.Items)
        {
            WriteElementBody(array.ElementCode, item is DescribedValue described && array.Descriptor is not null ? described.Value : item);
        }

        EndCompound(start, array.Count, FormatCode.Array8);
    }

    private void WriteElementBody(byte code, object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        switch (code)
        {
            case FormatCode.Null: break;
            case FormatCode.Boolean: WriteRawByte(Convert.ToBoolean(value, invariant) ? (byte)1 : (byte)0); break;
            case FormatCode.UByte: WriteRawByte(Convert.ToByte(value, invariant)); break;
            case FormatCode.Byte: WriteRawByte((byte)Convert.ToSByte(value, invariant)); break;
            case FormatCode.UShort: BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), Convert.ToUInt16(value, invariant)); break;
            case FormatCode.Short: BinaryPrimitives.WriteInt16BigEndian(Reserve(2), Convert.ToInt16(value, invariant)); break;
            case FormatCode.UInt: BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), Convert.ToUInt32(value, invariant)); break;
            case FormatCode.Int: BinaryPrimitives.WriteInt32BigEndian(Reserve(4), Convert.ToInt32(value, invariant)); break;
            case FormatCode.ULong: BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), Convert.ToUInt64(value, invariant)); break;
            case FormatCode.Long: BinaryPrimitives.WriteInt64BigEndian(Reserve(8), Convert.ToInt64(value, invariant)); break;
            case FormatCode.Float: BinaryPrimitives.WriteSingleBigEndian(Reserve(4), Convert.ToSingle(value, invariant)); break;
            case FormatCode.Double: BinaryPrimitives.WriteDoubleBigEndian(Reserve(8), Convert.ToDouble(value, invariant)); break;
            case FormatCode.Decimal32: BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), ((AmqpDecimal32)value!).Bits); break;
            case FormatCode.Decimal64: BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), ((AmqpDecimal64)value!).Bits); break;
            case FormatCode.Decimal128:
                var d128 = (AmqpDecimal128)value!;
                BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), d128.High);
                BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), d128.Low);
                break;
            case FormatCode.Char: BinaryPrimitives.WriteInt32BigEndian(Reserve(4), ((AmqpChar)value!).CodePoint); break;
            case FormatCode.Timestamp:
                var ms = value is DateTime dt ? AmqpTimestamp.FromDateTime(dt).MillisecondsSinceUnixEpoch : ((AmqpTimestamp)value!).MillisecondsSinceUnixEpoch;
                BinaryPrimitives.WriteInt64BigEndian(Reserve(8), ms);
                break;
            case FormatCode.Uuid: ((Guid)value!).TryWriteBytes(Reserve(16), bigEndian: true, out _); break;
            case FormatCode.Binary32:
                var bytes = value switch
                {
                    byte[] array => (ReadOnlyMemory<byte>)array,
                    ReadOnlyMemory<byte> memory => memory,
                    ArraySegment<byte> segment => segment,
                    _ => throw new ArgumentException("Binary array element expected."),
                };
                BinaryPrimitives.WriteInt32BigEndian(Reserve(4), bytes.Length);
                WriteRaw(bytes.Span);
                break;
            case FormatCode.String32:
                var text = (string)value!;
                var length = Encoding.UTF8.GetByteCount(text);
                BinaryPrimitives.WriteInt32BigEndian(Reserve(4), length);
                Encoding.UTF8.GetBytes(text, Reserve(length));
                break;
            case FormatCode.Symbol32:
                var symbol = value is AmqpSymbol s ? s.Value : (string)value!;
                BinaryPrimitives.WriteInt32BigEndian(Reserve(4), symbol.Length);
                Encoding.ASCII.GetBytes(symbol, Reserve(symbol.Length));
                break;
            case FormatCode.List32:
                if (value is DescribedList composite)
                {
                    composite.EncodeListBody32(this);
                    break;
                }

                var list = (IList)value!;
                var listStart = _position;
                Reserve(8);
                foreach (var item in list)
                {
                    WriteValue(item);
                }

                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(listStart), _position - listStart - 4);
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(listStart + 4), list.Count);
                break;
            case FormatCode.Map32:
                var map = (IDictionary)value!;
                var mapStart = _position;
                Reserve(8);
                foreach (DictionaryEntry entry in map)
                {
                    WriteValue(entry.Key);
                    WriteValue(entry.Value);
                }

                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(mapStart), _position - mapStart - 4);
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(mapStart + 4), map.Count * 2);
                break;
            case FormatCode.Array32:
                var inner = (AmqpArray)value!;
                var arrayStart = _position;
                Reserve(8);
                if (inner.Descriptor is not null)
                {
                    WriteRawByte(FormatCode.Described);
                    WriteValue(inner.Descriptor);
                }

                WriteRawByte(inner.ElementCode);
                foreach (var item in inner.Items)
                {
                    WriteElementBody(inner.ElementCode, item is DescribedValue dv && inner.Descriptor is not null ? dv.Value : item);
                }

                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(arrayStart), _position - arrayStart - 4);
                BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(arrayStart + 4), inner.Count);
                break;
            default:
                throw new ArgumentException($"Format code 0x{code:x2} cannot be an array element.");
        }
    }
}
