using Amqp.Framing;
using Amqp.Types;

namespace Amqp.Tests.Types;

public class TypeRoundTripTests
{
    private static object? RoundTrip(object? value, out byte formatCode)
    {
        using var writer = new AmqpWriter();
        writer.WriteValue(value);
        formatCode = writer.WrittenSpan[0];
        var reader = new AmqpReader(writer.WrittenSpan);
        var decoded = reader.ReadValue();
        Assert.True(reader.IsAtEnd);
        return decoded;
    }

    public static TheoryData<object?, byte> Primitives() => new()
    {
        { null, FormatCode.Null },
        { true, FormatCode.BooleanTrue },
        { false, FormatCode.BooleanFalse },
        { (byte)200, FormatCode.UByte },
        { (ushort)60000, FormatCode.UShort },
        { 0u, FormatCode.UInt0 },
        { 7u, FormatCode.SmallUInt },
        { 4_000_000_000u, FormatCode.UInt },
        { 0ul, FormatCode.ULong0 },
        { 9ul, FormatCode.SmallULong },
        { ulong.MaxValue, FormatCode.ULong },
        { (sbyte)-5, FormatCode.Byte },
        { (short)-30000, FormatCode.Short },
        { -100, FormatCode.SmallInt },
        { int.MinValue, FormatCode.Int },
        { 100L, FormatCode.SmallLong },
        { long.MinValue, FormatCode.Long },
        { 1.5f, FormatCode.Float },
        { -2.25d, FormatCode.Double },
        { new AmqpDecimal32(0x2200_0001), FormatCode.Decimal32 },
        { new AmqpDecimal64(0x2238_0000_0000_0001), FormatCode.Decimal64 },
        { new AmqpDecimal128(0x2208_0000_0000_0000, 42), FormatCode.Decimal128 },
        { new AmqpChar(0x1F600), FormatCode.Char },
        { new AmqpTimestamp(1_700_000_000_123), FormatCode.Timestamp },
        { Guid.Parse("743da362-69df-4e63-a95f-a1d93e29825e"), FormatCode.Uuid },
        { new byte[] { 1, 2, 3 }, FormatCode.Binary8 },
        { new byte[300], FormatCode.Binary32 },
        { "héllo", FormatCode.String8 },
        { new string('x', 300), FormatCode.String32 },
        { new AmqpSymbol("com.microsoft:timeout"), FormatCode.Symbol8 },
        { new AmqpSymbol(new string('s', 256)), FormatCode.Symbol32 },
    };

    [Theory]
    [MemberData(nameof(Primitives))]
    public void Every_primitive_decodes_to_the_same_type_and_value(object? value, byte expectedCode)
    {
        var decoded = RoundTrip(value, out var code);
        Assert.Equal(expectedCode, code);
        Assert.True(AmqpValueEquality.AreEqual(value, decoded), $"{value} decoded as {decoded}");
        Assert.Equal(value?.GetType(), decoded?.GetType());
    }

    [Fact]
    public void A_uint_stays_a_uint_and_a_long_stays_a_long()
    {
        Assert.IsType<uint>(RoundTrip(5u, out _));
        Assert.IsType<long>(RoundTrip(5L, out _));
        Assert.IsType<int>(RoundTrip(5, out _));
        Assert.IsType<ulong>(RoundTrip(5ul, out _));
    }

