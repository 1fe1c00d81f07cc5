using System.Text.Json;
using Microsoft.Playwright;
using Planwerk.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The webhook's delivery console and health chart in Chromium, at 1366 px and 390 px (#16): filter by event type, open an
/// attempt's headers and body, a filter that matches nothing says so, bulk redelivery of the filtered set, the chart drawn
/// as SVG; the page never scrolls sideways on a phone.
/// </summary>
public sealed class DeliveryConsoleTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheConsole_FiltersOpensAnAttemptRedeliversTheFilteredSet_AndTheChartShowsTheHealth()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        await using var receiver = await WebhookReceiver.StartAsync();
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Console");
        var token = await People.CreateTokenAsync(page, "console");
        using var api = app.ApiClient(token);
        var created = await api.PostAsync("webhooks", Json(new { callbackUri = receiver.Url + "/hooks", actionTypes = new[] { "ProjectCreated" } }), Ct);
        var hook = JsonDocument.Parse(await created.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString();
        for (var i = 0; i < 3; i++)
        {
            (await api.PostAsync("projects", Json(new { title = $"P{i}" }), Ct)).EnsureSuccessStatusCode();
        }

        await page.GotoAsync($"/settings/integrations/webhooks/{hook}");
        await page.ClickAsync("#send-test");
        await receiver.WaitForAsync(4);
        var rows = page.Locator("#deliveries tbody tr");
        await BrowserApp.ReloadUntilAsync(page, page.Locator("#webhook-health"), "100 % of 4 attempts"); // every outcome recorded
        await Expect(rows).ToHaveCountAsync(4);

        await page.GetByLabel("Event type").SelectOptionAsync("ProjectCreated");
        await page.ClickAsync("#apply-filter");
        await Expect(rows).ToHaveCountAsync(3);
        var attempt = rows.First.Locator("details[data-attempt='1']");
        await attempt.Locator("summary").ClickAsync();
        await Expect(attempt.Locator("[data-request-headers]")).ToContainTextAsync("webhook-id");
        await Expect(attempt.Locator("[data-request-headers]")).ToContainTextAsync("webhook-signature");
        await Expect(attempt.Locator("pre.json")).ToContainTextAsync("\"action\": \"ProjectCreated\"");
        await BrowserApp.ScreenshotAsync(page, "webhook-console");
        await page.Locator("#webhook-health").ScrollIntoViewIfNeededAsync();
        await Expect(page.Locator("#webhook-health figure[data-series='hourly'] svg.chart rect")).ToHaveCountAsync(24);
        await page.Locator("#webhook-health").ScreenshotAsync(new() { Path = Path.Combine(BrowserApp.ScreenshotDirectory, "webhook-health.png") });

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await rows.First.Locator("details[data-attempt='1'] summary").ClickAsync();
        AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>("() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })"));
        await BrowserApp.ScreenshotAsync(page, "phone-webhook-console");
        await page.SetViewportSizeAsync(1366, 768);

        await page.ClickAsync("#redeliver-filtered button");
        await Expect(page.Locator("body")).ToContainTextAsync("3 deliveries are being sent again.");
        await receiver.WaitForAsync(7);
        Assert.Equal(3, receiver.Requests.Skip(4).Count(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("action").GetString() == "ProjectCreated"));
        await BrowserApp.ReloadUntilAsync(page, rows.First, "succeeded");
        await Expect(rows.Locator("[data-redelivery-of]")).ToHaveCountAsync(3);

        await page.GetByLabel("Search: webhook-id, delivery id or #number").FillAsync(Guid.NewGuid().ToString());
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator("#no-deliveries")).ToHaveTextAsync("No delivery matches the filter.");
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    private static void AssertNoSidewaysScroll(JsonElement layout) =>
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= layout.GetProperty("innerWidth").GetDouble(), $"the page scrolls sideways at 390 px: {layout}");
}
