using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EndToEnd.Tests.Fixtures.Embedded;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Embedded;

/// <summary>The dashboard in a real headless Chromium (Debian's <c>chromium</c>, driven by Playwright).</summary>
[Collection(EmbeddedTopologyCollection.Name)]
public sealed class DashboardBrowserTests(EmbeddedAppHostFixture app)
{
    private const string Chromium = "/usr/bin/chromium";

    /// <summary>About one in four generated events is bad, so 40 give dead letters to view all but surely.</summary>
    private const int ProducedThroughForm = 40;

    [Fact]
    public async Task The_dashboard_shows_every_resource_produces_events_through_its_form_and_resubmits_a_dead_letter()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install the Debian package `chromium` (apt-get install -y chromium)");
        foreach (var replica in app.ReplicasOf("producer").Concat(app.ReplicasOf("consumer")))
        {
            await app.WaitUntilHealthyAsync(replica, TimeSpan.FromMinutes(2));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, Locale = "en-US" });
        await page.GotoAsync(app.DashboardUrl.ToString());

        var resources = await app.GetResourcesAsync();
        foreach (var resource in resources)
        {
            var row = page.Locator($"#resources tbody tr[data-resource='{resource.Name}']");
            await Assertions.Expect(row.Locator("td.state")).ToHaveTextAsync(resource.State);
            await Assertions.Expect(row.Locator("td.health .badge")).ToHaveTextAsync(resource.Health);
            await Assertions.Expect(row.Locator("td.pid")).ToHaveTextAsync(resource.ProcessId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Assertions.Expect(page.Locator("#resources tbody tr")).ToHaveCountAsync(resources.Count);
        await Assertions.Expect(page.Locator(".count[data-count='deadLettered'] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d,]+$"));
        await Assertions.Expect(page.Locator(".count[data-count='archived'] .value")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[\d,]+$"));

        // Tests of this collection run one at a time, so nothing else sends while this one produces.
        using var api = new HttpClient { BaseAddress = app.DashboardUrl };
        var sentBefore = (await api.GetFromJsonAsync<JsonElement>("/api/counts")).GetProperty("sent").GetProperty("value").GetInt64();

        // Produce through the form: the dashboard forwards to the producer and shows the producer's summary.
        await page.FillAsync("#produce-count", ProducedThroughForm.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#produce button[type=submit]");
        var produced = page.Locator("#produce-result");
        await Assertions.Expect(produced).ToHaveAttributeAsync("data-status", new Regex("^(ok|failed)$"), new() { Timeout = 120_000 });
        Assert.Equal("ok", await produced.GetAttributeAsync("data-status"));
        await Assertions.Expect(produced).ToContainTextAsync($"\"totalMessages\":{ProducedThroughForm}");
        // The sent count is the producer's own: exactly what this form sent more than before.
        await Assertions.Expect(page.Locator(".count[data-count='sent'] .value"))
            .ToHaveTextAsync((sentBefore + ProducedThroughForm).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10_000 });

        // The consumers dead-letter the bad ones; peek until the viewer lists them with the consumer's reason.
        var invalidRows = page.Locator("#dead-letters tbody tr").Filter(new() { Has = page.Locator("td.reason", new() { HasTextString = "InvalidEvent" }) });
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        do
        {
            await page.ClickAsync("#dlq-peek");
            await Assertions.Expect(page.Locator("#dlq-result")).ToHaveAttributeAsync("data-status", new Regex("^(ok|failed)$"));
            Assert.Equal("ok", await page.Locator("#dlq-result").GetAttributeAsync("data-status"));
            if (await invalidRows.CountAsync() > 0)
            {
                break;
            }

            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(await invalidRows.CountAsync() > 0, "no dead letter with reason InvalidEvent appeared in the viewer within 2 minutes");
        var first = invalidRows.First;
        Assert.False(string.IsNullOrWhiteSpace(await first.Locator("td.description").TextContentAsync()), "a dead letter without its DeadLetterErrorDescription");
        var messageId = (await first.GetAttributeAsync("data-message-id"))!;
        var sequenceNumber = long.Parse((await first.GetAttributeAsync("data-sequence-number"))!, System.Globalization.CultureInfo.InvariantCulture);

        await first.Locator("button.resubmit").ClickAsync();
        var action = page.Locator("#dlq-action");
        await Assertions.Expect(action).ToHaveAttributeAsync("data-status", new Regex("^(ok|failed)$"), new() { Timeout = 60_000 });
        Assert.Equal("ok", await action.GetAttributeAsync("data-status"));
        await Assertions.Expect(action).ToContainTextAsync($"resubmitted {messageId}");

        // The resubmitted copy (a new message id, since the queue drops duplicate ids) is still invalid, so a consumer dead-letters it again.
        List<DeadLetter> deadLetters;
        deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        do
        {
            await Task.Delay(500);
            deadLetters = (await api.GetFromJsonAsync<List<DeadLetter>>("/api/dead-letters?max=500", JsonSerializerOptions.Web))!;
        }
        while (DateTime.UtcNow < deadline && !deadLetters.Any(letter => letter.ResubmittedFrom == messageId));

        Assert.DoesNotContain(deadLetters, letter => letter.SequenceNumber == sequenceNumber);
        var again = deadLetters.Where(letter => letter.ResubmittedFrom == messageId).ToList();
        Assert.True(again.Count == 1 && again[0].Reason == "InvalidEvent",
            $"the resubmitted {messageId} was not dead-lettered again as InvalidEvent within a minute; dead letters resubmitted from it: [{string.Join(", ", again)}]; counts: {await api.GetStringAsync("/api/counts")}; consumer-1 log: {string.Join("\n", (await api.GetFromJsonAsync<List<string>>("/api/resources/consumer-1/log"))!.TakeLast(15))}");

        await page.ClickAsync("#dlq-peek");
        await Assertions.Expect(page.Locator("#dlq-result")).ToHaveAttributeAsync("data-status", "ok");
        Directory.CreateDirectory(ScreenshotDirectory);
        var screenshot = Path.Combine(ScreenshotDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");
    }

    private sealed record DeadLetter(string? MessageId, long SequenceNumber, string? Reason, string? ResubmittedFrom);

    /// <summary>Beside the test results (<c>TestResults/</c> of this project), where CI collects them.</summary>
    private static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
}
