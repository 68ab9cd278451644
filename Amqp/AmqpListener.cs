using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace Amqp;

/// <summary>Accepts TCP (optionally TLS) connections and runs the server side of each AMQP connection.</summary>
public sealed class AmqpListener : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<AmqpConnection, byte> _connections = new();
    private Task? _acceptLoop;

    public AmqpListener(AmqpListenerSettings settings)
    {
        Settings = settings;
        _listener = new TcpListener(settings.Endpoint);
    }

    public AmqpListenerSettings Settings { get; }

    /// <summary>The bound address (with the real port when listening on port 0).</summary>
    public IPEndPoint LocalEndpoint => (IPEndPoint)_listener.LocalEndpoint;

    public IReadOnlyCollection<AmqpConnection> Connections => (IReadOnlyCollection<AmqpConnection>)_connections.Keys;

    public void Start()
    {
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        socket.NoDelay = true;
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            if (Settings.Certificate is { } certificate)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, _stopping.Token).ConfigureAwait(false);
                stream = tls;
            }

            if (Settings.NonAmqpConnection is { } serveOther && Settings.Certificate is null && !await StartsWithAmqpHeaderAsync(socket).ConfigureAwait(false))
            {
                if (await serveOther(stream, _stopping.Token).ConfigureAwait(false) is not { } upgraded)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                stream = upgraded;
            }

            var connection = await AmqpConnection.AcceptAsync(stream, Settings, _stopping.Token).ConfigureAwait(false);
            _connections.TryAdd(connection, 0);
            _ = connection.Closed.ContinueWith(_ => _connections.TryRemove(connection, out byte _), TaskScheduler.Default);
        }
        catch (Exception)
        {
            // A client that fails SASL, TLS or open only loses its own connection (already closed by AcceptAsync).
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every AMQP protocol header starts with 'A'; no HTTP method (nor a TLS record) does. Peeking leaves the byte in
    /// the socket, so the AMQP path reads the stream exactly as without this check. A client that sends nothing within
    /// the open time-out is dropped, as the AMQP open would drop it.
    /// </summary>
    private async Task<bool> StartsWithAmqpHeaderAsync(Socket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(Settings.Connection.OpenTimeout);
        var first = new byte[1];
        var read = await socket.ReceiveAsync(first, SocketFlags.Peek, timeout.Token).ConfigureAwait(false);
        return read == 0 || first[0] == (byte)'A';
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Keys.Select(c => c.CloseAsync())).ConfigureAwait(false);
        _stopping.Dispose();
    }
}
