using System.Buffers.Binary;
using System.Text;
using Amqp.Framing;

namespace Amqp.Types;

/// <summary>
/// Decodes AMQP values from a span. Every read checks bounds first and reports malformed input as an
/// <see cref="AmqpException"/> with <c>amqp:decode-error</c>; counts are checked against the bytes actually present
/// before anything is allocated, so a hostile size field cannot make the reader allocate more than the input.
/// </summary>
public ref partial struct AmqpReader
{
    /// <summary>Nesting deeper than this is refused rather than risking the stack.</summary>
    public const int MaxDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _depth;

    public AmqpReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
        _depth = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public readonly bool IsAtEnd => _position >= _data.Length;

    public readonly ReadOnlySpan<byte> Data => _data;

    internal static AmqpException DecodeError(string description) => new(ErrorCondition.DecodeError, description);

    public readonly byte PeekFormatCode()
    {
        if (_position >= _data.Length)
        {
            throw DecodeError("Unexpected end of data.");
        }

        return _data[_position];
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - _position)
        {
            throw DecodeError($"Value needs {count} bytes but {_data.Length - _position} remain.");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private byte TakeByte()
    {
        if (_position >= _data.Length)
        {
            throw DecodeError("Unexpected end of data.");
        }

        return _data[_position++];
    }

    public byte ReadFormatCode() => TakeByte();

    /// <summary>Moves past <paramref name="count"/> raw bytes.</summary>
    public void Skip(int count) => Take(count);

    /// <summary>Reads <paramref name="count"/> raw bytes.</summary>
    public ReadOnlySpan<byte> ReadRaw(int count) => Take(count);

    private int ReadVariableSize(byte code) => code switch
    {
        FormatCode.Binary8 or FormatCode.String8 or FormatCode.Symbol8 => TakeByte(),
        _ => ReadSize32(),
    };

    private int ReadSize32()
    {
        var size = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
        if (size > int.MaxValue || size > (uint)(_data.Length - _position))
        {
            throw DecodeError($"Size {size} exceeds the {_data.Length - _position} bytes remaining.");
        }

        return (int)size;
    }

    /// <summary>Reads any value, preserving its AMQP type in the CLR type returned.</summary>
    public object? ReadValue() => ReadValueBody(TakeByte());

    private object? ReadValueBody(byte code)
    {
        switch (code)
        {
            case FormatCode.Described: return ReadDescribedBody();
            case FormatCode.Null: return null;
            case FormatCode.BooleanTrue: return BoxedTrue;
            case FormatCode.BooleanFalse: return BoxedFalse;
            case FormatCode.Boolean: return ReadBooleanByte() ? BoxedTrue : BoxedFalse;
            case FormatCode.UByte: return TakeByte();
            case FormatCode.UShort: return BinaryPrimitives.ReadUInt16BigEndian(Take(2));
            case FormatCode.UInt0: return BoxedUInt0;
            case FormatCode.SmallUInt: return (uint)TakeByte();
            case FormatCode.UInt: return BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            case FormatCode.ULong0: return BoxedULong0;
            case FormatCode.SmallULong: return (ulong)TakeByte();
            case FormatCode.ULong: return BinaryPrimitives.ReadUInt64BigEndian(Take(8));
            case FormatCode.Byte: return (sbyte)TakeByte();
            case FormatCode.Short: return BinaryPrimitives.ReadInt16BigEndian(Take(2));
            case FormatCode.SmallInt: return (int)(sbyte)TakeByte();
            case FormatCode.Int: return BinaryPrimitives.ReadInt32BigEndian(Take(4));
            case FormatCode.SmallLong: return (long)(sbyte)TakeByte();
            case FormatCode.Long: return BinaryPrimitives.ReadInt64BigEndian(Take(8));
            case FormatCode.Float: return BinaryPrimitives.ReadSingleBigEndian(Take(4));
            case FormatCode.Double: return BinaryPrimitives.ReadDoubleBigEndian(Take(8));
            case FormatCode.Decimal32: return new AmqpDecimal32(BinaryPrimitives.ReadUInt32BigEndian(Take(4)));
            case FormatCode.Decimal64: return new AmqpDecimal64(BinaryPrimitives.ReadUInt64BigEndian(Take(8)));
            case FormatCode.Decimal128:
                var d = Take(16);
                return new AmqpDecimal128(BinaryPrimitives.ReadUInt64BigEndian(d), BinaryPrimitives.ReadUInt64BigEndian(d[8..]));
            case FormatCode.Char: return new AmqpChar(BinaryPrimitives.ReadInt32BigEndian(Take(4)));
            case FormatCode.Timestamp: return new AmqpTimestamp(BinaryPrimitives.ReadInt64BigEndian(Take(8)));
            case FormatCode.Uuid: return new Guid(Take(16), bigEndian: true);
            case FormatCode.Binary8:
            case FormatCode.Binary32:
                return Take(ReadVariableSize(code)).ToArray();
            case FormatCode.String8:
            case FormatCode.String32:
                return DecodeUtf8(Take(ReadVariableSize(code)));
            case FormatCode.Symbol8:
            case FormatCode.Symbol32:
                return new AmqpSymbol(SymbolTable.GetString(Take(ReadVariableSize(code))));
            case FormatCode.List0:
            case FormatCode.List8:
            case FormatCode.List32:
                return ReadListBody(code);
            case FormatCode.Map8:
            case FormatCode.Map32:
                return ReadMapBody(code);
            case FormatCode.Array8:
            case FormatCode.Array32:
                return ReadArrayBody(code);
            default:
                throw DecodeError($"Invalid format code 0x{code:x2}.");
        }
    }

    // Shared boxes for values that carry no payload: decoding maps then allocates nothing for them.
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;
    private static readonly object BoxedUInt0 = 0u;
    private static readonly object BoxedULong0 = 0ul;

    private bool ReadBooleanByte() => TakeByte() switch
    {
        0 => false,
        1 => true,
        var b => throw DecodeError($"Invalid boolean byte 0x{b:x2}."),
    };

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (SymbolTable.TryGetShortText(bytes) is { } shortText)
        {
            return shortText;
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw DecodeError("A string is not valid UTF-8.");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw DecodeError($"Values nest deeper than {MaxDepth} levels.");
        }
    }

    private object ReadDescribedBody()
    {
        Enter();
        var descriptor = ReadValue() ?? throw DecodeError("A descriptor cannot be null.");
        object? result;
        if (descriptor is ulong code && DescribedTypeRegistry.TryGetDecoder(code, out var decoder))
        {
            result = decoder(ref this);
        }
        else if (descriptor is AmqpSymbol name && DescribedTypeRegistry.TryGetDecoder(name, out decoder))
        {
            result = decoder(ref this);
        }
        else if (descriptor is ulong or AmqpSymbol)
        {
            result = new DescribedValue(descriptor, ReadValue());
        }
        else
        {
            throw DecodeError("A descriptor must be a ulong or a symbol.");
        }

        _depth--;
        return result!;
    }

    /// <summary>Reads a list header; returns the element count and the position just past the list.</summary>
    public void ReadListHeader(byte code, out int count, out int end)
    {
        switch (code)
        {
            case FormatCode.List0:
                count = 0;
                end = _position;
                return;
            case FormatCode.List8:
            case FormatCode.Map8:
            case FormatCode.Array8:
                var size8 = TakeByte();
                if (size8 < 1 || size8 > Remaining)
                {
                    throw DecodeError($"Compound size {size8} does not fit the {Remaining} bytes remaining.");
                }

                end = _position + size8;
                count = TakeByte();
                break;
            case FormatCode.List32:
            case FormatCode.Map32:
            case FormatCode.Array32:
                var size32 = ReadSize32();
                if (size32 < 4)
                {
                    throw DecodeError("Compound size is smaller than its count field.");
                }

                end = _position + size32;
                var count32 = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
                if (count32 > int.MaxValue)
                {
                    throw DecodeError("Compound count is too large.");
                }

                count = (int)count32;
                break;
            default:
                throw DecodeError($"Expected a list but found format code 0x{code:x2}.");
        }

        // Every element takes at least one byte (arrays check their zero-width elements separately).
        if (code is not (FormatCode.Array8 or FormatCode.Array32) && count > end - _position)
        {
            throw DecodeError($"Compound claims {count} elements in {end - _position} bytes.");
        }
    }

    internal void ExpectEnd(int end)
    {
        if (_position != end)
        {
            throw DecodeError("A compound's contents do not match its size.");
        }
    }

    private AmqpList ReadListBody(byte code)
    {
        Enter();
        ReadListHeader(code, out var count, out var end);
        var list = new AmqpList(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(ReadValue());
        }

        ExpectEnd(end);
        _depth--;
        return list;
    }

    private AmqpMap ReadMapBody(byte code)
    {
        Enter();
        ReadListHeader(code, out var count, out var end);
        if (count % 2 != 0)
        {
            throw DecodeError("A map must have an even number of elements.");
        }

        var map = new AmqpMap(count / 2);
        for (var i = 0; i < count; i += 2)
        {
            var key = ReadValue() ?? throw DecodeError("Map keys cannot be null.");
            if (!map.TryAdd(key, ReadValue()))
            {
                throw DecodeError($"Duplicate map key '{key}'.");
            }
        }

        ExpectEnd(end);
        _depth--;
        return map;
    }

    /// <summary>Reads a map if present; null for an AMQP null.</summary>
    public AmqpMap? ReadMap()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.Map8 or FormatCode.Map32 => ReadMapBody(code),
            _ => throw DecodeError($"Expected a map but found format code 0x{code:x2}."),
        };
    }

    /// <summary>Reads a list if present; null for an AMQP null.</summary>
    public AmqpList? ReadList()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.List0 or FormatCode.List8 or FormatCode.List32 => ReadListBody(code),
            _ => throw DecodeError($"Expected a list but found format code 0x{code:x2}."),
        };
    }

    /// <summary>Moves past one value without materialising it.</summary>
    public void SkipValue()
    {
        var code = TakeByte();
        switch (code)
        {
            case FormatCode.Described:
                Enter();
                SkipValue();
                SkipValue();
                _depth--;
                return;
            case FormatCode.Null or FormatCode.BooleanTrue or FormatCode.BooleanFalse or FormatCode.UInt0 or FormatCode.ULong0 or FormatCode.List0:
                return;
            case FormatCode.Boolean or FormatCode.UByte or FormatCode.Byte or FormatCode.SmallUInt or FormatCode.SmallULong or FormatCode.SmallInt or FormatCode.SmallLong:
                Take(1);
                return;
            case FormatCode.UShort or FormatCode.Short:
                Take(2);
                return;
            case FormatCode.UInt or FormatCode.Int or FormatCode.Float or FormatCode.Decimal32 or FormatCode.Char:
                Take(4);
                return;
            case FormatCode.ULong or FormatCode.Long or FormatCode.Double or FormatCode.Decimal64 or FormatCode.Timestamp:
                Take(8);
                return;
            case FormatCode.Decimal128 or FormatCode.Uuid:
                Take(16);
                return;
            case FormatCode.Binary8 or FormatCode.String8 or FormatCode.Symbol8 or FormatCode.List8 or FormatCode.Map8 or FormatCode.Array8:
                Take(TakeByte());
                return;
            case FormatCode.Binary32 or FormatCode.String32 or FormatCode.Symbol32 or FormatCode.List32 or FormatCode.Map32 or FormatCode.Array32:
                Take(ReadSize32());
                return;
            default:
                throw DecodeError($"Invalid format code 0x{code:x2}.");
        }
    }
}
