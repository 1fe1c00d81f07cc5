using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>The projects list's search, filter and sort in Chromium, on a phone: by keyboard, and without scrolling sideways.</summary>
public sealed class ProjectsListTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task OnAPhone_APersonSearchesFiltersAndSortsTheProjects_ByKeyboard()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "List");
        foreach (var title in new[] { "Website relaunch", "Trade fair", "website copy" })
        {
            await page.GotoAsync("/projects/new");
            await page.Locator("#project-title").FillAsync(title);
            await page.ClickAsync("#save-project");
            await page.WaitForURLAsync("**/projects/*-*");
        }

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/projects");
        await page.GetByLabel("Title contains").FocusAsync();
        await page.Keyboard.TypeAsync("WEBSITE");
        await page.Keyboard.PressAsync("Tab"); // the state: all
        await page.Keyboard.PressAsync("Tab"); // the order
        await page.Keyboard.PressAsync("ArrowDown"); // number → title
        await page.Keyboard.PressAsync("Tab"); // "Archived projects": left unticked, the current ones
        await Expect(page.GetByLabel("Archived projects")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Filter" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/projects\\?q=WEBSITE&state=&sort=title"));

        await Expect(page.Locator("#projects tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#projects tbody tr").First).ToContainTextAsync("website copy");
        await Expect(page.GetByLabel("Title contains")).ToHaveValueAsync("WEBSITE");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the list scrolls sideways at 390 px");
        await BrowserApp.ScreenshotAsync(page, "phone-projects-search");

        await page.ClickAsync("#reset-projects-filter");
        await Expect(page.Locator("#projects tbody tr")).ToHaveCountAsync(3);
    }
}
