using Amqp;

namespace ServiceBusEmulator.Amqp;

/// <summary>How every link the emulator receives on reads its next delivery.</summary>
internal static class IncomingDeliveries
{
    /// <summary>The next delivery, or null once the link has ended — closed by the peer or with its connection.</summary>
    public static async ValueTask<ReceivedDelivery?> ReceiveOrNullAsync(this ReceiverLink link)
    {
        try
        {
            return await link.ReceiveAsync().ConfigureAwait(false);
        }
        catch (AmqpException)
        {
            return null;
        }
    }
}
