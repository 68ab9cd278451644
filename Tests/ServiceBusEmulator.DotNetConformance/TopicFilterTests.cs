using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>A topic copies each message to every subscription whose rule matches: true, correlation and SQL filters, SQL actions.</summary>
public sealed class TopicFilterTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Each_subscription_receives_the_messages_its_filter_matches()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("orders").SendMessagesAsync(
        [
            new ServiceBusMessage("red high") { MessageId = "red-high", Subject = "red", ApplicationProperties = { ["priority"] = "high", ["quantity"] = 1 } },
            new ServiceBusMessage("red low") { MessageId = "red-low", Subject = "red", ApplicationProperties = { ["priority"] = "low", ["quantity"] = 20 } },
            new ServiceBusMessage("blue") { MessageId = "blue", Subject = "blue", ApplicationProperties = { ["quantity"] = 5 } },
        ]);

        var all = await ReceiveAllAsync(client, "all", 3);
        var red = await ReceiveAllAsync(client, "red", 1);
        var big = await ReceiveAllAsync(client, "big", 1);

        Assert.Equal(["red-high", "red-low", "blue"], all.Select(m => m.MessageId));
        Assert.Equal(["red-high"], red.Select(m => m.MessageId));
        Assert.Equal([("red-low", "big")], big.Select(m => (m.MessageId, m.Subject)));
    }

    private static async Task<List<ServiceBusReceivedMessage>> ReceiveAllAsync(ServiceBusClient client, string subscription, int expected)
    {
        var receiver = client.CreateReceiver("orders", subscription);
        var received = new List<ServiceBusReceivedMessage>();
        while (received.Count < expected && await receiver.ReceiveMessagesAsync(expected, Wait) is { Count: > 0 } some)
        {
            received.AddRange(some);
        }

        foreach (var message in received)
        {
            await receiver.CompleteMessageAsync(message);
        }

        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(200)));
        return received;
    }
}
