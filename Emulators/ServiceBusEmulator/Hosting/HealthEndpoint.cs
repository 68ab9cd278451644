using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ServiceBusEmulator.Administration;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The management port's <c>GET /health</c>, like the official emulator's port 5300. It reports what is actually
/// running: the broker, and each protocol endpoint or the fact that there is none. <c>GET /entities</c> gives each
/// queue's and subscription's message counts (for dashboards; not an Azure API). Every other request goes to the
/// administration API, as on the official emulator's port 5300 (its users point the administration client at
/// <c>sb://localhost:5300</c>).
/// </summary>
internal sealed class HealthEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<IReadOnlyDictionary<string, string>> _components;
    private readonly Func<object>? _entityCounts;
    private readonly AdministrationApi? _administration;
    private readonly Task _loop;

    private HealthEndpoint(HttpListener listener, int port, Func<IReadOnlyDictionary<string, string>> components, Func<object>? entityCounts, AdministrationApi? administration)
    {
        _administration = administration;
        _entityCounts = entityCounts;
        _listener = listener;
        Port = port;
        _components = components;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public static HealthEndpoint Start(
        IPAddress bindAddress, int port, Func<IReadOnlyDictionary<string, string>> components, Func<object>? entityCounts = null, AdministrationApi? administration = null)
    {
        // HttpListener cannot bind port 0, so a free port is found first; a lost race is retried.
        for (var attempt = 0; ; attempt++)
        {
            var candidate = port == 0 ? FreePort(bindAddress) : port;
            var host = bindAddress.Equals(IPAddress.Any) ? "+" : bindAddress.ToString();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://{host}:{candidate}/");
            if (IPAddress.IsLoopback(bindAddress))
            {
                // HttpListener matches the Host header against its prefixes, and the SDKs send the connection string's
                // host: the emulator's connection string says localhost.
                listener.Prefixes.Add($"http://localhost:{candidate}/");
            }

            try
            {
                listener.Start();
                return new HealthEndpoint(listener, candidate, components, entityCounts, administration);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 5)
            {
                listener.Close();
            }
            catch (HttpListenerException exception)
            {
                listener.Close();
                throw new IOException($"management port {candidate} on {bindAddress}: {exception.Message}", exception);
            }
        }
    }

    private static int FreePort(IPAddress bindAddress)
    {
        using var probe = new TcpListener(bindAddress, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var response = context.Response;
                if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath.TrimEnd('/') == "/health")
                {
                    var body = new Dictionary<string, object> { ["status"] = "healthy" };
                    foreach (var (name, state) in _components())
                    {
                        body[name] = state;
                    }

                    await Write(response, 200, JsonSerializer.Serialize(body)).ConfigureAwait(false);
                }
                else if (context.Request.HttpMethod == "GET" && context.Request.Url?.AbsolutePath.TrimEnd('/') == "/entities" && _entityCounts is not null)
                {
                    await Write(response, 200, JsonSerializer.Serialize(_entityCounts(), JsonSerializerOptions.Web)).ConfigureAwait(false);
                }
                else if (_administration is not null)
                {
                    var answer = await _administration.HandleAsync(await ToAdministrationRequestAsync(context.Request).ConfigureAwait(false)).ConfigureAwait(false);
                    await Write(response, answer.StatusCode, answer.Body, answer.ContentType).ConfigureAwait(false);
                }
                else
                {
                    await Write(response, 404, "{\"error\":\"not found\"}").ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The client went away; keep serving others.
            }
        }
    }

    private static async Task<AdministrationRequest> ToAdministrationRequestAsync(HttpListenerRequest request)
    {
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body).ConfigureAwait(false);
        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(name => name, name => request.Headers[name] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var query = request.QueryString.AllKeys.OfType<string>().ToDictionary(name => name, name => request.QueryString[name] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        var path = Uri.UnescapeDataString(request.Url?.AbsolutePath ?? "/").TrimStart('/');
        return new AdministrationRequest(request.HttpMethod, path, query, headers, body.ToArray());
    }

    private static async Task Write(HttpListenerResponse response, int status, string body, string contentType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Close();
        await _loop.ConfigureAwait(false);
    }
}
