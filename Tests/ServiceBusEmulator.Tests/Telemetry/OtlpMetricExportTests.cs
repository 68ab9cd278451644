using System.Net;
using System.Net.Sockets;
using System.Text;
using ServiceBusEmulator.Hosting;
using ServiceBusEmulator.Telemetry;
using ServiceBusEmulator.Tests.Support;

namespace ServiceBusEmulator.Tests.Telemetry;

/// <summary>The emulator executable under Aspire's OpenTelemetry environment: its metrics reach the OTLP endpoint.</summary>
public class OtlpMetricExportTests
{
    [Fact]
    public void Without_an_otlp_endpoint_no_exporter_starts()
    {
        Assert.Null(OtlpMetricExport.StartIfConfigured(_ => null));
        Assert.Null(OtlpMetricExport.StartIfConfigured(_ => " "));
    }

    [Fact]
    public async Task Emulator_executable_posts_its_queue_gauges_to_the_otlp_http_endpoint()
    {
        var port = FreePort();
        using var collector = new HttpListener();
        collector.Prefixes.Add($"http://127.0.0.1:{port}/");
        collector.Start();
        var emulator = Path.Combine(AppContext.BaseDirectory, "ServiceBusEmulator.dll");
        using var child = new ChildProcess(
            emulator,
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_EXPORTER_OTLP_HEADERS"] = "x-otlp-api-key=test-key",
                ["OTEL_SERVICE_NAME"] = "servicebus-under-test",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
            "--port", "0", "--management-port", "0", "--config", Path.Combine(AppContext.BaseDirectory, "Config.json"));
        child.WaitForLine(line => line.Contains(EmulatorCommandLine.ReadyLine, StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // Exports repeat every interval; the first one that carries the queue's gauges is the proof.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string payload;
        HttpListenerRequest request;
        do
        {
            var context = await collector.GetContextAsync().WaitAsync(deadline.Token);
            request = context.Request;
            using var body = new MemoryStream();
            await request.InputStream.CopyToAsync(body, deadline.Token);
            context.Response.StatusCode = 200;
            context.Response.Close();
            Assert.Equal("POST", request.HttpMethod);
            Assert.Equal("/v1/metrics", request.Url!.AbsolutePath);
            payload = Encoding.UTF8.GetString(body.ToArray());
        }
        while (!payload.Contains(EmulatorMetrics.ActiveMessages, StringComparison.Ordinal));

        Assert.Equal("application/x-protobuf", request.ContentType);
        Assert.Equal("test-key", request.Headers["x-otlp-api-key"]);
        Assert.Contains(EmulatorMetrics.DeadLetteredMessages, payload, StringComparison.Ordinal);
        Assert.Contains("servicebus-under-test", payload, StringComparison.Ordinal);
        Assert.Contains("store-events", payload, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
