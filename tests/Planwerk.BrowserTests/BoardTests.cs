using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The project board in Chromium, on a laptop (1366 px) and a phone (390 px): the columns side by side or stacked, never
/// a page that scrolls sideways, and a card moved to another column with the keyboard alone (no drag and drop).
/// </summary>
public sealed class BoardTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    /// <summary>The page's width against the window's, and where the first two columns are.</summary>
    private const string Measure = """
        () => {
          const [a, b] = [...document.querySelectorAll('.board-column')].map(c => c.getBoundingClientRect());
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, firstBottom: a.bottom, secondTop: b.top, firstTop: a.top };
        }
        """;

    [Fact]
    public async Task AnOwner_MovesCardsByKeyboard_OnALaptopAndOnAPhone_AndFiltersTheBoard_WithoutThePageScrollingSideways()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Board");
        await page.GotoAsync("/projects/new");
        await page.Locator("#project-title").FillAsync("Relaunch");
        await page.ClickAsync("#save-project");
        await page.WaitForURLAsync("**/projects/*-*");
        var project = new Uri(page.Url).AbsolutePath;
        await page.ClickAsync("#new-package");
        await page.Locator("#package-title").FillAsync("Design");
        await page.ClickAsync("#save-package");
        await page.WaitForURLAsync("**" + project);
        await CreateTaskAsync(page, project, "Sketch the logo", "Design", "Olga Owner");
        await CreateTaskAsync(page, project, "Kick-off with a title long enough to wrap inside its card on a phone", null, null);

        await page.GotoAsync(project);
        await page.ClickAsync("#open-board");
        await page.WaitForURLAsync("**/board");
        var sketch = Card(page, "Sketch the logo");
        await Expect(Column(page, "Planned").Locator(".board-card")).ToHaveCountAsync(2);
        await Expect(sketch.Locator("[data-field=executor]")).ToHaveTextAsync("Olga Owner");
        await Expect(sketch.Locator("[data-field=package]")).ToHaveTextAsync("Design");
        var laptop = await page.EvaluateAsync<JsonElement>(Measure);
        AssertNoSidewaysScroll(laptop, "1366 px");
        Assert.True(Math.Abs(laptop.GetProperty("firstTop").GetDouble() - laptop.GetProperty("secondTop").GetDouble()) < 1, $"the columns are not side by side: {laptop}");
        await BrowserApp.ScreenshotAsync(page, "board");

        // From the card's title: Tab to "Move to", the arrow key to the next-but-one state, Tab to "Move", Enter.
        await MoveByKeyboardAsync(page, sketch, arrowDowns: 1);
        await Expect(Column(page, "Review").Locator(".board-card")).ToHaveTextAsync(new Regex("Sketch the logo"));
        await Expect(page.Locator(".flash")).ToContainTextAsync("moved to “In review”");

        // The filters: the owner's cards only, then the package's; a move keeps them.
        await page.Locator("#filter-executor").SelectOptionAsync(new SelectOptionValue { Label = "Olga Owner" });
        await page.ClickAsync("#apply-filter");
        await page.WaitForURLAsync(new Regex("/board\\?executor="));
        await Expect(page.Locator(".board-card")).ToHaveCountAsync(1);
        await page.Locator("#filter-executor").SelectOptionAsync(new SelectOptionValue { Label = "(everyone)" });
        await page.Locator("#filter-package").SelectOptionAsync(new SelectOptionValue { Label = "(directly in the project)" });
        await page.ClickAsync("#apply-filter");
        await Expect(page.Locator(".board-card")).ToHaveCountAsync(1);
        var kickOff = Card(page, "Kick-off");
        await Expect(kickOff).ToBeVisibleAsync();

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        var phone = await page.EvaluateAsync<JsonElement>(Measure);
        AssertNoSidewaysScroll(phone, "390 px");
        Assert.True(phone.GetProperty("secondTop").GetDouble() >= phone.GetProperty("firstBottom").GetDouble(), $"the columns are not stacked: {phone}");
        await MoveByKeyboardAsync(page, kickOff, arrowDowns: 0);
        await page.WaitForURLAsync(new Regex("/board\\?package=none#task-"));
        await Expect(Column(page, "InProcess").Locator(".board-card")).ToHaveTextAsync(new Regex("Kick-off"));
        AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>(Measure), "390 px, after the move");
        await BrowserApp.ScreenshotAsync(page, "phone-board");

        // The tree on the project page: the package says its progress and folds by keyboard (details/summary, no script).
        await page.GotoAsync(project);
        var design = page.Locator("#project-tree li[data-package]").Filter(new() { HasText = "Design" });
        await Expect(design.Locator(".tree-progress")).ToHaveTextAsync("0/1 done"); // Sketch the logo is in review, not closed
        await Expect(design.GetByRole(AriaRole.Link, new() { Name = "#1 Sketch the logo" })).ToBeVisibleAsync();
        AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>("() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })"), "project, 390 px");
        await design.Locator("summary").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(design.Locator("details")).Not.ToHaveAttributeAsync("open", "");
        await Expect(design.GetByRole(AriaRole.Link, new() { Name = "#1 Sketch the logo" })).ToBeHiddenAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(design.GetByRole(AriaRole.Link, new() { Name = "#1 Sketch the logo" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await BrowserApp.ScreenshotAsync(page, "project-tree-progress");
    }

    private static ILocator Column(IPage page, string state) => page.Locator($"[data-column={state}]");

    private static ILocator Card(IPage page, string title) => page.Locator(".board-card").Filter(new() { HasText = title });

    private static async Task MoveByKeyboardAsync(IPage page, ILocator card, int arrowDowns)
    {
        await card.Locator("h3 a").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByLabel("Move to")).ToBeFocusedAsync();
        for (var i = 0; i < arrowDowns; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Tab");
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Move" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForLoadStateAsync();
    }

    private static async Task CreateTaskAsync(IPage page, string project, string title, string? package, string? executor)
    {
        await page.GotoAsync(project);
        await page.ClickAsync("#new-task");
        await page.Locator("#task-title").FillAsync(title);
        if (package is not null)
        {
            await page.Locator("#task-parent").SelectOptionAsync(new SelectOptionValue { Label = package });
        }

        if (executor is not null)
        {
            await page.Locator("#executor").SelectOptionAsync(new SelectOptionValue { Label = executor });
        }

        await page.ClickAsync("#create-task");
        await page.WaitForURLAsync("**/tasks/*-*");
    }

    private static void AssertNoSidewaysScroll(JsonElement layout, string where) =>
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= layout.GetProperty("innerWidth").GetDouble(), $"{where}: the page scrolls sideways: {layout}");
}
