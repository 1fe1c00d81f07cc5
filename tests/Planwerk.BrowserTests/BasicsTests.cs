using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The everyday basics in Chromium, on a laptop (1366 px) and a phone (390 px): a checklist entry moved up with the
/// keyboard alone (the focus stays on the moved entry, so it can be moved again), and a task and a project deleted after
/// a confirmation that names what goes with them, the message on the page one lands on; no page scrolls sideways.
/// </summary>
public sealed class BasicsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private const string Widths = "() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth })";

    [Fact]
    public async Task AnOwner_ReordersAChecklistByKeyboard_AndDeletesATaskAndAProjectAfterTheirConfirmation_OnALaptopAndOnAPhone()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Basics");
        await page.GotoAsync("/projects/new");
        await page.Locator("#project-title").FillAsync("Relaunch");
        await page.ClickAsync("#save-project");
        await page.WaitForURLAsync("**/projects/*-*");
        var project = new Uri(page.Url).AbsolutePath;
        await page.ClickAsync("#new-package");
        await page.Locator("#package-title").FillAsync("Design");
        await page.ClickAsync("#save-package");
        await page.WaitForURLAsync("**" + project);
        await CreateTaskAsync(page, project, "Kick-off");

        foreach (var (width, height) in new[] { (1366, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            var where = $"{width} px";
            var sketch = $"Sketch {width}";
            await page.GotoAsync(await CreateTaskAsync(page, project, sketch));
            var added = 0;
            foreach (var title in new[] { "One", "Two", "Three" })
            {
                await page.Locator("#checklist-title").FillAsync(title);
                await page.ClickAsync("#add-checklist-entry");
                await Expect(Entries(page)).ToHaveCountAsync(++added);
            }

            // Keyboard only: focus "Move “Three” up", Enter; the focus comes back to it after the reload, Enter again.
            await page.GetByRole(AriaRole.Button, new() { Name = "Move “Three” up" }).FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(Entries(page)).ToHaveTextAsync([new Regex("One"), new Regex("Three"), new Regex("Two")]);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Move “Three” up" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(Entries(page)).ToHaveTextAsync([new Regex("Three"), new Regex("One"), new Regex("Two")]);
            await Expect(page.Locator(".flash")).ToContainTextAsync("moved");
            AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>(Widths), where + ", task");
            await BrowserApp.ScreenshotAsync(page, $"checklist-{width}");

            await page.ClickAsync("#delete-task");
            await page.WaitForURLAsync("**/delete");
            await Expect(page.Locator("#deletion-consequences")).ToHaveTextAsync($"Deleting task “{sketch}” also deletes:");
            await Expect(page.Locator("#deletion-goes li")).ToHaveTextAsync(["3 checklist entries"]);
            AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>(Widths), where + ", confirmation");
            await page.ClickAsync("#confirm-delete");
            await page.WaitForURLAsync("**" + project);
            await Expect(page.Locator(".flash")).ToHaveTextAsync($"The task “{sketch}” is deleted.");
            await Expect(page.Locator("#project-tree")).Not.ToContainTextAsync(sketch);
        }

        // On the phone: the project, after its confirmation names the package and the task that go with it.
        await page.GotoAsync(project);
        AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>(Widths), "390 px, project");
        await page.ClickAsync("#delete-project");
        await page.WaitForURLAsync("**/delete");
        await Expect(page.Locator("#deletion-goes li")).ToHaveTextAsync(["1 package", "1 task"]);
        AssertNoSidewaysScroll(await page.EvaluateAsync<JsonElement>(Widths), "390 px, project confirmation");
        await BrowserApp.ScreenshotAsync(page, "phone-delete-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete project" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/projects");
        await Expect(page.Locator(".flash")).ToHaveTextAsync("The project “Relaunch” is deleted.");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Relaunch" })).ToHaveCountAsync(0);
    }

    private static ILocator Entries(IPage page) => page.Locator("#checklist-entries > li");

    private static async Task<string> CreateTaskAsync(IPage page, string project, string title)
    {
        await page.GotoAsync(project);
        await page.ClickAsync("#new-task");
        await page.Locator("#task-title").FillAsync(title);
        await page.ClickAsync("#create-task");
        await page.WaitForURLAsync("**/tasks/*-*");
        return new Uri(page.Url).AbsolutePath;
    }

    private static void AssertNoSidewaysScroll(JsonElement layout, string where) =>
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= layout.GetProperty("innerWidth").GetDouble(), $"{where}: the page scrolls sideways: {layout}");
}
