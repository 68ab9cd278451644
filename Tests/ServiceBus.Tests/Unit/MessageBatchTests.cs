using Amqp.Messaging;
using ServiceBus.Transport;

namespace ServiceBus.Tests.Unit;

public sealed class MessageBatchTests
{
    [Fact]
    public void Batch_size_is_the_exact_encoded_size_of_the_envelope_it_becomes()
    {
        var batch = new ServiceBusMessageBatch(64 * 1024);
        for (var i = 0; i < 10; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage(new byte[i * 100]) { MessageId = $"m-{i}", SessionId = "s" }));
        }

        var envelope = AmqpMessageConverter.Encode(AmqpMessageConverter.CreateBatchEnvelope(batch.EncodedMessages, batch.Messages[0]));

        Assert.Equal(envelope.Length, batch.SizeInBytes);
        var decoded = AmqpMessage.Decode(envelope);
        Assert.Equal(10, decoded.DataBody!.Count);
        Assert.Equal("m-0", decoded.Properties!.MessageId);
        Assert.Equal("m-9", AmqpMessage.Decode(decoded.DataBody[9].Binary).Properties!.MessageId);
    }

    [Fact]
    public void Message_that_would_pass_the_limit_is_refused_and_the_batch_keeps_what_fits()
    {
        var batch = new ServiceBusMessageBatch(5000);
        var added = 0;
        while (batch.TryAddMessage(new ServiceBusMessage(new byte[1000])))
        {
            added++;
        }

        Assert.Equal(4, added);
        Assert.InRange(batch.SizeInBytes, 4000, 5000);
        Assert.False(batch.TryAddMessage(new ServiceBusMessage(new byte[6000])));
        Assert.Equal(4, batch.Count);
    }

    [Fact]
    public void Single_message_batch_is_sized_as_the_bare_message()
    {
        var batch = new ServiceBusMessageBatch(1024);
        var message = new ServiceBusMessage("hello") { MessageId = "one" };

        Assert.True(batch.TryAddMessage(message));
        Assert.Equal(batch.EncodedMessages[0].Length, batch.SizeInBytes);
    }
}
