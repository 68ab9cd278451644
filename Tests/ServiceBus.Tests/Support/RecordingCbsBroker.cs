using System.Collections.Concurrent;
using Amqp;
using Amqp.Framing;
using Amqp.Messaging;
using Amqp.Sasl;
using Amqp.Types;

namespace ServiceBus.Tests.Support;

/// <summary>
/// A small AMQP server on our own library for unit-level tests of the client's authentication: it records every CBS
/// put-token (type, audience, token, when) and accepts sends to any entity. It offers only ANONYMOUS, as non-Azure
/// brokers may.
/// </summary>
public sealed class RecordingCbsBroker : IAsyncDisposable
{
    private readonly AmqpListener _listener;
    private readonly ConcurrentDictionary<string, SenderLink> _replyLinks = new();
    private readonly ConcurrentQueue<Task> _loops = new();

    public RecordingCbsBroker()
    {
        _listener = new AmqpListener(new AmqpListenerSettings
        {
            Sasl = new SaslServerSettings { Mechanisms = [SaslProfile.AnonymousName] },
            LinkAttaching = OnAttach,
        });
        _listener.Start();
    }

    public int Port => _listener.LocalEndpoint.Port;

    public ConcurrentQueue<PutToken> PutTokens { get; } = new();

    public ConcurrentQueue<string> SentBodies { get; } = new();

    public sealed record PutToken(string Type, string Audience, string Token, DateTimeOffset ReceivedAt);

    private void OnAttach(LinkAttachRequest request)
    {
        if (request.IsSenderRequest)
        {
            // The client's reply link: CBS answers go to the link whose target is the request's reply-to.
            var link = (SenderLink)request.Accept();
            if (request.Remote.Target is Target { Address: string replyTo })
            {
                _replyLinks[replyTo] = link;
            }

            return;
        }

        request.Reply.MaxMessageSize = 256 * 1024;
        var receiver = (ReceiverLink)request.Accept();
        var isCbs = request.Remote.Target is Target { Address: "$cbs" };
        _loops.Enqueue(Task.Run(() => isCbs ? ServeCbsAsync(receiver) : AcceptSendsAsync(receiver)));
    }

    private async Task ServeCbsAsync(ReceiverLink requests)
    {
        try
        {
            while (await requests.ReceiveAsync() is { } delivery)
            {
                var request = delivery.GetMessage();
                var properties = request.ApplicationProperties!.Map;
                PutTokens.Enqueue(new PutToken((string)properties.GetValueOrDefault("type")!, (string)properties.GetValueOrDefault("name")!,
                    (string)request.ValueBody!.Value!, DateTimeOffset.UtcNow));
                var reply = new AmqpMessage
                {
                    Properties = new Properties { CorrelationId = request.Properties!.MessageId },
                    ApplicationProperties = new ApplicationProperties(new AmqpMap { ["status-code"] = 202, ["status-description"] = "Accepted" }),
                };
                if (!delivery.IsSettled)
                {
                    await requests.AcceptAsync(delivery);
                }

                await _replyLinks[(string)request.Properties.ReplyTo!].SendAsync(reply, new SendOptions { Settled = true });
            }
        }
        catch (AmqpException)
        {
            // The client went away.
        }
    }

    private async Task AcceptSendsAsync(ReceiverLink sends)
    {
        try
        {
            while (await sends.ReceiveAsync() is { } delivery)
            {
                SentBodies.Enqueue(System.Text.Encoding.UTF8.GetString(delivery.GetMessage().GetDataBody().Span));
                await sends.AcceptAsync(delivery);
            }
        }
        catch (AmqpException)
        {
            // The client went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
