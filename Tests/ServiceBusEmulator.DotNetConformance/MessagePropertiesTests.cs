using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Every property a <see cref="ServiceBusMessage"/> carries arrives as sent, with the types the SDK allows.</summary>
public sealed class MessagePropertiesTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task System_and_application_properties_of_every_type_arrive_as_sent()
    {
        await using var client = emulator.CreateClient();
        var sentAt = new DateTimeOffset(2026, 12, 5, 14, 30, 15, 123, TimeSpan.Zero);
        var guid = Guid.NewGuid();
        var message = new ServiceBusMessage(BinaryData.FromString("{\"id\":1}"))
        {
            MessageId = "message-1",
            CorrelationId = "correlation-1",
            ContentType = "application/json",
            Subject = "subject-1",
            To = "to-1",
            ReplyTo = "reply-to-1",
            PartitionKey = "partition-1",
            TimeToLive = TimeSpan.FromMinutes(5),
            ApplicationProperties =
            {
                ["string"] = "text",
                ["bool"] = true,
                ["byte"] = (byte)7,
                ["sbyte"] = (sbyte)-7,
                ["short"] = (short)-300,
                ["ushort"] = (ushort)300,
                ["int"] = -70_000,
                ["uint"] = 70_000u,
                ["long"] = -5_000_000_000L,
                ["ulong"] = 5_000_000_000UL,
                ["float"] = 1.5f,
                ["double"] = 2.25d,
                ["decimal"] = 12.345m,
                ["char"] = 'x',
                ["guid"] = guid,
                ["datetime"] = sentAt.UtcDateTime,
                ["datetimeoffset"] = sentAt,
                ["timespan"] = TimeSpan.FromSeconds(90),
                ["uri"] = new Uri("https://example.test/path"),
                ["bytes"] = new byte[] { 1, 2, 3 },
            },
        };
        await client.CreateSender("properties").SendMessageAsync(message);

        var receiver = client.CreateReceiver("properties");
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.NotNull(received);
        Assert.Equal("{\"id\":1}", received.Body.ToString());
        Assert.Equal(
            ("message-1", "correlation-1", "application/json", "subject-1", "to-1", "reply-to-1", "partition-1", TimeSpan.FromMinutes(5)),
            (received.MessageId, received.CorrelationId, received.ContentType, received.Subject, received.To, received.ReplyTo, received.PartitionKey, received.TimeToLive));
        var properties = received.ApplicationProperties;
        Assert.Equal("text", properties["string"]);
        Assert.Equal(true, properties["bool"]);
        Assert.Equal((byte)7, properties["byte"]);
        Assert.Equal((sbyte)-7, properties["sbyte"]);
        Assert.Equal((short)-300, properties["short"]);
        Assert.Equal((ushort)300, properties["ushort"]);
        Assert.Equal(-70_000, properties["int"]);
        Assert.Equal(70_000u, properties["uint"]);
        Assert.Equal(-5_000_000_000L, properties["long"]);
        Assert.Equal(5_000_000_000UL, properties["ulong"]);
        Assert.Equal(1.5f, properties["float"]);
        Assert.Equal(2.25d, properties["double"]);
        Assert.Equal(12.345m, properties["decimal"]);
        Assert.Equal('x', properties["char"]);
        Assert.Equal(guid, properties["guid"]);
        Assert.Equal(sentAt.UtcDateTime, properties["datetime"]);
        Assert.Equal(sentAt, properties["datetimeoffset"]);
        Assert.Equal(TimeSpan.FromSeconds(90), properties["timespan"]);
        Assert.Equal(new Uri("https://example.test/path"), properties["uri"]);
        Assert.Equal(new byte[] { 1, 2, 3 }, properties["bytes"]);
        Assert.Equal(1, received.DeliveryCount);
        Assert.True(received.SequenceNumber > 0);
        await receiver.CompleteMessageAsync(received);
    }

    [Fact]
    public async Task A_message_sent_without_an_id_gets_one_from_the_broker()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("properties").SendMessageAsync(new ServiceBusMessage("no id"));

        var receiver = client.CreateReceiver("properties", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        var received = await receiver.ReceiveMessageAsync(Wait);

        Assert.Equal("no id", received!.Body.ToString());
        Assert.False(string.IsNullOrEmpty(received.MessageId));
    }
}
