using System.Buffers.Binary;

using Amqp.Framing;

namespace Amqp.Types;

// Typed reads used by composite types: they accept every encoding of the expected type (and null), reject any other
// type with decode-error, and never box.
public ref partial struct AmqpReader
{
    private static AmqpException TypeMismatch(byte code, string expected) =>
        DecodeError($"Expected {expected} but found format code 0x{code:x2}.");

    public bool? ReadNullableBoolean()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.BooleanTrue => true,
            FormatCode.BooleanFalse => false,
            FormatCode.Boolean => ReadBooleanByte(),
            _ => throw TypeMismatch(code, "boolean"),
        };
    }

    public byte? ReadNullableUByte()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.UByte => TakeByte(),
            _ => throw TypeMismatch(code, "ubyte"),
        };
    }

    public ushort? ReadNullableUShort()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.UShort => BinaryPrimitives.ReadUInt16BigEndian(Take(2)),
            _ => throw TypeMismatch(code, "ushort"),
        };
    }

    public uint? ReadNullableUInt()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.UInt0 => 0u,
            FormatCode.SmallUInt => TakeByte(),
            FormatCode.UInt => BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
            _ => throw TypeMismatch(code, "uint"),
        };
    }

    public ulong? ReadNullableULong()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.ULong0 => 0ul,
            FormatCode.SmallULong => TakeByte(),
            FormatCode.ULong => BinaryPrimitives.ReadUInt64BigEndian(Take(8)),
            // Some peers encode ulong fields (max-message-size) with a uint constructor; the value is still exact.
            FormatCode.UInt0 => 0ul,
            FormatCode.SmallUInt => TakeByte(),
            FormatCode.UInt => BinaryPrimitives.ReadUInt32BigEndian(Take(4)),
            _ => throw TypeMismatch(code, "ulong"),
        };
    }

    public int? ReadNullableInt()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.SmallInt => (sbyte)TakeByte(),
            FormatCode.Int => BinaryPrimitives.ReadInt32BigEndian(Take(4)),
            _ => throw TypeMismatch(code, "int"),
        };
    }

    public AmqpTimestamp? ReadNullableTimestamp()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.Timestamp => new AmqpTimestamp(BinaryPrimitives.ReadInt64BigEndian(Take(8))),
            _ => throw TypeMismatch(code, "timestamp"),
        };
    }

    public string? ReadNullableString()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => null,
            FormatCode.String8 or FormatCode.String32 => DecodeUtf8(Take(ReadVariableSize(code))),
            _ => throw TypeMismatch(code, "string"),
        };
    }

    public AmqpSymbol? ReadNullableSymbol()
    {
        var code = TakeByte();
        return code switch
        {
            FormatCode.Null => (AmqpSymbol?)null,
            FormatCode.Symbol8 or FormatCode.Symbol32 => new AmqpSymbol(SymbolTable.GetString(Take(ReadVariableSize(code)))),
            _ => throw TypeMismatch(code, "symbol"),
        };
    }

    /// <summary>Reads a "multiple" symbol field: a single symbol or an array of symbols.</summary>
    public AmqpSymbol[]? ReadSymbolArray()
    {
        var code = PeekFormatCode();
        if (code is FormatCode.Null or FormatCode.Symbol8 or FormatCode.Symbol32)
        {
            var single = ReadNullableSymbol();
            return single is null ? null : new[] { single.Value };
        }

        if (code is not (FormatCode.Array8 or FormatCode.Array32))
        {
            throw TypeMismatch(code, "symbol or array of symbol");
        }

        TakeByte();
        var array = ReadArrayBody(code);
        if (array.Count > 0 && array.ElementCode != FormatCode.Symbol32)
        {
            throw TypeMismatch(array.ElementCode, "array of symbol");
        }

        var symbols = new AmqpSymbol[array.Count];
        for (var i = 0; i < symbols.Length; i++)
        {
            symbols[i] = (AmqpSymbol)array.Items[i]!;
        }

        return symbols;
    }

    /// <summary>Reads binary as a view over the input (no copy); valid only while the input is.</summary>
    public ReadOnlySpan<byte> ReadBinarySpan(out bool isNull)
    {
        var code = TakeByte();
        isNull = code == FormatCode.Null;
        return code switch
        {
            FormatCode.Null => default,
            FormatCode.Binary8 or FormatCode.Binary32 => Take(ReadVariableSize(code)),
            _ => throw TypeMismatch(code, "binary"),
        };
    }

    public byte[]? ReadNullableBinary()
    {
        var span = ReadBinarySpan(out var isNull);
        return isNull ? null : span.ToArray();
    }

    /// <summary>Reads a described composite of type <typeparamref name="T"/> (or null).</summary>
    public T? ReadComposite<T>() where T : class
    {
        if (PeekFormatCode() == FormatCode.Null)
        {
            TakeByte();
            return null;
        }

        var value = ReadValue();
        return value as T ?? throw DecodeError($"Expected {typeof(T).Name} but found {value?.GetType().Name ?? "null"}.");
    }

    /// <summary>Reads the descriptor of a described value; returns its numeric code (symbolic names are mapped).</summary>
    public ulong ReadDescriptorCode()
    {
        var code = TakeByte();
        if (code != FormatCode.Described)
        {
            throw TypeMismatch(code, "a described type");
        }

        var descriptor = ReadValue();
        return descriptor switch
        {
            ulong numeric => numeric,
            AmqpSymbol name when DescribedTypeRegistry.TryGetCode(name, out var numeric) => numeric,
            _ => throw DecodeError($"Unknown descriptor {descriptor}."),
        };
    }
}
