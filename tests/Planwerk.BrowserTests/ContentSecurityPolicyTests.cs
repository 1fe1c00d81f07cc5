using Microsoft.Playwright;

namespace Planwerk.BrowserTests;

/// <summary>
/// The main pages under the real Content-Security-Policy in Chromium: the console reports no violation — no inline
/// script, handler or style the policy would refuse — and the policy is really enforced (an injected handler is refused
/// and reported).
/// </summary>
public sealed class ContentSecurityPolicyTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task TheMainPages_AndTheApiReference_CauseNoContentSecurityPolicyViolation()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };

        await page.GotoAsync("/login");
        await page.GotoAsync("/signup");
        foreach (var url in await People.SignUpWithOneOfEverythingAsync(page, "Policy"))
        {
            var response = await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Load });
            Assert.True(response!.Ok, $"{url} answered {response.Status}");
        }

        // The API reference renders (its bundle, its own inline start script, the OpenAPI document) under its policy.
        await page.GotoAsync("/api/core/docs/");
        await Assertions.Expect(page.GetByText("Planwerk Core API").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        lock (violations)
        {
            Assert.True(violations.Count == 0, string.Join('\n', violations));
        }

        // The policy is enforced and its violations are reported: an injected inline handler does not run.
        await page.GotoAsync("/projects");
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico?x\" onload=\"window.ran = true\" onerror=\"window.ran = true\">')");
        await page.WaitForFunctionAsync("() => document.querySelector('img[src^=\"/favicon.ico\"]').complete");
        Assert.False(await page.EvaluateAsync<bool>("() => window.ran === true"));
        await Task.Delay(200, TestContext.Current.CancellationToken);
        lock (violations)
        {
            Assert.Contains(violations, v => v.Contains("inline event handler", StringComparison.OrdinalIgnoreCase) || v.Contains("script-src", StringComparison.Ordinal));
        }
    }
}
