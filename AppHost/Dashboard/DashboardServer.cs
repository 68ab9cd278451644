using System.Net;
using AppHost.Orchestration;
using AppHost.Resources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AppHost.Dashboard;

/// <summary>
/// The AppHost's dashboard: a static page (<c>Dashboard/wwwroot</c>) and the JSON it reads — resources, each
/// resource's recent log, live counts (queue counts from the Service Bus emulator, archive and store counts from Azurite
/// and the Cosmos emulator) — on 127.0.0.1. The event-flow panels (sent count, produce, dead-letter viewer) answer
/// with the reason (501): the flow runs, but these panels are not wired to it yet.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    private const string PanelNotWired = "not wired into the dashboard yet: the event flow runs (POST the producer's /api/events), but the dashboard neither counts sends nor produces or reads dead letters itself";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    /// <exception cref="AppHostStartException">The port is in use.</exception>
    public static async Task<DashboardServer> StartAsync(int port, ResourceRegistry registry, ResourceLog log, StorageCounts counts, ServiceBusCounts queueCounts, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "Dashboard", "wwwroot"),
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton(counts);

        var app = builder.Build();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        var api = app.MapGroup("/api");
        api.MapGet("/resources", () => registry.Snapshot());
        api.MapGet("/resources/{name}/log", (string name) =>
            registry.Find(name) is null ? Results.NotFound() : Results.Ok(log.Recent(name)));
        api.MapGet("/counts", async (CancellationToken cancellation) =>
        {
            var archived = counts.ArchivedAsync(cancellation);
            var stored = counts.StoredAsync(cancellation);
            var (active, deadLettered) = await queueCounts.ReadAsync(cancellation).ConfigureAwait(false);
            return new Dictionary<string, object>
            {
                ["at"] = DateTimeOffset.UtcNow,
                ["sent"] = CountReading.Unavailable(PanelNotWired),
                ["active"] = active,
                ["deadLettered"] = deadLettered,
                ["archived"] = await archived.ConfigureAwait(false),
                ["stored"] = await stored.ConfigureAwait(false),
            };
        });
        api.MapPost("/produce", () => Results.Problem(PanelNotWired, statusCode: StatusCodes.Status501NotImplemented, title: "Producing events is not available yet"));
        api.MapGet("/dead-letters", () => Results.Problem(PanelNotWired, statusCode: StatusCodes.Status501NotImplemented, title: "The dead-letter viewer is not available yet"));
        api.MapPost("/dead-letters/resubmit", () => Results.Problem(PanelNotWired, statusCode: StatusCodes.Status501NotImplemented, title: "Resubmitting is not available yet"));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new AppHostStartException(
                $"the dashboard's port {port} on 127.0.0.1 is in use; pass --dashboard-port <port> (0 picks a free one). ({exception.Message})", exception);
        }

        var bound = app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return new DashboardServer(app, bound.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
