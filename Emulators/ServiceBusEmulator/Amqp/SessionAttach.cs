using Amqp;
using Amqp.Framing;
using ServiceBusEmulator.Broker;

namespace ServiceBusEmulator.Amqp;

/// <summary>
/// A receiver attach with <c>com.microsoft:session-filter</c> (brief §10): a session id accepts that session, null
/// the next available one within the link's <c>com.microsoft:timeout</c>. The reply carries the session id in the
/// source filter and the lock's expiry as .NET ticks in <c>com.microsoft:locked-until-utc</c>; failures refuse the
/// attach (null source, then detach with session-cannot-be-locked or timeout, back to back).
/// </summary>
internal static class SessionAttach
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task AcceptAsync(LinkAttachRequest request, MessageBroker broker, string path, ReceiveMode mode, TransactionCoordinator transactions)
    {
        var remoteSource = request.Remote.Source!;
        var sessionId = remoteSource.Filter?.GetValueOrDefault(ServiceBusAmqpNames.SessionFilter) switch
        {
            null => null,
            string text => text,
            DescribedValue { Value: string text } => text,
            var other => other.ToString(),
        };
        var timeout = request.Remote.Properties?.GetValueOrDefault(ServiceBusAmqpNames.Timeout) switch
        {
            uint milliseconds => TimeSpan.FromMilliseconds(milliseconds),
            int milliseconds when milliseconds >= 0 => TimeSpan.FromMilliseconds(milliseconds),
            long milliseconds when milliseconds >= 0 => TimeSpan.FromMilliseconds(milliseconds),
            ulong milliseconds => TimeSpan.FromMilliseconds(milliseconds),
            _ => DefaultTimeout,
        };

        BrokerResult<BrokerReceiver> accepted;
        try
        {
            accepted = await broker.AcceptSessionAsync(path, sessionId, mode, timeout, request.Session.Connection.Closed.IsCompleted ? new CancellationToken(true) : default)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            if (!accepted.IsSuccess)
            {
                request.Refuse(AmqpErrors.From(accepted.Error!));
                return;
            }

            var receiver = accepted.Value;
            request.Reply.Source = new Source
            {
                Address = remoteSource.Address,
                Filter = new AmqpMap { [ServiceBusAmqpNames.SessionFilter] = receiver.SessionId },
            };
            (request.Reply.Properties ??= new AmqpMap())[ServiceBusAmqpNames.LockedUntilUtc] = receiver.SessionLockedUntil.UtcTicks;
            SenderLink link;
            try
            {
                link = (SenderLink)request.Accept();
            }
            catch
            {
                receiver.Dispose();
                throw;
            }

            await new EntityReceiveLink(broker, link, receiver, path, transactions).ServeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmqpException or InvalidOperationException)
        {
            // The client went away while we waited for a session.
        }
    }
}
