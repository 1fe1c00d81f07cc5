using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>
/// Errors as a person meets them in Chromium, on a laptop (1366 px) and a phone (390 px): a refused form in German names
/// both errors with the form's German labels (summary and fields) and puts the focus on the first invalid field; an
/// unknown address or id is an HTML 404 page and a failure an HTML 500 page, never JSON; and a reload after creating a
/// token makes no second token, while the secret was shown once.
/// </summary>
public sealed class ErrorsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    public static TheoryData<int, int> Widths => new() { { 1366, 768 }, { 390, 844 } };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task AFormWithTwoErrors_InGerman_ShowsBoth_WithTheGermanLabels_AndFocusesTheFirstInvalidField(int width, int height)
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await page.SetViewportSizeAsync(width, height);
        await People.SignUpAsync(page, $"Fehler{width}");
        await page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = "Deutsch" }).ClickAsync();
        await Expect(page.Locator("footer").GetByRole(AriaRole.Button, new() { Name = "Deutsch" })).ToHaveAttributeAsync("aria-pressed", "true");

        await page.GotoAsync("/projects/new");
        await page.Locator("#project-planned-start").FillAsync("2026-12-24");
        await page.Locator("#project-planned-end").FillAsync("2026-12-01");
        await page.ClickAsync("#save-project");

        var summary = page.Locator(".error-summary");
        await Expect(summary).ToContainTextAsync("Titel muss angegeben werden.");
        await Expect(summary).ToContainTextAsync("Geplantes Ende darf nicht vor dem geplanten Start liegen.");
        await Expect(summary.Locator("li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#project-title-error")).ToHaveTextAsync("Titel muss angegeben werden.");
        await Expect(page.Locator("#project-planned-end-error")).ToHaveTextAsync("Geplantes Ende darf nicht vor dem geplanten Start liegen.");
        await Expect(page.Locator("#project-title")).ToBeFocusedAsync();
        await Expect(page.Locator("#project-planned-end")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("plannedEndDate");
        await BrowserApp.ScreenshotAsync(page, $"form-errors-de-{width}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task AnUnknownAddressOrId_IsAnHtml404Page_AndAFailureAnHtml500Page(int width, int height)
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await page.SetViewportSizeAsync(width, height);
        await People.SignUpAsync(page, $"Missing{width}");

        var unknownPath = await page.GotoAsync("/no/such/page");
        Assert.Equal(404, unknownPath!.Status);
        Assert.StartsWith("text/html", await unknownPath.HeaderValueAsync("content-type") ?? "", StringComparison.Ordinal);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");

        var unknownId = await page.GotoAsync($"/projects/{Guid.NewGuid()}");
        Assert.Equal(404, unknownId!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
        await BrowserApp.ScreenshotAsync(page, $"error-404-{width}");

        var failure = await page.GotoAsync("/projects?__fail");
        Assert.Equal(500, failure!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Something went wrong");
        Assert.Equal(await failure.HeaderValueAsync("x-request-id"), await page.Locator("#request-id").TextContentAsync());
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Exception");
        await BrowserApp.ScreenshotAsync(page, $"error-500-{width}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task AReloadAfterCreatingAToken_MakesNoSecondToken_AndTheSecretIsShownOnce(int width, int height)
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await page.SetViewportSizeAsync(width, height);
        await People.SignUpAsync(page, $"Reload{width}");

        var secret = await People.CreateTokenAsync(page, "reload");
        Assert.StartsWith("pw_", secret, StringComparison.Ordinal);
        Assert.EndsWith("/settings/integrations/api", page.Url, StringComparison.Ordinal); // redirected: the post is not the page shown
        await Expect(page.Locator("#tokens-my tbody tr")).ToHaveCountAsync(1);

        await page.ReloadAsync();

        await Expect(page.Locator("#tokens-my tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#token-secret")).ToHaveCountAsync(0);
        await Expect(page.Locator("body")).Not.ToContainTextAsync(secret);
        using var api = app.ApiClient(secret);
        Assert.True((await api.GetAsync("projects", TestContext.Current.CancellationToken)).IsSuccessStatusCode);
    }
}
