using Amqp.Transport;
using ServiceBusEmulator.Administration;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The HTTP that arrives on the AMQP port, told apart from AMQP by its first byte: the .NET SDK sends both its
/// administration requests (<c>http://host:port/…</c> when the connection string has <c>UseDevelopmentEmulator=true</c>)
/// and the <c>AmqpWebSockets</c> transport's upgrade (<c>GET /$servicebus/websocket/</c>, subprotocol <c>amqp</c>) to
/// the connection string's port. An upgrade hands the connection back to AMQP over the WebSocket; anything else is
/// answered here, with keep-alive, until the client closes.
/// </summary>
internal sealed class AmqpPortHttp(AdministrationApi? administration)
{
    public const string WebSocketPath = "$servicebus/websocket";

    /// <summary>How long an idle keep-alive connection is kept (Kestrel's default), so silent clients do not pile up.</summary>
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(130);

    public async Task<Stream?> ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var http = new HttpConnection(stream);
        while (true)
        {
            AdministrationRequest? request;
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            idle.CancelAfter(KeepAliveTimeout);
            try
            {
                request = await http.ReadRequestAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (InvalidDataException exception)
            {
                await http.WriteResponseAsync(400, "text/plain; charset=utf-8", exception.Message, close: true, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (request is null)
            {
                return null;
            }

            if (request.Header("Upgrade") is { } upgrade && upgrade.Equals("websocket", StringComparison.OrdinalIgnoreCase))
            {
                return await UpgradeAsync(http, request, cancellationToken).ConfigureAwait(false);
            }

            var response = administration is null
                ? new AdministrationResponse(404, "text/plain; charset=utf-8", "no administration API on this port")
                : await administration.HandleAsync(request).ConfigureAwait(false);
            var close = request.Header("Connection") is { } connection && connection.Contains("close", StringComparison.OrdinalIgnoreCase);
            await http.WriteResponseAsync(response.StatusCode, response.ContentType, response.Body, close, cancellationToken).ConfigureAwait(false);
            if (close)
            {
                return null;
            }
        }
    }

    private static async Task<Stream?> UpgradeAsync(HttpConnection http, AdministrationRequest request, CancellationToken cancellationToken)
    {
        string? refusal = null;
        var subProtocol = WebSocketUpgrade.ChooseSubProtocol(request.Header("Sec-WebSocket-Protocol"));
        if (request.Method != "GET" || !request.Path.TrimEnd('/').Equals(WebSocketPath, StringComparison.OrdinalIgnoreCase))
        {
            refusal = $"WebSockets are served at /{WebSocketPath}/";
        }
        else if (subProtocol is null)
        {
            refusal = $"Sec-WebSocket-Protocol must offer {WebSocketUpgrade.AzureSubProtocol} or {AmqpTransport.WebSocketSubProtocol}";
        }
        else if (request.Header("Sec-WebSocket-Key") is not { Length: > 0 } || request.Header("Sec-WebSocket-Version") != "13")
        {
            refusal = "a WebSocket upgrade needs Sec-WebSocket-Key and Sec-WebSocket-Version: 13";
        }
        else if (http.HasUnreadBytes)
        {
            refusal = "data sent before the WebSocket handshake completed";
        }

        if (refusal is not null)
        {
            await http.WriteResponseAsync(400, "text/plain; charset=utf-8", refusal, close: true, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return await WebSocketUpgrade.AcceptAsync(http.Stream, request.Header("Sec-WebSocket-Key")!, subProtocol!, cancellationToken).ConfigureAwait(false);
    }
}
