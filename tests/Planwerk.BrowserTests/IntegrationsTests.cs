using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace Planwerk.BrowserTests;

/// <summary>The owner's "Apps &amp; Integrations" page in a real browser, against a real server.</summary>
public sealed class IntegrationsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignUp_CreateAToken_TheOwnersApiSwitchRefusesAndRestoresIt()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Acme");
        await BrowserApp.ScreenshotAsync(page, "projects-empty");

        await page.GotoAsync("/settings/integrations");
        await BrowserApp.ScreenshotAsync(page, "integrations");
        await page.ClickAsync("#tile-api");
        var token = await People.CreateTokenAsync(page, "import");
        Assert.Matches("^pw_[0-9A-Za-z]{36}$", token);
        await BrowserApp.ScreenshotAsync(page, "integrations-api-token");

        using var api = app.ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("projects", Ct)).StatusCode);

        await page.ClickAsync("#api-switch-button");
        await Expect(page.Locator("#api-status")).ToHaveTextAsync("Off");
        var refused = await api.GetAsync("projects", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("api_access_disabled", JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("code").GetString());
        await BrowserApp.ScreenshotAsync(page, "integrations-api-off");

        await page.ClickAsync("#api-switch-button");
        await Expect(page.Locator("#api-status")).ToHaveTextAsync("On");
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("projects", Ct)).StatusCode);
    }

    [Fact]
    public async Task ARevokedToken_IsRefusedOnItsNextRequest()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Revoke");
        var token = await People.CreateTokenAsync(page, "ci");
        using var api = app.ApiClient(token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("projects", Ct)).StatusCode);

        await page.Locator("#tokens-my").GetByRole(AriaRole.Button, new() { NameString = "Revoke" }).ClickAsync();
        await Expect(page.Locator("#tokens-my")).ToContainTextAsync("revoked");

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("projects", Ct)).StatusCode);
    }

    [Fact]
    public async Task AGuest_SeesNoSettingsTiles_AndIsRefusedThem()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var owner = await app.NewPersonAsync();
        await People.SignUpAsync(owner, "Guests");
        await owner.GotoAsync("/settings/users");
        var guestEmail = $"guest-{Guid.NewGuid().ToString("N")[..6]}@example.test";
        await owner.GetByLabel("E-mail").FillAsync(guestEmail);
        await owner.GetByLabel("First name").FillAsync("Gina");
        await owner.GetByLabel("Last name").FillAsync("Guest");
        await owner.GetByLabel("Security group").SelectOptionAsync("GuestRights");
        await owner.ClickAsync("#invite-user");
        var link = await owner.InputValueAsync("#invitation");
        await BrowserApp.ScreenshotAsync(owner, "users-invited");

        var guest = await app.NewPersonAsync();
        await guest.GotoAsync(link);
        await guest.GetByLabel("Password").FillAsync(People.Password);
        await guest.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await guest.WaitForURLAsync("**/projects");

        await Expect(guest.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Apps & Integrations" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/settings/integrations", "/settings/integrations/api", "/settings/integrations/webhooks", "/settings/users", "/settings/plan", "/settings/audit" })
        {
            var response = await guest.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(guest.Locator("#tile-api")).ToHaveCountAsync(0);
        }
    }

    [Fact]
    public async Task AnonymousVisitors_AreSentToTheLoginPage_ExceptForLoginAndSignup()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        foreach (var path in new[] { "/projects", "/settings/integrations", "/settings/integrations/api", "/settings/integrations/webhooks", "/settings/users", "/settings/plan", "/settings/audit" })
        {
            await page.GotoAsync(path);
            Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        }

        Assert.Equal(200, (await page.GotoAsync("/signup"))!.Status);
        Assert.EndsWith("/signup", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInterface_SpeaksGerman_ToAGermanBrowser_AndSwitchesToEnglish()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync("de-DE");
        await page.GotoAsync("/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deutsch" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
