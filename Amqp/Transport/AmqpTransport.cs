using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace Amqp.Transport;

/// <summary>
/// Opens the byte stream under a connection from an address: <c>amqp://</c> (TCP, 5672), <c>amqps://</c> (TLS, 5671),
/// <c>ws://</c> / <c>wss://</c> (AMQP over WebSockets, subprotocol <c>AMQPWSB10</c>; Service Bus serves
/// <c>wss://&lt;namespace&gt;/$servicebus/websocket</c> on 443, often the only port a locked-down network opens).
/// </summary>
public static class AmqpTransport
{
    public const string WebSocketSubProtocol = "AMQPWSB10";

    /// <summary>Certificate validation for <c>amqps</c> and <c>wss</c>; the platform's default when null.</summary>
    public static async Task<Stream> ConnectAsync(Uri address, CancellationToken cancellationToken, RemoteCertificateValidationCallback? certificateValidation = null)
    {
        switch (address.Scheme.ToLowerInvariant())
        {
            case "amqp":
                return await ConnectTcpAsync(address.Host, address.Port > 0 ? address.Port : 5672, cancellationToken).ConfigureAwait(false);
            case "amqps":
                var inner = await ConnectTcpAsync(address.Host, address.Port > 0 ? address.Port : 5671, cancellationToken).ConfigureAwait(false);
                var tls = new SslStream(inner, leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions { TargetHost = address.Host, RemoteCertificateValidationCallback = certificateValidation },
                        cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                return tls;
            case "ws":
            case "wss":
                var socket = new ClientWebSocket();
                socket.Options.AddSubProtocol(WebSocketSubProtocol);
                if (certificateValidation is not null)
                {
                    socket.Options.RemoteCertificateValidationCallback = certificateValidation;
                }

                try
                {
                    await socket.ConnectAsync(address, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                return WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true);
            default:
                throw new ArgumentException($"Unsupported AMQP address scheme '{address.Scheme}' (use amqp, amqps, ws or wss).", nameof(address));
        }
    }

    private static async Task<Stream> ConnectTcpAsync(string host, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new NetworkStream(socket, ownsSocket: true);
    }
}
