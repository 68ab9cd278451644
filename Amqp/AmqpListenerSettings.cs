using System.Net;
using System.Security.Cryptography.X509Certificates;
using Amqp.Sasl;

namespace Amqp;

/// <summary>Everything the server side needs: where to listen, what to announce, and the hooks that decide.</summary>
public sealed class AmqpListenerSettings
{
    /// <summary>Where to listen; loopback on a free port by default.</summary>
    public IPEndPoint Endpoint { get; set; } = new(IPAddress.Loopback, 0);

    public AmqpConnectionSettings Connection { get; set; } = new();

    public AmqpSessionSettings Session { get; set; } = new();

    /// <summary>SASL offered to clients; null accepts only the plain AMQP header.</summary>
    public SaslServerSettings? Sasl { get; set; } = new();

    /// <summary>Serve TLS with this certificate (optional; clients normally reach a broker through TLS termination).</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>
    /// Decides every incoming attach (runs on the connection's reader loop: answer quickly, or keep the request and
    /// answer later). Without a handler every attach is accepted with the mirrored reply.
    /// </summary>
    public Action<LinkAttachRequest>? LinkAttaching { get; set; }

    /// <summary>
    /// Serves connections that do not start with an AMQP protocol header on the same port (e.g. HTTP: a WebSocket
    /// upgrade through <see cref="Transport.WebSocketUpgrade"/>, or another API). It gets the connection's stream with
    /// nothing read from it and returns the stream to run AMQP over, or null when it served the connection itself.
    /// When set, the listener peeks at each connection's first byte (one system call per connection, none per frame);
    /// when null, every connection is AMQP. Plain TCP only: with a <see cref="Certificate"/> every connection is AMQP.
    /// </summary>
    public Func<Stream, CancellationToken, Task<Stream?>>? NonAmqpConnection { get; set; }

    /// <summary>Runs once per connection after the open exchange, before any of its frames are processed.</summary>
    public Action<AmqpConnection>? ConnectionOpened { get; set; }
}
