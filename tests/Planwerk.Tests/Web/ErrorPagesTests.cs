using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// Errors as a person sees them over HTTP: a refused form names its own labels in the page's language (summary and
/// field), a browser gets HTML 404 and 500 pages while the Core API keeps its problem+json, and every successful post
/// redirects (a reload repeats nothing) with one-time secrets shown once after the redirect.
/// </summary>
public abstract partial class ErrorPagesTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string Html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Fact]
    public async Task AProjectFormWithTwoErrors_InGerman_ShowsBothWithTheGermanLabels_InTheSummaryAndAtTheFields_AndFocusesTheFirst()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var page = await (await web.PostFormAsync("/projects/new", new()
        {
            ["Input.Title"] = "", ["Input.PlannedStartDate"] = "2026-12-24", ["Input.PlannedEndDate"] = "2026-12-01",
        })).AssertStatusAsync(HttpStatusCode.OK);

        var summary = Summary().Match(page).Value;
        Assert.Contains("Titel muss angegeben werden.", summary, StringComparison.Ordinal);
        Assert.Contains("Geplantes Ende darf nicht vor dem geplanten Start liegen.", summary, StringComparison.Ordinal);
        Assert.True(summary.IndexOf("Titel", StringComparison.Ordinal) < summary.IndexOf("Geplantes Ende", StringComparison.Ordinal), summary);
        Assert.Matches(FieldMessage("project-title-error", "Titel muss angegeben werden."), page);
        Assert.Matches(FieldMessage("project-planned-end-error", "Geplantes Ende darf nicht vor dem geplanten Start liegen."), page);
        Assert.DoesNotContain("plannedEndDate", page, StringComparison.Ordinal);
        Assert.Matches(new Regex("<input[^>]*id=\"project-title\"[^>]*aria-invalid=\"true\"[^>]*autofocus|<input[^>]*autofocus[^>]*id=\"project-title\""), page);
        Assert.Single(Regex.Matches(page, "autofocus="));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task ABookingWithTheEndBeforeTheStart_SaysSoWithTheFormsLabels_NotTheApisNames()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (api, _) = await App.ApiClientAsync(cloud);
        var project = await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await api.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);
        var url = $"/tasks/{task.Id()}";

        var page = await (await web.PostFormAsync($"{url}?handler=Book", new()
        {
            ["Booking.Date"] = "2026-11-27", ["Booking.Minutes"] = "30", ["Booking.StartTime"] = "10:00", ["Booking.EndTime"] = "09:00",
        }, url)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Matches(FieldMessage("booking-end-error", "End time must not be before the start time."), page);
        Assert.Contains("End time must not be before the start time.", Summary().Match(page).Value, StringComparison.Ordinal);
        Assert.DoesNotContain("endTime", page, StringComparison.Ordinal);
        Assert.Empty(Summaries().Matches(page).Skip(1)); // only the posted form has a summary
    }

    [Fact]
    public async Task ABrowser_GetsAnHtml404_ForAnUnknownPath_AndAnUnknownId_InItsLanguage()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.Accept.ParseAdd(Html);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var unknownPath = await web.Client.GetAsync("/no/such/page", Ct);
        var unknownId = await web.Client.GetAsync($"/projects/{Guid.NewGuid()}", Ct);

        foreach (var response in new[] { unknownPath, unknownId })
        {
            var html = await response.AssertStatusAsync(HttpStatusCode.NotFound);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1>Seite nicht gefunden</h1>", html, StringComparison.Ordinal);
            Assert.Contains("data-status=\"404\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ABrowser_GetsAnHtml500_WithTheRequestId_AndNoStackTrace()
    {
        using var web = WebSession.Anonymous(App, language: "en");
        web.Client.DefaultRequestHeaders.Accept.ParseAdd(Html);

        var response = await web.Client.GetAsync("/login?__fail", Ct);

        var html = await response.AssertStatusAsync(HttpStatusCode.InternalServerError);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Something went wrong</h1>", html, StringComparison.Ordinal);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        Assert.Contains($"<code id=\"request-id\">{requestId}</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", html, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Planwerk.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCoreApi_KeepsAnsweringProblemJson_For404And500_EvenToABrowsersAccept()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        // A plain client (not the one that checks answers against the OpenAPI document: a 500 is in no contract).
        using var api = App.CreateClient();
        api.BaseAddress = new Uri(api.BaseAddress!, "/api/core/");
        api.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await App.CreateTokenAsync(cloud, cloud.OwnerId));
        api.DefaultRequestHeaders.Accept.ParseAdd(Html);

        var unknownId = await api.GetAsync($"projects/{Guid.NewGuid()}", Ct);
        var unknownRoute = await api.GetAsync("no-such-route", Ct);
        var failure = await api.GetAsync("projects?__fail", Ct);
        using var plain = App.CreateClient();
        var uiWithoutHtml = await plain.GetAsync("/no/such/page", Ct);

        await unknownId.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await unknownRoute.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var problem = await failure.AssertProblemAsync(HttpStatusCode.InternalServerError, "internal_error");
        Assert.Equal(failure.Headers.GetValues("X-Request-Id").Single(), problem.GetProperty("requestId").GetString());
        foreach (var response in new[] { unknownId, unknownRoute, failure, uiWithoutHtml })
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task CreatingAToken_Redirects_ShowsTheSecretOnce_AndAReloadMakesNoSecondToken()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        const string page = "/settings/integrations/api";

        var created = await web.PostFormAsync($"{page}?handler=Create", new() { ["Input.Name"] = "import" }, page);

        await created.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(page, created.Headers.Location?.OriginalString);
        Assert.DoesNotContain(created.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.Contains("pw_", StringComparison.Ordinal));
        var shown = await web.GetPageAsync(page);
        var secret = Secret().Match(shown).Groups[1].Value;
        Assert.StartsWith("pw_", secret, StringComparison.Ordinal);
        Assert.Contains("The token &#x201C;import&#x201D; is created.", shown, StringComparison.Ordinal);
        var reloaded = await web.GetPageAsync(page);
        Assert.DoesNotContain("id=\"token-secret\"", reloaded, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, reloaded, StringComparison.Ordinal);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.ApiTokens.CountAsync(t => t.Name == "import", Ct)));
        var api = App.ApiClient(secret);
        await (await api.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARefusedToken_IsShownInTheForm_WithoutARedirect_AndNamesTheLabel()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        const string page = "/settings/integrations/api";

        var refused = await (await web.PostFormAsync($"{page}?handler=Create", new() { ["Input.Name"] = "", ["Input.ExpiresAt"] = "2000-01-01" }, page))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.Contains("Name muss angegeben werden.", Summary().Match(refused).Value, StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.ApiTokens.CountAsync(Ct)));
    }

    [Fact]
    public async Task RotatingAWebhooksSecret_Redirects_AndShowsTheNewSecretOnce()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (api, _) = await App.ApiClientAsync(cloud);
        var hook = await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "*" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"/settings/integrations/webhooks/{hook.Id()}";

        var rotated = await web.PostFormAsync($"{page}?handler=Rotate", new(), page);

        await rotated.AssertStatusAsync(HttpStatusCode.Redirect);
        var shown = await web.GetPageAsync(page);
        var secret = await App.InCloudAsync(cloud.Id, db => db.Webhooks.Where(w => w.Id == hook.Id()).Select(w => w.Secret).SingleAsync(Ct));
        Assert.Contains($"value=\"{secret}\"", WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, WebUtility.HtmlDecode(await web.GetPageAsync(page)), StringComparison.Ordinal);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.AuditEntries.CountAsync(a => a.Action == "webhook.secret_rotated", Ct)));
    }

    [Fact]
    public async Task AnInvitation_Redirects_AndShowsItsLinkOnce()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        var invited = await web.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = $"ivy-{Guid.NewGuid():N}@example.test", ["Input.FirstName"] = "Ivy", ["Input.LastName"] = "Invitee",
            ["Input.SecurityGroup"] = "BasicRights",
        }, "/settings/users");

        await invited.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("/signup?email=", await web.GetPageAsync("/settings/users"), StringComparison.Ordinal);
        Assert.DoesNotContain("/signup?email=", await web.GetPageAsync("/settings/users"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "This e-mail address is already a user of this cloud.")]
    [InlineData("de", "Diese E-Mail-Adresse gehört schon zu einem Benutzer dieser Cloud.")]
    public async Task InvitingSomeoneWhoIsAUserAlready_IsRefusedInThePagesLanguage_NotInTheServicesEnglish(string language, string sentence)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var refused = WebUtility.HtmlDecode(await (await web.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = cloud.OwnerEmail, ["Input.FirstName"] = "Olga", ["Input.LastName"] = "Again", ["Input.SecurityGroup"] = "BasicRights",
        }, "/settings/users")).AssertStatusAsync(HttpStatusCode.OK));

        Assert.Contains(sentence, refused, StringComparison.Ordinal);
        Assert.DoesNotContain($"{cloud.OwnerEmail} is already a user", refused, StringComparison.Ordinal); // the service's sentence
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(Ct)));
    }

    [Fact]
    public async Task ACommentAndAChecklistEntry_Redirect_WithTheirSuccessMessage()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (api, _) = await App.ApiClientAsync(cloud);
        var project = await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await api.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"/tasks/{task.Id()}";

        await (await web.PostFormAsync($"{page}?handler=Comment", new() { ["Comment.Text"] = "Hello" }, page)).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("The comment is added.", await web.GetPageAsync(page), StringComparison.Ordinal);
        await (await web.PostFormAsync($"{page}?handler=Entry", new() { ["Entry.Title"] = "Check" }, page)).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("The checklist entry is added.", await web.GetPageAsync(page), StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"flash\"", await web.GetPageAsync(page), StringComparison.Ordinal);
    }

    [GeneratedRegex("<div class=\"error error-summary\"[^>]*>.*?</div>", RegexOptions.Singleline)]
    private static partial Regex Summary();

    [GeneratedRegex("class=\"error error-summary\"")]
    private static partial Regex Summaries();

    [GeneratedRegex("id=\"token-secret\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Secret();

    private static Regex FieldMessage(string id, string text) => new($"id=\"{Regex.Escape(id)}\"[^>]*>(<span[^>]*>)?{Regex.Escape(text)}<");
}

public sealed class ErrorPagesTestsOnSqlite(SqliteApp app) : ErrorPagesTests(app), IClassFixture<SqliteApp>;

public sealed class ErrorPagesTestsOnPostgres(PostgresApp app) : ErrorPagesTests(app), IClassFixture<PostgresApp>;
