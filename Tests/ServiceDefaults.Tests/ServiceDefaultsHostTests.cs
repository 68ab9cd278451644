using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ServiceDefaults.Health;
using ServiceDefaults.Logging;
using ServiceDefaults.Telemetry;
using ServiceTesting;

namespace ServiceDefaults.Tests;

/// <summary>A real web host with the service defaults, on 127.0.0.1 and a free port.</summary>
public sealed class ServiceDefaultsHostTests
{
    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        configure(builder);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/hello", () => "hello");
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    [Fact]
    public async Task Health_is_ready_only_when_every_dependency_is_and_alive_ignores_dependencies()
    {
        var (app, client) = await StartAsync(builder => builder.AddReadinessCheck<DownDependency>("store"));
        await using var _ = app;
        using var __ = client;

        using var health = await client.GetAsync("/health");
        using var alive = await client.GetAsync("/alive");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("Healthy", await alive.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_is_healthy_when_the_dependencies_answer()
    {
        var (app, client) = await StartAsync(builder => builder.AddReadinessCheck<UpDependency>("store"));
        await using var _ = app;
        using var __ = client;

        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Http_clients_from_the_factory_retry_transient_failures_through_the_standard_resilience_handler()
    {
        await using var server = await LoopbackServer.StartAsync((context, attempt) =>
        {
            context.Response.StatusCode = attempt == 1 ? 502 : 200;
            return Task.CompletedTask;
        });
        var (app, client) = await StartAsync(_ => { });
        await using var _ = app;
        using var __ = client;
        var factoryClient = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("peer");

        using var response = await factoryClient.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Telemetry_is_exported_over_otlp_under_the_resource_aspire_names_with_route_span_names_rendered_logs_and_our_meters()
    {
        var exported = new ConcurrentDictionary<string, string>();
        await using var collector = await LoopbackServer.StartAsync(async (context, _) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            // Protobuf, but names and string values are readable in it.
            var text = Encoding.UTF8.GetString(body.ToArray());
            exported.AddOrUpdate(context.Request.Path, text, (_, earlier) => earlier + text);
            context.Response.StatusCode = 200;
        });
        using var meter = new Meter($"{ServiceTelemetry.SourcePrefix}.Tests");
        var counted = meter.CreateCounter<long>("store_events.tested", "{event}");
        var (app, client) = await StartAsync(builder =>
        {
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/');
            builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            // What Aspire gives each replica: the service name and an instance id of its own.
            builder.Configuration["OTEL_SERVICE_NAME"] = "producer";
            builder.Configuration["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id=producer-replica-7";
        });
        using (client)
        {
            Assert.Equal("hello", await client.GetStringAsync("/hello"));
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tests").LogInformation("Sent {Count} events", 42);
            counted.Add(3);
            // Stopping flushes every signal now rather than after the export intervals.
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var spans = exported.GetValueOrDefault("/v1/traces", "");
        Assert.Contains("GET /hello", spans);
        Assert.Contains("producer-replica-7", spans);
        var logs = exported.GetValueOrDefault("/v1/logs", "");
        Assert.Contains("Sent 42 events", logs);
        Assert.Contains("producer-replica-7", logs);
        Assert.Contains("store_events.tested", exported.GetValueOrDefault("/v1/metrics", ""));
    }

    [Theory]
    [InlineData(null, true, ConsoleFormatterNames.Json)]
    [InlineData(null, false, ConsoleFormatterNames.Simple)]
    [InlineData("simple", true, "simple")]
    public void Logs_are_json_when_redirected_unless_configured_otherwise(string? configured, bool redirected, string expected) =>
        Assert.Equal(expected, StructuredLogging.ChooseFormatter(configured, redirected));

    private sealed class DownDependency : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Unhealthy("down"));
    }

    private sealed class UpDependency : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }
}
