using System.Net.Sockets;
using System.Text;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Security;

namespace ServiceBusEmulator.Tests.Hosting;

/// <summary>HTTP on the AMQP port, byte for byte: what a client other than the SDKs gets.</summary>
public class AmqpPortHttpTests
{
    private static readonly EmulatorOptions FreePorts = new() { Port = 0, ManagementPort = -1 };

    private static string Token() => SasTokenGenerator.Create(
        "http://localhost/", EmulatorOptions.DefaultKeyName, EmulatorOptions.DefaultKey, DateTimeOffset.UtcNow.AddMinutes(5));

    /// <summary>Writes the request(s) and reads until the server closes (each test's last request asks it to).</summary>
    private static async Task<string> ExchangeAsync(int port, string requests)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(requests));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task Two_requests_on_one_connection_are_both_answered()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);
        var request = $"GET /$Resources/queues HTTP/1.1\r\nHost: localhost:{host.AmqpPort}\r\nAuthorization: {Token()}\r\n";

        var responses = await ExchangeAsync(host.AmqpPort!.Value, request + "\r\n" + request + "Connection: close\r\n\r\n");

        Assert.Equal(2, CountOf(responses, "HTTP/1.1 200 OK"));
        Assert.Equal(2, CountOf(responses, "<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
    }

    [Fact]
    public async Task A_request_that_is_not_HTTP_1_1_is_answered_400_and_closed()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);

        var response = await ExchangeAsync(host.AmqpPort!.Value, "HELLO THERE\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request", response, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WebSocket_upgrade_elsewhere_than_the_servicebus_path_is_refused()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);
        var request = "GET /chat HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: amqp\r\n\r\n";

        var response = await ExchangeAsync(host.AmqpPort!.Value, request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request", response, StringComparison.Ordinal);
        Assert.Contains("/$servicebus/websocket/", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administration_request_without_a_token_is_401_with_Azures_error_body()
    {
        await using var host = await ServiceBusEmulatorHost.StartAsync(FreePorts);

        var response = await ExchangeAsync(host.AmqpPort!.Value, "GET /q1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 401 Unauthorized", response, StringComparison.Ordinal);
        Assert.Contains("<Error><Code>401</Code><Detail>", response, StringComparison.Ordinal);
    }
}
