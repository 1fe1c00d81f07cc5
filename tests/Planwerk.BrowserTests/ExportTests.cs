using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The work records' CSV export and print view in Chromium on a phone (390 px): the filtered list downloads as a UTF-8
/// CSV with a BOM whose formula-like description is neutralised, and printing hides the navigation and the filter.
/// </summary>
public sealed class ExportTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task OnAPhone_TheFilteredWorkRecordsDownloadAsCsv_AndThePrintViewHidesTheNavigation()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Export");
        await page.GotoAsync("/settings/plan");
        await page.Locator("#plan-select").SelectOptionAsync("professional");
        await page.ClickAsync("#change-plan");
        await page.GotoAsync("/projects/new");
        await page.Locator("#project-title").FillAsync("Relaunch");
        await page.ClickAsync("#save-project");
        await page.WaitForURLAsync("**/projects/*-*");
        await page.ClickAsync("#new-task");
        await page.Locator("#task-title").FillAsync("Logo");
        await page.ClickAsync("#create-task");
        await page.WaitForURLAsync("**/tasks/*-*");
        await page.Locator("#booking-minutes").FillAsync("45");
        await page.Locator("#booking-description").FillAsync("=HYPERLINK(\"http://evil.test\")");
        await page.ClickAsync("#book-time");
        await page.Locator("#task-work-records").WaitForAsync();

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/work-records");
        await page.Locator("#user").SelectOptionAsync(new SelectOptionValue { Label = "Olga Owner" });
        await page.Locator("#work-records-filter button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/work-records\\?.*user="));
        await Expect(page.Locator("tr[data-work-record]")).ToHaveCountAsync(1);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#work-records-export a").ClickAsync());
        Assert.Equal("work-records.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Date,Start (local time),", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",45,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",\"'=HYPERLINK(\"\"http://evil.test\"\")\"", lines[1], StringComparison.Ordinal);

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("header.top")).ToBeHiddenAsync();
        await Expect(page.Locator("#work-records-filter")).ToBeHiddenAsync();
        await Expect(page.Locator("#work-records-export")).ToBeHiddenAsync();
        await Expect(page.Locator("#work-records")).ToBeVisibleAsync();
        await Expect(page.Locator("#work-records thead")).ToBeVisibleAsync(); // a table, not the phone's cards
        await BrowserApp.ScreenshotAsync(page, "phone-work-records-print");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });
        await Expect(page.Locator("header.top")).ToBeVisibleAsync();
    }
}