    [Fact]
    public void Uuid_is_written_in_rfc_4122_byte_order()
    {
        using var writer = new AmqpWriter();
        writer.WriteUuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"));
        Assert.Equal(Convert.FromHexString("9800112233445566778899aabbccddeeff"), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void Map_keeps_symbol_and_string_keys_apart()
    {
        var map = new AmqpMap { [new AmqpSymbol("k")] = 1u, ["k"] = "s", [7L] = null };
        var decoded = Assert.IsType<AmqpMap>(RoundTrip(map, out var code));
        Assert.Equal(FormatCode.Map8, code);
        Assert.Equal(3, decoded.Count);
        Assert.Equal(1u, decoded[new AmqpSymbol("k")]);
        Assert.Equal("s", decoded["k"]);
        Assert.True(decoded.ContainsKey(7L));
    }

    [Fact]
    public void Nested_lists_and_large_lists_round_trip()
    {
        var big = new AmqpList(Enumerable.Range(0, 300).Select(i => (object?)i));
        var list = new AmqpList { 1u, "two", new AmqpList { new AmqpSymbol("three") }, big, new AmqpList() };
        var decoded = RoundTrip(list, out var code);
        Assert.Equal(FormatCode.List32, code);
        Assert.True(AmqpValueEquality.AreEqual(list, decoded));
    }

    public static TheoryData<AmqpArray> Arrays() => new()
    {
        AmqpArray.Of(1u, 2u, 300u),
        AmqpArray.Of(-1L, long.MaxValue),
        AmqpArray.Of(new AmqpSymbol("a"), new AmqpSymbol("bc")),
        AmqpArray.Of(Guid.NewGuid(), Guid.NewGuid()),
        AmqpArray.Of(new AmqpTimestamp(1), new AmqpTimestamp(2)),
        AmqpArray.Of(true, false, true),
        AmqpArray.Of("x", new string('y', 400)),
        AmqpArray.Of(new byte[] { 1 }, new byte[] { 2, 3 }),
        AmqpArray.Of(1.5d, 2.5d),
        AmqpArray.Of(new AmqpChar('a'), new AmqpChar(0x10FFFF)),
        AmqpArray.Of(new AmqpDecimal128(1, 2)),
        AmqpArray.Of(new AmqpList { 1, "a" }, new AmqpList()),
        AmqpArray.Of(new AmqpMap { ["k"] = 1 }),
        AmqpArray.Of(AmqpArray.Of(1, 2), AmqpArray.Of(3)),
        AmqpArray.Of<uint>(),
        new AmqpArray(FormatCode.Null, new object?[] { null, null }),
    };

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Arrays_keep_their_element_type(AmqpArray array)
    {
        var decoded = Assert.IsType<AmqpArray>(RoundTrip(array, out _));
        Assert.Equal(array.ElementCode, decoded.ElementCode);
        Assert.True(AmqpValueEquality.AreEqual(array.Items, decoded.Items));
    }

    [Fact]
    public void Arrays_of_composites_decode_to_the_composite_type()
    {
        var errors = new AmqpArray(FormatCode.List32, new object?[] { new Error(ErrorCondition.NotFound, "a"), new Error(ErrorCondition.DecodeError) }, Error.Descriptor);
        var decoded = Assert.IsType<AmqpArray>(RoundTrip(errors, out _));
        Assert.Equal(Error.Descriptor, decoded.Descriptor);
        var first = Assert.IsType<Error>(decoded.Items[0]);
        Assert.Equal(ErrorCondition.NotFound, first.Condition);
        Assert.Equal("a", first.Description);
        Assert.Equal(ErrorCondition.DecodeError, Assert.IsType<Error>(decoded.Items[1]).Condition);
    }

    [Fact]
    public void Unknown_described_values_survive_a_round_trip()
    {
        var uri = new DescribedValue(new AmqpSymbol("com.microsoft:uri"), "https://example.test/");
        var coded = new DescribedValue(0x0000_0137_0000_0001ul, 12L);
        Assert.Equal(uri, RoundTrip(uri, out _));
        Assert.Equal(coded, RoundTrip(coded, out _));
    }

    [Fact]
    public void Compact_encodings_from_other_peers_decode_to_the_full_type()
    {
        var reader = new AmqpReader([FormatCode.UInt, 0, 0, 0, 5, FormatCode.SmallULong, 9, FormatCode.Long, 0, 0, 0, 0, 0, 0, 0, 1]);
        Assert.Equal(5u, reader.ReadValue());
        Assert.Equal(9ul, reader.ReadValue());
        Assert.Equal(1L, reader.ReadValue());
    }

    [Fact]
    public void Skipping_a_value_lands_on_the_next_one()
    {
        using var writer = new AmqpWriter();
        writer.WriteValue(new AmqpMap { ["a"] = new AmqpList { 1, AmqpArray.Of(1u) } });
        writer.WriteValue(new DescribedValue(1ul, "x"));
        writer.WriteUInt(77);
        var reader = new AmqpReader(writer.WrittenSpan);
        reader.SkipValue();
        reader.SkipValue();
        Assert.Equal(77u, reader.ReadValue());
    }
}
