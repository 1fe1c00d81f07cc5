using Microsoft.Playwright;

namespace Planwerk.BrowserTests;

/// <summary>Every main page usable by keyboard, with a label on every control, in a real browser.</summary>
public sealed class AccessibilityTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task SigningUpAndIn_WorksWithTheKeyboardAlone()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var email = $"keys-{Guid.NewGuid().ToString("N")[..6]}@example.test";
        await page.GotoAsync("/signup");
        // The first name has the focus; Tab walks the fields in reading order.
        await Assertions.Expect(page.GetByLabel("First name")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Kim");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Keys");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(People.Password);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Keyboard");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/projects");

        await page.Locator("header form[action='/logout'] button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/login");
        await Assertions.Expect(page.GetByLabel("E-mail")).ToBeFocusedAsync(); // autofocus, once the page has loaded
        await page.Keyboard.TypeAsync(email);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(People.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/projects");
    }

    [Fact]
    public async Task EveryControlOnTheMainPages_HasALabel_AndTheFirstTabReachesSkipToContent()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var pages = await People.SignUpWithOneOfEverythingAsync(page, "Labels");

        var unlabelled = new List<string>();
        foreach (var url in new[] { "/login", "/signup" }.Concat(pages))
        {
            var response = await page.GotoAsync(url);
            Assert.True(response!.Ok, $"{url} answered {response.Status}");
            var missing = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
                  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby')
                               && !(e.tagName === 'BUTTON' && e.textContent.trim()) && !e.closest('label'))
                  .map(e => e.outerHTML.slice(0, 120))
                """);
            unlabelled.AddRange(missing.Select(m => $"{url}: {m}"));
        }

        Assert.Empty(unlabelled);
        await page.GotoAsync("/projects");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"));
    }
}
