using EndToEnd.Tests.Fixtures.Embedded;
using Microsoft.Playwright;

namespace EndToEnd.Tests.Embedded;

/// <summary>The dashboard in a real headless Chromium (Debian's <c>chromium</c>, driven by Playwright).</summary>
[Collection(EmbeddedTopologyCollection.Name)]
public sealed class DashboardBrowserTests(EmbeddedAppHostFixture app)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_dashboard_shows_every_resource_with_its_state_and_health()
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
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
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

        Directory.CreateDirectory(ScreenshotDirectory);
        var screenshot = Path.Combine(ScreenshotDirectory, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is suspiciously small");
    }

    /// <summary>Beside the test results (<c>TestResults/</c> of this project), where CI collects them.</summary>
    private static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
}
