using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Planwerk.BrowserTests;

/// <summary>
/// Deque's axe-core (the engine of Lighthouse's accessibility audit) on every main page, at a laptop's width and at a
/// phone's, in English and in German: no violation at all of the WCAG 2.x A and AA rules and axe's best practices (the
/// issue asks for none "serious"; the pages have none of any impact, and a new one fails here at once).
/// </summary>
public sealed class AxeTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        ResultTypes = [ResultType.Violations],
    };

    [Fact]
    public async Task TheMainPages_HaveNoAxeViolation_OfAnyImpact()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var pages = await People.SignUpWithOneOfEverythingAsync(page, "Axe");

        var found = new List<string>();
        // English at both widths (the phone's menu is another layout), German at the phone's (its longer words wrap).
        foreach (var (language, width, height) in new[] { ("English", 1366, 900), ("English", 390, 844), ("Deutsch", 390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync("/projects");
            await page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = language }).ClickAsync();
            await Assertions.Expect(page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = language })).ToHaveAttributeAsync("aria-pressed", "true");
            foreach (var url in pages)
            {
                var response = await page.GotoAsync(url);
                Assert.True(response!.Ok, $"{url} answered {response.Status}");
                var result = await page.RunAxe(Options);
                found.AddRange(result.Violations.Select(v => $"{width}px {language} {new Uri(page.Url).AbsolutePath}: {v.Id} ({v.Impact}) {v.Help} at "
                    + string.Join(", ", v.Nodes.Take(3).Select(n => n.Html.Length > 100 ? n.Html[..100] : n.Html))));
            }
        }

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }
}
