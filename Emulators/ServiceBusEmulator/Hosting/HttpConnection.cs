using System.Globalization;
using System.Text;
using ServiceBusEmulator.Administration;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The HTTP/1.1 that arrives on the AMQP port (the .NET SDK's administration client and its WebSocket upgrade use the
/// connection string's port): requests with a Content-Length body, keep-alive, no chunked request bodies (the SDKs
/// send lengths). Requests are small, so each is read whole.
/// </summary>
internal sealed class HttpConnection(Stream stream)
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 4 * 1024 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    private byte[] _buffer = new byte[8192];
    private int _start;
    private int _end;

    public Stream Stream => stream;

    /// <summary>Bytes received after the last request; a WebSocket client must not send any before the 101.</summary>
    public bool HasUnreadBytes => _end > _start;

    /// <summary>The next request, or null when the client closed the connection between requests.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an HTTP/1.1 request this server reads.</exception>
    public async Task<AdministrationRequest?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        int headLength;
        while ((headLength = _buffer.AsSpan(_start, _end - _start).IndexOf(HeadEnd)) < 0)
        {
            if (_end - _start >= MaxHeadBytes)
            {
                throw new InvalidDataException("request head too large");
            }

            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                return _end == _start ? null : throw new InvalidDataException("connection closed inside a request head");
            }
        }

        var head = Encoding.Latin1.GetString(_buffer, _start, headLength);
        _start += headLength + HeadEnd.Length;
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"not an HTTP/1.x request line: '{lines[0]}'");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidDataException($"malformed header line: '{line}'");
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
        }

        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException("chunked request bodies are not supported; send a Content-Length");
        }

        var length = 0;
        if (headers.TryGetValue("Content-Length", out var lengthText)
            && (!int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaxBodyBytes))
        {
            throw new InvalidDataException($"Content-Length '{lengthText}' is not a length up to {MaxBodyBytes}");
        }

        var body = new byte[length];
        var copied = 0;
        while (copied < length)
        {
            if (_end == _start && !await FillAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidDataException("connection closed inside a request body");
            }

            var chunk = Math.Min(length - copied, _end - _start);
            _buffer.AsSpan(_start, chunk).CopyTo(body.AsSpan(copied));
            _start += chunk;
            copied += chunk;
        }

        var target = requestLine[1];
        var question = target.IndexOf('?');
        var path = Uri.UnescapeDataString(question < 0 ? target : target[..question]).TrimStart('/');
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (question >= 0)
        {
            foreach (var pair in target[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                query[Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals])] = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return new AdministrationRequest(requestLine[0], path, query, headers, body);
    }

    public async Task WriteResponseAsync(int statusCode, string contentType, string body, bool close, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {statusCode} {ReasonPhrase(statusCode)}\r\n"
            + (content.Length > 0 ? $"Content-Type: {contentType}\r\n" : string.Empty)
            + $"Content-Length: {content.Length}\r\n"
            + "Server: ServiceBusEmulator\r\n"
            + $"Date: {DateTimeOffset.UtcNow:R}\r\n"
            + (close ? "Connection: close\r\n" : string.Empty)
            + "\r\n";
        var bytes = new byte[Encoding.ASCII.GetByteCount(head) + content.Length];
        var written = Encoding.ASCII.GetBytes(head, bytes);
        content.CopyTo(bytes.AsSpan(written));
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        return read > 0;
    }

    private static string ReasonPhrase(int statusCode) => statusCode switch
    {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        426 => "Upgrade Required",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
