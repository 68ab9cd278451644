using System.Buffers.Binary;

using Amqp.Framing;

namespace Amqp.Types;

// Array elements share one constructor and carry only their bodies.
public ref partial struct AmqpReader
{
    /// <summary>Arrays of zero-width elements (null, true, uint0 …) could claim billions of elements in a few bytes.</summary>
    public const int MaxZeroWidthArrayCount = 65536;

    private AmqpArray ReadArrayBody(byte code)
    {
        Enter();
        ReadListHeader(code, out var count, out var end);
        object? descriptor = null;
        var elementCode = TakeByte();
        if (elementCode == FormatCode.Described)
        {
            descriptor = ReadValue() ?? throw DecodeError("A descriptor cannot be null.");
            elementCode = TakeByte();
        }

        var width = FixedWidth(elementCode);
        if (width == 0 ? count > MaxZeroWidthArrayCount : count > (end - _position) / Math.Max(width, 1))
        {
            throw DecodeError($"Array claims {count} elements in {end - _position} bytes.");
        }

        var items = new object?[count];
        var isList = elementCode is FormatCode.List0 or FormatCode.List8 or FormatCode.List32;
        Func<DescribedList>? create = null;
        if (descriptor is not null && isList)
        {
            DescribedTypeRegistry.TryGetFactory(descriptor, out create);
        }

        for (var i = 0; i < count; i++)
        {
            if (create is not null)
            {
                var composite = create();
                composite.DecodeListBody(ref this, elementCode);
                items[i] = composite;
            }
            else
            {
                var body = ReadElementBody(elementCode);
                items[i] = descriptor is null ? body : new DescribedValue(descriptor, body);
            }
        }

        ExpectEnd(end);
        _depth--;
        return new AmqpArray(elementCode, items, descriptor);
    }

    /// <summary>Bytes per element for fixed-width constructors (variable-width ones report 1, their minimum).</summary>
    private static int FixedWidth(byte code) => code switch
    {
        FormatCode.Null or FormatCode.BooleanTrue or FormatCode.BooleanFalse or FormatCode.UInt0 or FormatCode.ULong0 or FormatCode.List0 => 0,
        FormatCode.Boolean or FormatCode.UByte or FormatCode.Byte or FormatCode.SmallUInt or FormatCode.SmallULong or FormatCode.SmallInt or FormatCode.SmallLong => 1,
        FormatCode.UShort or FormatCode.Short => 2,
        FormatCode.UInt or FormatCode.Int or FormatCode.Float or FormatCode.Decimal32 or FormatCode.Char => 4,
        FormatCode.ULong or FormatCode.Long or FormatCode.Double or FormatCode.Decimal64 or FormatCode.Timestamp => 8,
        FormatCode.Decimal128 or FormatCode.Uuid => 16,
        FormatCode.Binary32 or FormatCode.String32 or FormatCode.Symbol32 or FormatCode.List32 or FormatCode.Map32 or FormatCode.Array32 => 4,
        _ => 1,
    };

    private object? ReadElementBody(byte code) => code switch
    {
        FormatCode.Described => throw DecodeError("Nested descriptors in an array element constructor are not supported."),
        FormatCode.Boolean => ReadBooleanByte(),
        _ => ReadValueBody(code),
    };
}
