using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace ServiceBusEmulator.Hosting;

/// <summary>
/// The management port's <c>GET /health</c>, like the official emulator's port 5300. It reports what is actually
/// running: the broker, and each protocol endpoint or the fact that there is none. <c>GET /entities</c> gives each
/// queue's and subscription's message counts (for dashboards; not an Azure API).
/// </summary>
internal sealed class HealthEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<IReadOnlyDictionary<string, string>> _components;
    private readonly Func<object>? _entityCounts;
    private readonly Task _loop;

    private HealthEndpoint(HttpListener listener, int port, Func<IReadOnlyDictionary<string, string>> components, Func<object>? entityCounts)
    {
        _entityCounts = entityCounts;
        _listener = listener;
        Port = port;
        _components = components;
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public static HealthEndpoint Start(IPAddress bindAddress, int port, Func<IReadOnlyDictionary<string, string>> components, Func<object>? entityCounts = null)
    {
        // HttpListener cannot bind port 0, so a free port is found first; a lost race is retried.
        for (var attempt = 0; ; attempt++)
        {
            var candidate = port == 0 ? FreePort(bindAddress) : port;
            var host = bindAddress.Equals(IPAddress.Any) ? "+" : bindAddress.ToString();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://{host}:{candidate}/");
            try
            {
                listener.Start();
                return new HealthEndpoint(listener, candidate, components, entityCounts);
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

    private static async Task Write(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
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
