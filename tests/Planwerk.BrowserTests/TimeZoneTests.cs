using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>A person's time zone in a real browser: the browser's own until they choose one, every time shown in it.</summary>
public sealed class TimeZoneTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(1366)]
    [InlineData(390)]
    public async Task TimesFollowTheBrowsersZone_UntilThePersonChoosesAnother(int width)
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync(timezone: "America/New_York");
        await page.SetViewportSizeAsync(width, 844);
        await People.SignUpAsync(page, $"Zone{width}");
        await People.CreateTokenAsync(page, "zone token");

        // app.js told the server the browser's zone on the first page; the token's creation time is in it.
        await page.GotoAsync("/settings/integrations/api");
        await Expect(page.Locator("#time-zone-note")).ToContainTextAsync("Times are shown in America/New_York.");
        await Expect(page.Locator("time[title='America/New_York']").First).ToContainTextAsync("(UTC-05:00)");

        await page.GotoAsync("/account/password");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Time zone" }).SelectOptionAsync("Asia/Kolkata");
        await page.ClickAsync("#save-time-zone");
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Times are now shown in Asia/Kolkata.");
        await page.GotoAsync("/settings/integrations/api");
        await Expect(page.Locator("time[title='Asia/Kolkata']").First).ToContainTextAsync("(UTC+05:30)");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
    }
}
