using Azure.Messaging.ServiceBus;
using ServiceBusEmulator.DotNetConformance.Support;

namespace ServiceBusEmulator.DotNetConformance;

/// <summary>Duplicate detection drops a second message with the same MessageId within the window, and says nothing to the sender.</summary>
public sealed class DuplicateDetectionTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_repeated_message_id_is_accepted_and_dropped()
    {
        await using var client = emulator.CreateClient();
        var sender = client.CreateSender("duplicates");

        await sender.SendMessageAsync(new ServiceBusMessage("first") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("second") { MessageId = "same" });
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "other" });

        var messages = await client.CreateReceiver("duplicates").PeekMessagesAsync(10);
        Assert.Equal([("same", "first"), ("other", "other")], messages.Select(m => (m.MessageId, m.Body.ToString())));
    }
}
