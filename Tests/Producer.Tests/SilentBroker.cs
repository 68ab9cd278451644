using System.Net;
using System.Net.Sockets;

namespace Producer.Tests;

/// <summary>
/// A hung broker: a 127.0.0.1 listener that accepts connections and never sends a byte, so a client waits for the AMQP
/// protocol header forever unless it bounds the wait itself.
/// </summary>
public sealed class SilentBroker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public SilentBroker()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    public int Port { get; }

    public int AcceptedConnections
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stopping.Token);
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            _accepted.ForEach(socket => socket.Dispose());
        }

        _stopping.Dispose();
    }
}
