using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The API reference (/api/core/docs) is self-contained (#18): in Chromium, every request it makes goes to this server
/// (no outside fonts, scripts, telemetry or AI services), it offers no hosted-service button, no token is filled in for
/// the reader, and a link leads back to the app.
/// </summary>
public sealed class ApiReferenceTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheReference_LoadsOnlyFromThisServer_OffersNoHostedService_AndLinksBackToTheApp()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var requests = new List<string>();
        page.Request += (_, request) =>
        {
            lock (requests)
            {
                requests.Add(request.Url);
            }
        };

        var clock = Stopwatch.StartNew();
        await page.GotoAsync("/api/core/docs/");
        await Expect(page.GetByText("Planwerk Core API").First).ToBeVisibleAsync();
        var shown = clock.Elapsed;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (requests)
        {
            var outside = requests.Where(u => !u.StartsWith(app.BaseUrl, StringComparison.Ordinal) && !u.StartsWith("data:", StringComparison.Ordinal)
                && !u.StartsWith("blob:", StringComparison.Ordinal)).ToList();
            Assert.True(outside.Count == 0, "requests that left the server:\n" + string.Join('\n', outside));
            Assert.Contains(requests, u => u.EndsWith("/api/core/openapi.json", StringComparison.Ordinal));
        }

        var html = await page.ContentAsync();
        Assert.DoesNotContain("fonts.scalar.com", html, StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Open API Client" })).ToHaveCountAsync(0);
        await Expect(page.GetByText("Open in Scalar")).ToHaveCountAsync(0);
        await Expect(page.Locator("input[value^='pw_']")).ToHaveCountAsync(0); // no token is put in for the reader

        await page.ClickAsync("#back-to-app");
        await page.WaitForURLAsync("**/login**");
        Console.WriteLine($"API reference: title visible after {shown.TotalMilliseconds:F0} ms (Chromium, loopback)");
    }
}
