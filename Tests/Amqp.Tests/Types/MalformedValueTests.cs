using Amqp.Framing;
using Amqp.Types;

namespace Amqp.Tests.Types;

public class MalformedValueTests
{
    private static AmqpException Decode(params byte[] bytes) =>
        Assert.Throws<AmqpException>(() =>
        {
            var reader = new AmqpReader(bytes);
            reader.ReadValue();
        });

    [Theory]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0xff })]
    [InlineData(new byte[] { 0x57 })]
    public void An_invalid_format_code_is_a_decode_error(byte[] bytes) =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(bytes).Condition);

    [Fact]
    public void A_truncated_value_is_a_decode_error() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.UInt, 0, 0).Condition);

    [Fact]
    public void A_size_larger_than_the_input_is_refused_before_allocating() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.Binary32, 0xff, 0xff, 0xff, 0xf0, 1, 2).Condition);

    [Fact]
    public void A_list_claiming_more_elements_than_bytes_is_refused() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.List32, 0, 0, 0, 4, 0x7f, 0xff, 0xff, 0xff).Condition);

    [Fact]
    public void An_array_of_zero_width_elements_cannot_claim_billions() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.Array32, 0, 0, 0, 5, 0x7f, 0xff, 0xff, 0xff, FormatCode.Null).Condition);

    [Fact]
    public void Deep_nesting_is_refused_rather_than_overflowing_the_stack()
    {
        var bytes = new List<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            bytes.AddRange([FormatCode.Described, FormatCode.SmallULong, 1]);
        }

        bytes.Add(FormatCode.Null);
        Assert.Equal(ErrorCondition.DecodeError, Decode([.. bytes]).Condition);
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_a_decode_error() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.String8, 2, 0xc3, 0x28).Condition);

    [Fact]
    public void Duplicate_map_keys_are_a_decode_error() =>
        Assert.Equal(ErrorCondition.DecodeError, Decode(FormatCode.Map8, 5, 4, FormatCode.SmallUInt, 1, FormatCode.SmallUInt, 1).Condition);
}
