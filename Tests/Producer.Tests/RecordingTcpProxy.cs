using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Producer.Tests;

/// <summary>
/// A 127.0.0.1 TCP proxy in front of a broker that keeps every byte the client sent, so a test can see on the wire what
/// the client asked for (which AMQP links it attached, and how often) without trusting the client's own account.
/// </summary>
public sealed class RecordingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly MemoryStream _sent = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private int _connections;

    public RecordingTcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How many times the client has sent <paramref name="text"/> (as UTF-8, e.g. an AMQP address) so far.</summary>
    public int CountSent(string text)
    {
        byte[] sent;
        lock (_sent)
        {
            sent = _sent.ToArray();
        }

        var pattern = Encoding.UTF8.GetBytes(text);
        var count = 0;
        for (var index = sent.AsSpan().IndexOf(pattern); index >= 0; count++)
        {
            var next = sent.AsSpan(index + pattern.Length).IndexOf(pattern);
            index = next < 0 ? -1 : index + pattern.Length + next;
        }

        return count;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stopping.Token);
                var broker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await broker.ConnectAsync(IPAddress.Loopback, _targetPort, _stopping.Token);
                Interlocked.Increment(ref _connections);
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(broker);
                    _pumps.Add(PumpAsync(client, broker, record: true));
                    _pumps.Add(PumpAsync(broker, client, record: false));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // Disposed, or the broker is gone.
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool record)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token) is var read and > 0)
            {
                if (record)
                {
                    lock (_sent)
                    {
                        _sent.Write(buffer, 0, read);
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side closed or the proxy is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _accepting;
        Task[] pumps;
        lock (_sockets)
        {
            _sockets.ForEach(socket => socket.Dispose());
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _stopping.Dispose();
    }
}
