using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// The main pages from a phone's width (390 px) through a tablet's to a laptop's (1366 px), in English and in German
/// (longer words): no page scrolls sideways, the header is one line, and wherever the header's items do not fit on one
/// line (always below ~800 px) the navigation sits behind a menu button that the keyboard opens and closes.
/// </summary>
public sealed class PhoneLayoutTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly (string Name, int Width, int Height)[] Sizes =
        [("phone", 390, 844), ("small tablet", 800, 1280), ("tablet", 1024, 768), ("small laptop", 1280, 800), ("laptop", 1366, 768)];

    /// <summary>
    /// What the page measures of itself: the document's width against the viewport's (with the widest elements that stick
    /// out, outside any scroller of their own, to say what to fix), the header's height, and whether the header's
    /// visible items share one line (some horizontal line crosses every one of them).
    /// </summary>
    private const string Measure = """
        () => {
          const width = window.innerWidth;
          const scrolls = e => { for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) { if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; } return false; };
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > width + 0.5 && !scrolls(e))
            .slice(-3).map(e => `${e.outerHTML.slice(0, 90)} (right ${Math.round(e.getBoundingClientRect().right)})`);
          const header = document.querySelector('header.top');
          const items = [...header.querySelectorAll('a, button, select, .plan-badge, .cloud-name')]
            .filter(e => e.getClientRects().length).map(e => e.getBoundingClientRect());
          return {
            scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide,
            headerHeight: header.getBoundingClientRect().height,
            headerOneLine: items.length === 0 || Math.max(...items.map(r => r.top)) < Math.min(...items.map(r => r.bottom)),
          };
        }
        """;

    /// <summary>A header of one line is about 55 px high; two lines are more than 80.</summary>
    private const double OneLineHeader = 76;

    [Fact]
    public async Task NoMainPage_ScrollsSideways_AtAnyWidth_TheHeaderIsOneLine_AndEitherTheMenuButtonOrTheLinksAreShown()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var pages = await People.SignUpWithOneOfEverythingAsync(page, "Phone");
        var problems = new List<string>();

        foreach (var language in new[] { "English", "Deutsch" })
        {
            await page.GotoAsync("/projects");
            await page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = language }).ClickAsync();
            await Expect(page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = language })).ToHaveAttributeAsync("aria-pressed", "true");
            var menuButton = page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = language == "English" ? "Menu" : "Menü" });
            var firstLink = page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = language == "English" ? "Projects" : "Projekte", Exact = true });
            foreach (var (size, width, height) in Sizes)
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var url in pages)
                {
                    var response = await page.GotoAsync(url);
                    Assert.True(response!.Ok, $"{url} answered {response.Status}");
                    var where = $"{language}, {size}, {new Uri(page.Url).AbsolutePath}";
                    var layout = await page.EvaluateAsync<JsonElement>(Measure);
                    if (layout.GetProperty("scrollWidth").GetDouble() > layout.GetProperty("innerWidth").GetDouble())
                    {
                        problems.Add($"{where}: scrolls sideways, {layout.GetProperty("scrollWidth")} px in {layout.GetProperty("innerWidth")}: "
                            + string.Join(" | ", layout.GetProperty("wide").EnumerateArray().Select(e => e.GetString())));
                    }

                    if (!layout.GetProperty("headerOneLine").GetBoolean() || layout.GetProperty("headerHeight").GetDouble() > OneLineHeader)
                    {
                        problems.Add($"{where}: the header is more than one line ({layout.GetProperty("headerHeight")} px)");
                    }

                    // A phone always folds the header and a laptop has room for an English one; in between, whatever fits,
                    // but never both the button and the links, nor neither.
                    var folded = await menuButton.IsVisibleAsync();
                    if (folded == await firstLink.IsVisibleAsync())
                    {
                        problems.Add($"{where}: the menu button and the links are {(folded ? "both shown" : "both hidden")}");
                    }

                    if ((size == "phone" && !folded) || (size == "laptop" && language == "English" && folded))
                    {
                        problems.Add($"{where}: the menu button is {(folded ? "shown" : "missing")}");
                    }
                }

                if (size == "phone" && language == "English")
                {
                    await page.GotoAsync("/projects");
                    await BrowserApp.ScreenshotAsync(page, "phone-projects");
                    await page.GotoAsync("/settings/integrations/api");
                    await BrowserApp.ScreenshotAsync(page, "phone-api-tokens");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task OnAPhone_TheKeyboardOpensTheMenu_AndEscapeClosesIt_OnALaptopTheLinksAreInTheHeader()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Acme");
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/projects");
        var menu = page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Menu" });
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        string[] links = ["Projects", "Apps & Integrations", "Users", "Audit log", "Plan & cloud"];
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        foreach (var link in links)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeHiddenAsync();
        }

        // From the top of the page: "skip to content", the brand, then the menu button.
        await OpenMenuByKeyboardAsync(page, menu, nav, links);

        await Expect(page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "phone-menu");

        // The next Tab goes into the menu just opened; Escape closes it and gives the focus back to the button.
        await page.Keyboard.PressAsync("Tab");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Projects", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeFocusedAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToBeHiddenAsync();

        // Space works as well as Enter, and a link chosen in the menu is followed.
        await page.Keyboard.PressAsync(" ");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/settings/users");
        await Expect(page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToHaveAttributeAsync("aria-expanded", "false");

        await page.SetViewportSizeAsync(1366, 768);
        await Expect(menu).ToBeHiddenAsync();
        foreach (var link in links)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task AtATabletsWidth_AnOwnersGermanHeaderFolds_AndTheKeyboardOpensTheMenu_AndEscapeClosesIt()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Tablet");
        await page.GotoAsync("/settings/plan");
        await page.Locator("#plan-select").SelectOptionAsync("professional");
        await page.ClickAsync("#change-plan");
        await page.GotoAsync("/projects");
        await page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = "Deutsch" }).ClickAsync();
        await Expect(page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = "Deutsch" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.SetViewportSizeAsync(1024, 768);
        await page.GotoAsync("/projects");

        // Six links, the cloud, the plan, the name and "Abmelden" do not fit into 1024 px: they fold behind the button.
        var menu = page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Menü" });
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Hauptnavigation" });
        string[] links = ["Projekte", "Erfasste Leistungen", "Apps & Integrationen", "Benutzer", "Audit-Log", "Tarif & Cloud"];
        await Expect(menu).ToBeVisibleAsync();
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        foreach (var link in links)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeHiddenAsync();
        }

        var layout = await page.EvaluateAsync<JsonElement>(Measure);
        Assert.True(layout.GetProperty("headerOneLine").GetBoolean() && layout.GetProperty("headerHeight").GetDouble() <= OneLineHeader, $"the header is more than one line: {layout}");

        await OpenMenuByKeyboardAsync(page, menu, nav, links);

        await Expect(page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Abmelden" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Projekte", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(menu).ToBeFocusedAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Benutzer", Exact = true })).ToBeHiddenAsync();
        await page.Keyboard.PressAsync(" ");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await BrowserApp.ScreenshotAsync(page, "tablet-menu-de");

        // Wide enough again, without a reload: the links are back in the header and the button is gone.
        await page.SetViewportSizeAsync(1920, 1080);
        await Expect(menu).ToBeHiddenAsync();
        foreach (var link in links)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task OnAPhoneWithoutScript_TheNavigationStaysUnfolded_AndThePageStillFitsTheWidth()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            JavaScriptEnabled = false, ViewportSize = new ViewportSize { Width = 390, Height = 844 }, BaseURL = app.BaseUrl, Locale = "en-US",
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await People.SignUpAsync(page, "NoScript");

        // A button that script would have to work stays away; the links are there to follow.
        await Expect(page.Locator("header.top").GetByRole(AriaRole.Button, new() { Name = "Menu" })).ToBeHiddenAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
        foreach (var link in new[] { "Projects", "Apps & Integrations", "Users", "Audit log", "Plan & cloud" })
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }

        var layout = await page.EvaluateAsync<JsonElement>(Measure);
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= 390, $"scrolls sideways: {layout}");
        await context.CloseAsync();
    }

    /// <summary>Tabs to the menu button (a few stops from the top of the page), opens it with Enter and sees every link.</summary>
    private static async Task OpenMenuByKeyboardAsync(IPage page, ILocator menu, ILocator nav, IEnumerable<string> links)
    {
        for (var tabs = 0; tabs < 5 && !await menu.EvaluateAsync<bool>("b => b === document.activeElement"); tabs++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await Expect(menu).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        foreach (var link in links)
        {
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = link, Exact = true })).ToBeVisibleAsync();
        }
    }
}
