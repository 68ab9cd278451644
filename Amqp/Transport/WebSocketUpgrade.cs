using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Amqp.Transport;

/// <summary>
/// The server side of AMQP over WebSockets (RFC 6455 handshake, then binary messages carrying the AMQP byte stream):
/// the counterpart of <see cref="AmqpTransport"/>'s <c>ws://</c> client. The caller has read the HTTP upgrade request
/// from the stream (it knows where it serves WebSockets); this answers it and returns the stream to run AMQP over.
/// Both subprotocol names in use are accepted: the AMQP WebSocket binding's <c>AMQPWSB10</c> and the <c>amqp</c> that
/// the Azure Service Bus SDKs offer.
/// </summary>
public static class WebSocketUpgrade
{
    /// <summary>The name the Azure SDKs put in <c>Sec-WebSocket-Protocol</c> (Microsoft.Azure.Amqp's binding).</summary>
    public const string AzureSubProtocol = "amqp";

    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>The subprotocol to answer with, from a <c>Sec-WebSocket-Protocol</c> header value; null when none is AMQP.</summary>
    public static string? ChooseSubProtocol(string? offered)
    {
        foreach (var candidate in (offered ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.Equals(AmqpTransport.WebSocketSubProtocol, StringComparison.OrdinalIgnoreCase)
                || candidate.Equals(AzureSubProtocol, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Sends <c>101 Switching Protocols</c> for the request's <c>Sec-WebSocket-Key</c> and the chosen subprotocol, and
    /// returns the AMQP byte stream over the WebSocket (owning <paramref name="stream"/>).
    /// </summary>
    public static async Task<Stream> AcceptAsync(Stream stream, string secWebSocketKey, string subProtocol, CancellationToken cancellationToken)
    {
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(secWebSocketKey.Trim() + HandshakeGuid)));
        var response = "HTTP/1.1 101 Switching Protocols\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + $"Sec-WebSocket-Accept: {accept}\r\n"
            + $"Sec-WebSocket-Protocol: {subProtocol}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);

        // Keep-alive pings are the client's business (AMQP has its own heartbeats); the server only answers them.
        var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            SubProtocol = subProtocol,
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
        });
        return WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true);
    }
}
