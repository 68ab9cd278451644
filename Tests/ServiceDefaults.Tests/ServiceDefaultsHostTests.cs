using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Console;
using ServiceDefaults.Health;
using ServiceDefaults.Logging;
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
    public async Task Http_clients_from_the_factory_retry_transient_failures()
    {
        await using var server = await LoopbackServer.StartAsync((context, attempt) =>
        {
            context.Response.StatusCode = attempt == 1 ? 502 : 200;
            return Task.CompletedTask;
        });
        var (app, client) = await StartAsync(builder => builder.Services.Configure<Resilience.HttpResilienceOptions>(options => options.RetryDelay = TimeSpan.FromMilliseconds(10)));
        await using var _ = app;
        using var __ = client;
        var factoryClient = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient("peer");

        using var response = await factoryClient.GetAsync(server.Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Traces_are_exported_over_otlp_when_an_endpoint_is_configured()
    {
        var exported = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var collector = await LoopbackServer.StartAsync(async (context, _) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            if (context.Request.Path == "/v1/traces")
            {
                exported.TrySetResult(body.ToArray());
            }

            context.Response.StatusCode = 200;
        });
        var (app, client) = await StartAsync(builder =>
        {
            builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Address.ToString().TrimEnd('/');
            builder.Configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        });
        using (client)
        {
            Assert.Equal("hello", await client.GetStringAsync("/hello"));
            // Stopping flushes the SDK, so the request's span is exported now rather than after the batch delay.
            await app.StopAsync();
            await app.DisposeAsync();
        }

        var spans = System.Text.Encoding.UTF8.GetString(await exported.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Microsoft.AspNetCore", spans);
        Assert.Contains("/hello", spans);
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
