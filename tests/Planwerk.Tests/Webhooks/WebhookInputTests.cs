using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// What a webhook may hold, as the service's rules say it for every door: a header value HTTP cannot carry verbatim is
/// refused when the webhook is created or changed (422 naming the field, in the API and next to the form's field).
/// </summary>
public abstract class WebhookInputTests(PlanwerkApp app) : ProviderTest(app)
{
    public static TheoryData<string> ValuesHttpCannotCarry => new()
    {
        "Bearer \u00e4pfel", // non-ASCII
        "token\r\nX-Injected: 1", // CR/LF: a second header
        "token\nmore",
        "tok\u0001en", // control characters (NUL is a 400 already: not a string the API reads)
        "tok\u007fen",
        "token\u2028", // a Unicode line separator
        " token", // leading or trailing white space is not carried as sent
        "token\t",
    };

    [Theory]
    [MemberData(nameof(ValuesHttpCannotCarry))]
    public async Task AHeaderValueHttpCannotCarry_IsRefusedOnCreateAndOnChange_NamingTheField(string value)
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        var created = await (await client.PostJsonAsync("webhooks", new
        {
            callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "TaskCreated" }, authenticationHeaderName = "X-Api-Key",
            authenticationHeaderValue = value,
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        AssertHeaderValueError(created);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Webhooks.CountAsync(Ct)));

        var (hook, _) = await client.CreateWebhookAsync("http://127.0.0.1:9/hook", "TaskCreated");
        var changed = await (await client.PutJsonAsync($"webhooks/{hook}", new { authenticationHeaderName = "X-Api-Key", authenticationHeaderValue = value }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        AssertHeaderValueError(changed);
        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.Webhooks.Where(w => w.Id == hook).Select(w => w.AuthenticationHeaderValue).SingleAsync(Ct)));
    }

    [Fact]
    public async Task AHeaderValueWithSpacesAndPunctuationInside_IsSentVerbatim()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        const string value = "Bearer abc.DEF-123_~+/= \"quoted\"\t(x)";
        var hook = await (await client.PostJsonAsync("webhooks", new
        {
            callbackUri = receiver.Url, actionTypes = new[] { "ProjectCreated" }, authenticationHeaderName = "X-Api-Key", authenticationHeaderValue = value,
        })).AssertJsonAsync(HttpStatusCode.Created);

        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();

        Assert.True(hook.GetProperty("hasAuthenticationHeaderValue").GetBoolean());
        Assert.Equal(value, Assert.Single(receiver.Requests).Headers["x-api-key"]);
    }

    [Fact]
    public async Task TheWebhookForm_ShowsTheHeaderValuesRefusal_NextToTheField_InEnglishAndGerman()
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        using var web = await WebSession.SignInAsync(App, cloud);
        var fields = new Dictionary<string, string?>
        {
            ["Input.CallbackUri"] = "http://127.0.0.1:9/hook", ["Input.ActionTypes"] = "TaskCreated", ["Input.AuthenticationHeaderName"] = "X-Api-Key",
            ["Input.AuthenticationHeaderValue"] = "Bearer line\r\nX-Injected: 1",
        };

        var page = await (await web.PostFormAsync("/settings/integrations/webhooks/new", fields)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Matches(ErrorFor("Input.AuthenticationHeaderValue", "only plain ASCII characters, spaces and tabs"), page);

        await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/settings/integrations/webhooks/new" }, "/settings/integrations/webhooks/new")).AssertStatusAsync(HttpStatusCode.Redirect);
        var german = await (await web.PostFormAsync("/settings/integrations/webhooks/new", fields)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Matches(ErrorFor("Input.AuthenticationHeaderValue", "nur einfache ASCII-Zeichen"), german);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Webhooks.CountAsync(Ct)));
    }

    private static void AssertHeaderValueError(JsonElement problem)
    {
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(("/authenticationHeaderValue", "invalid_header"), (error.GetProperty("pointer").GetString(), error.GetProperty("code").GetString()));
    }

    private static Regex ErrorFor(string field, string text) =>
        new($"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>[^<]*{Regex.Escape(text)}", RegexOptions.IgnoreCase);
}

public sealed class WebhookInputTestsOnSqlite(SqliteApp app) : WebhookInputTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookInputTestsOnPostgres(PostgresApp app) : WebhookInputTests(app), IClassFixture<PostgresApp>;
