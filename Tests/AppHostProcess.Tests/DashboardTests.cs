using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace AppHostProcess.Tests;

/// <summary>
/// The Aspire dashboard the AppHost opens, in a real headless Chromium (Debian's <c>chromium</c>, driven by
/// Playwright), used as a user would: the printed login URL, the resources page, a trace, a resource command.
/// Screenshots go to <see cref="ScreenshotDirectory"/>. The graph is then stopped with SIGTERM and must leave nothing.
/// </summary>
public sealed partial class DashboardTests(ITestOutputHelper output)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>Next to the test assembly (<c>Tests/AppHostProcess.Tests/bin/CONFIGURATION/net10.0/screenshots/</c>).</summary>
    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task The_dashboard_shows_every_resource_healthy_a_trace_across_services_and_stores_and_peeked_dead_letters_then_SIGTERM_leaves_no_process()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package `chromium` (apt-get install -y chromium)");
        await using var run = AppHostRun.Start();
        await run.WaitUntilHealthyAsync(AppHostRun.BootBound);
        output.WriteLine($"dotnet run → every resource healthy: {run.SinceStart.TotalSeconds:0.0} s");
        var login = await run.LoginUrlAsync();
        var dashboard = new Uri(login.GetLeftPart(UriPartial.Authority));
        Directory.CreateDirectory(ScreenshotDirectory);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, Locale = "en-US" });
        page.SetDefaultTimeout(60_000);
        Assertions.SetDefaultExpectTimeout(60_000);

        // The login URL's token signs the browser in and lands on the resources page.
        await page.GotoAsync(login.ToString());
        var instances = run.Resources.Visible();
        foreach (var instance in instances)
        {
            // A replicated resource shows one row per replica, named by instance id; any other by its name.
            var shown = instances.Count(other => other.Name == instance.Name) > 1 ? instance.Id : instance.Name;
            var row = page.Locator("tr.resource-row").Filter(new() { Has = page.Locator(".resource-name-text", new() { HasTextRegex = ExactText(shown) }) });
            // "Running" alone: the dashboard writes "Running (Unhealthy)" or "Running (Health checks pending)" otherwise.
            await Assertions.Expect(row.Locator("td[col-index='2']")).ToHaveAttributeAsync("title", "Running");
        }

        await Assertions.Expect(page.Locator("tr.resource-row")).ToHaveCountAsync(AppHostRun.ExpectedInstances.Values.Sum());
        await ScreenshotAsync(page, "resources.png");

        // Events through the producer; about a quarter are generated invalid, so repeat until some are.
        var producer = new Uri(instances.Single(instance => instance.Name == "producer").Urls["http"]);
        using var http = new HttpClient { BaseAddress = producer, Timeout = TimeSpan.FromMinutes(1) };
        int sent = 0, bad = 0;
        while (bad == 0)
        {
            Assert.True(sent < 50, $"{sent} events sent, none invalid: the producer no longer generates bad events?");
            using var response = await http.PostAsync(new Uri("/api/events?count=5", UriKind.Relative), null);
            response.EnsureSuccessStatusCode();
            var summary = await response.Content.ReadFromJsonAsync<JsonElement>();
            sent += summary.GetProperty("totalMessages").GetInt32();
            bad += summary.GetProperty("badMessages").GetInt32();
        }

        output.WriteLine($"POSTed {sent} events to {producer} ({bad} invalid)");

        // One trace: the producer's POST, the consumer that handled its messages, and the consumer's Blob and Cosmos writes
        // (the dashboard names the stores after the resources whose endpoints the spans address).
        await page.GotoAsync(new Uri(dashboard, "/traces").ToString());
        var trace = page.Locator("tr.fluent-data-grid-row")
            .Filter(new() { HasTextRegex = PostEventsTraceName() })
            .Filter(new() { Has = SpanTag(page, "producer") })
            .Filter(new() { Has = SpanTag(page, "consumer-[a-z0-9]+") })
            .Filter(new() { Has = SpanTag(page, "blobs") })
            .Filter(new() { Has = SpanTag(page, "cosmos") })
            .First;
        await Assertions.Expect(trace).ToBeVisibleAsync();
        await ScreenshotAsync(page, "traces.png");
        var traceId = TraceId().Match(await trace.Locator("td[col-index='2']").GetAttributeAsync("title") ?? "").Groups[1].Value;
        Assert.NotEmpty(traceId);
        await page.GotoAsync(new Uri(dashboard, $"/traces/detail/{traceId}").ToString());
        // The trace's detail: a span row for each of the four resources.
        foreach (var resource in new[] { "producer", "consumer-[a-z0-9]+", "blobs", "cosmos" })
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasTextRegex = new Regex($@"\b{resource}\b") }).First).ToBeVisibleAsync();
        }

        await ScreenshotAsync(page, "trace.png");

        // The Service Bus resource's "Peek dead letters" command: its result (JSON) opens in a dialog. The consumers
        // may not have dead-lettered the invalid events yet, so peek again until they have.
        await page.GotoAsync(dashboard.ToString());
        var serviceBus = page.Locator("tr.resource-row").Filter(new() { Has = page.Locator(".resource-name-text", new() { HasTextRegex = ExactText("servicebus") }) });
        // The dialog's text: the dialog element itself has no box of its own for Playwright to call visible.
        var result = page.GetByRole(AriaRole.Region, new() { Name = "Text content" });
        for (var attempt = 1; ; attempt++)
        {
            await serviceBus.GetByRole(AriaRole.Button, new() { Name = "Actions" }).ClickAsync();
            await page.GetByText("Peek dead letters", new() { Exact = true }).ClickAsync();
            await Assertions.Expect(result).ToContainTextAsync("deadLetterReason");
            if (await result.GetByText("InvalidEvent").CountAsync() > 0 || attempt == 30)
            {
                break;
            }

            await page.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
            await Assertions.Expect(result).ToBeHiddenAsync();
            await Task.Delay(1000);
        }

        await Assertions.Expect(result.GetByText("InvalidEvent").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("servicebus \"Peek dead letters\" succeeded")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "peek-dead-letters.png");

        var graph = await run.CaptureGraphAsync();
        AppHostRun.Signal(await run.AppHostPidAsync(), AppHostRun.SIGTERM);
        await run.AssertNoProcessLeftAsync(graph, "SIGTERM", output);
    }

    private static ILocator SpanTag(IPage page, string resource) =>
        page.Locator(".trace-service-tag", new() { HasTextRegex = new Regex($@"^\s*{resource} \(\d+\)\s*$") });

    private static Regex ExactText(string text) => new($@"^\s*{Regex.Escape(text)}\s*$");

    private async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ScreenshotDirectory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"screenshot: {path} ({new FileInfo(path).Length:N0} bytes)"));
    }

    [GeneratedRegex(@"producer: POST /api/events")]
    private static partial Regex PostEventsTraceName();

    [GeneratedRegex(@"Trace Id: ([0-9a-f]+)")]
    private static partial Regex TraceId();
}
