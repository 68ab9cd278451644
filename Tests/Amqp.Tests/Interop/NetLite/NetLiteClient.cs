extern alias NetLite;
using LiteAddress = NetLite::Amqp.Address;
using LiteAttach = NetLite::Amqp.Framing.Attach;
using LiteConnection = NetLite::Amqp.Connection;
using LiteConnectionFactory = NetLite::Amqp.ConnectionFactory;
using LiteLink = NetLite::Amqp.Link;
using LiteReceiverLink = NetLite::Amqp.ReceiverLink;
using LiteReceiverSettleMode = NetLite::Amqp.Framing.ReceiverSettleMode;
using LiteSaslProfile = NetLite::Amqp.Sasl.SaslProfile;
using LiteSenderLink = NetLite::Amqp.SenderLink;
using LiteSenderSettleMode = NetLite::Amqp.Framing.SenderSettleMode;
using LiteSession = NetLite::Amqp.Session;
using LiteSource = NetLite::Amqp.Framing.Source;
using LiteTarget = NetLite::Amqp.Framing.Target;

namespace Amqp.Tests.Interop.NetLite;

/// <summary>AMQPNetLite's client side: a <c>Connection</c> from its <c>ConnectionFactory</c> with one <c>Session</c>.</summary>
internal sealed class NetLiteClient : IPeerClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly LiteConnection _connection;
    private readonly LiteSession _session;
    private readonly TaskCompletionSource<InteropError?> _closedByPeer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private int _links;

    private NetLiteClient(LiteConnection connection)
    {
        _connection = connection;
        _connection.AddClosedCallback((_, error) =>
        {
            if (!_closing)
            {
                _closedByPeer.TrySetResult(NetLiteMessages.FromLite(error));
            }
        });
        _session = new LiteSession(connection);
    }

    public Task<InteropError?> ClosedByPeer => _closedByPeer.Task;

    public static async Task<NetLiteClient> ConnectAsync(Uri address, InteropSasl sasl)
    {
        var factory = new LiteConnectionFactory();
        if (sasl.Mechanism != "PLAIN")
        {
            factory.SASL.Profile = LiteSaslProfile.Anonymous;
        }

        // With a user name in the address the library authenticates with SASL PLAIN.
        var liteAddress = new LiteAddress(address.Host, address.Port, sasl.UserName, sasl.Password, "/", "amqp");
        return new NetLiteClient(await factory.CreateAsync(liteAddress).WaitAsync(Timeout));
    }

    public async Task<IPeerSender> AttachSenderAsync(string address, bool settled)
    {
        var attach = new LiteAttach
        {
            Source = new LiteSource(),
            Target = new LiteTarget { Address = address },
            SndSettleMode = settled ? LiteSenderSettleMode.Settled : LiteSenderSettleMode.Unsettled,
            RcvSettleMode = LiteReceiverSettleMode.First,
        };
        var (link, detached) = await AttachAsync(attach, (name, onAttached) => new LiteSenderLink(_session, name, attach, onAttached));
        return new NetLiteSender((LiteSenderLink)link, settled, detached);
    }

    public async Task<IPeerReceiver> AttachReceiverAsync(string address, bool settled, int credit)
    {
        var attach = new LiteAttach
        {
            Source = new LiteSource { Address = address },
            Target = new LiteTarget(),
            SndSettleMode = settled ? LiteSenderSettleMode.Settled : LiteSenderSettleMode.Unsettled,
            RcvSettleMode = LiteReceiverSettleMode.First,
        };
        var (link, _) = await AttachAsync(attach, (name, onAttached) => new LiteReceiverLink(_session, name, attach, onAttached));
        var receiver = (LiteReceiverLink)link;
        if (credit > 0)
        {
            receiver.SetCredit(credit, autoRestore: true);
        }

        return new NetLiteReceiver(receiver, settled);
    }

    /// <summary>
    /// The library's link constructors return before the peer answers; the answer arrives in the attached callback, and
    /// a refusal (a null terminus) is followed by a detach carrying the error.
    /// </summary>
    private async Task<(LiteLink Link, Task<InteropError?> Detached)> AttachAsync(LiteAttach attach, Func<string, NetLite::Amqp.OnAttached, LiteLink> create)
    {
        var accepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var detached = new TaskCompletionSource<InteropError?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var link = create($"netlite-{Interlocked.Increment(ref _links)}", (_, remote) =>
        {
            if (remote.Source is not null && remote.Target is not null)
            {
                accepted.TrySetResult();
            }
        });
        link.AddClosedCallback((_, error) =>
        {
            var interopError = NetLiteMessages.FromLite(error);
            detached.TrySetResult(interopError);
            accepted.TrySetException(interopError ?? new InteropError(null, "detached without an error"));
        });
        await accepted.Task.WaitAsync(Timeout);
        return (link, detached.Task);
    }

    public Task EndSessionAsync() => _session.CloseAsync().WaitAsync(Timeout);

    public async Task CloseAsync(InteropError error)
    {
        _closing = true;
        try
        {
            await _connection.CloseAsync(Timeout, NetLiteMessages.ToLite(error)).WaitAsync(Timeout);
        }
        catch (NetLite::Amqp.AmqpException closed) when (closed.Error?.Description == error.Description)
        {
            // The library reports a close it started with an error as that error, even when the peer answers cleanly.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_connection.IsClosed)
        {
            _closing = true;
            await _connection.CloseAsync().WaitAsync(Timeout);
        }
    }
}
