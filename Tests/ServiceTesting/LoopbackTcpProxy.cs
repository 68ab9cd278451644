using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServiceTesting;

/// <summary>
/// A TCP pass-through on a free 127.0.0.1 port in front of a real server, for what a test cannot ask the client itself:
/// <see cref="Cut"/> drops every open connection and resets new ones until <see cref="Restore"/> (an outage as the
/// clients see it, while the server and its data live on); <see cref="Connections"/> and <see cref="RefusedConnections"/>
/// count how often clients connected and retried; <see cref="CountSent"/> searches every byte clients sent (on the wire,
/// not by the client's own account).
/// </summary>
public sealed class LoopbackTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly MemoryStream _sent = new();
    private readonly Task _accepting;
    private bool _cut;
    private int _connections;
    private int _refused;

    public LoopbackTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections passed through to the server.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections reset because the proxy was cut: how often clients tried (and retried) during an outage.</summary>
    public int RefusedConnections => Volatile.Read(ref _refused);

    /// <summary>How many times clients have sent <paramref name="text"/> (as UTF-8, e.g. an AMQP address) so far.</summary>
    public int CountSent(string text)
    {
        byte[] sent;
        lock (_sent)
        {
            sent = _sent.ToArray();
        }

        var pattern = Encoding.UTF8.GetBytes(text);
        var count = 0;
        for (var rest = sent.AsSpan(); rest.IndexOf(pattern) is var index and >= 0; rest = rest[(index + pattern.Length)..])
        {
            count++;
        }

        return count;
    }

    public void Cut()
    {
        lock (_gate)
        {
            _cut = true;
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            _cut = false;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        lock (_gate)
        {
            if (_cut)
            {
                _refused++;
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                server.Dispose();
                return;
            }

            _open.Add(client);
            _open.Add(server);
        }

        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
            Interlocked.Increment(ref _connections);
            var up = RecordAndCopyAsync(client.GetStream(), server.GetStream());
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stopping.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // A cut or a closed side ends the pair.
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(client);
                _open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }

    private async Task RecordAndCopyAsync(NetworkStream from, NetworkStream to)
    {
        var buffer = new byte[16 * 1024];
        while (await from.ReadAsync(buffer, _stopping.Token) is var read and > 0)
        {
            lock (_sent)
            {
                _sent.Write(buffer, 0, read);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stopping.Dispose();
    }
}
