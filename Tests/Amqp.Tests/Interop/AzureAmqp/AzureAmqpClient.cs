using Microsoft.Azure.Amqp;
using Microsoft.Azure.Amqp.Framing;
using Microsoft.Azure.Amqp.Sasl;
using AzureConnection = Microsoft.Azure.Amqp.AmqpConnection;
using AzureLink = Microsoft.Azure.Amqp.AmqpLink;
using AzureLinkSettings = Microsoft.Azure.Amqp.AmqpLinkSettings;
using AzureSession = Microsoft.Azure.Amqp.AmqpSession;
using AzureSessionSettings = Microsoft.Azure.Amqp.AmqpSessionSettings;

namespace Amqp.Tests.Interop.AzureAmqp;

/// <summary>Microsoft.Azure.Amqp's client side: a connection from its <c>AmqpConnectionFactory</c> with one session.</summary>
internal sealed class AzureAmqpClient : IPeerClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly AzureConnection _connection;
    private readonly AzureSession _session;
    private readonly TaskCompletionSource<InteropError?> _closedByPeer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closing;
    private int _links;

    private AzureAmqpClient(AzureConnection connection, AzureSession session)
    {
        _connection = connection;
        _session = session;
        _connection.Closed += (_, _) =>
        {
            if (!_closing)
            {
                _closedByPeer.TrySetResult(AzureAmqpMessages.FromAzure(_connection.TerminalException));
            }
        };
    }

    public Task<InteropError?> ClosedByPeer => _closedByPeer.Task;

    public static async Task<AzureAmqpClient> ConnectAsync(Uri address, InteropSasl sasl)
    {
        SaslHandler handler = sasl.Mechanism == "PLAIN"
            ? new SaslPlainHandler { AuthenticationIdentity = sasl.UserName, Password = sasl.Password }
            : new SaslAnonymousHandler();
        var connection = await new AmqpConnectionFactory().OpenConnectionAsync(address, handler, Timeout);
        var session = connection.CreateSession(new AzureSessionSettings());
        await session.OpenAsync(Timeout);
        return new AzureAmqpClient(connection, session);
    }

    public async Task<IPeerSender> AttachSenderAsync(string address, bool settled)
    {
        var link = new SendingAmqpLink(_session, new AzureLinkSettings
        {
            LinkName = NextLinkName(),
            Role = false,
            Source = new Source(),
            Target = new Target { Address = address },
            SettleType = settled ? SettleMode.SettleOnSend : SettleMode.SettleOnReceive,
            InitialDeliveryCount = 0,
        });
        var detached = Watch(link);
        await OpenAsync(link);
        return new AzureAmqpSender(link, settled, detached);
    }

    public async Task<IPeerReceiver> AttachReceiverAsync(string address, bool settled, int credit)
    {
        var link = new ReceivingAmqpLink(_session, new AzureLinkSettings
        {
            LinkName = NextLinkName(),
            Role = true,
            Source = new Source { Address = address },
            Target = new Target(),
            SettleType = settled ? SettleMode.SettleOnSend : SettleMode.SettleOnReceive,
            TotalLinkCredit = (uint)credit,
            AutoSendFlow = credit > 0,
        });
        var receiver = new AzureAmqpReceiver(link, settled);
        await OpenAsync(link);
        return receiver;
    }

    private string NextLinkName() => $"azure-amqp-{Interlocked.Increment(ref _links)}";

    private static Task<InteropError?> Watch(AzureLink link)
    {
        var detached = new TaskCompletionSource<InteropError?>(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Closed += (_, _) => detached.TrySetResult(AzureAmqpMessages.FromAzure(link.TerminalException));
        return detached.Task;
    }

    private static async Task OpenAsync(AzureLink link)
    {
        try
        {
            await link.OpenAsync(Timeout);
        }
        catch (Microsoft.Azure.Amqp.AmqpException refused)
        {
            throw AzureAmqpMessages.FromAzure(refused.Error) ?? new InteropError(null, refused.Message);
        }
    }

    public Task EndSessionAsync() => _session.CloseAsync(Timeout);

    public Task CloseAsync(InteropError error)
    {
        _closing = true;
        // The library sends close with the error of the exception it is closed with.
        _connection.SafeClose(new Microsoft.Azure.Amqp.AmqpException(AzureAmqpMessages.ToAzure(error)));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != AmqpObjectState.End)
        {
            _closing = true;
            await _connection.CloseAsync(Timeout);
        }
    }
}
