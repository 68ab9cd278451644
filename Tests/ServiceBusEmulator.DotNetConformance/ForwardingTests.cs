using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>ForwardTo moves a message sent to one queue into another.</summary>
public sealed class ForwardingTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_message_sent_to_a_forwarding_queue_arrives_in_its_target()
    {
        await using var client = emulator.CreateClient();
        await client.CreateSender("forward-source").SendMessageAsync(new ServiceBusMessage("forwarded") { MessageId = "forwarded" });

        var received = await client.CreateReceiver("forward-target").ReceiveMessageAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("forwarded", received!.MessageId);
        Assert.Null(await client.CreateReceiver("forward-source").PeekMessageAsync());
    }
}
