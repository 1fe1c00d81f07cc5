using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.RegularExpressions;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>Every state, error kind and cancel reason the pages can show has its words in English and German.</summary>
public sealed class WebhookStatusTextTests
{
    private static readonly ResourceManager Texts = new(typeof(Planwerk.Infrastructure.Web.Text).FullName!, typeof(Planwerk.Infrastructure.Web.Text).Assembly);

    public static TheoryData<string> Keys => new(
        Enum.GetValues<WebhookState>().Select(s => "Webhooks.State." + s.ToWire())
            .Concat(Enum.GetValues<DeliveryCancelReason>().Select(r => "Webhooks.CancelReason." + r.ToWire()))
            .Concat(Enum.GetValues<WebhookDisabledReason>().Select(r => "Webhooks.Reason." + r.ToWire()))
            .Concat(new[] { "timeout", "connection", "tls", "redirect", "status", "not_allowed", "unknown" }.Select(k => "Webhooks.ErrorKind." + k)));

    [Theory]
    [MemberData(nameof(Keys))]
    public void HasAnEnglishAndAGermanText(string key)
    {
        var english = Texts.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.GetString(key);
        var german = Texts.GetResourceSet(CultureInfo.GetCultureInfo("de"), true, false)!.GetString(key);
        Assert.False(string.IsNullOrWhiteSpace(english), $"{key} has no English text");
        Assert.False(string.IsNullOrWhiteSpace(german), $"{key} has no German text");
        Assert.NotEqual(english, german);
    }

    [Fact]
    public void TheState_FollowsWhatIsTrue_DisabledBeforeOffBeforePausedBeforeFailing()
    {
        Webhook Hook(bool active, WebhookDisabledReason? reason, DateTime? failingSince) => new()
        {
            CallbackUri = "https://example.com", ActionTypes = "*", Secret = "whsec_x", IsActive = active, DisabledReason = reason, FailingSince = failingSince,
            ConsecutiveFailures = failingSince is null ? 0 : 3,
        };
        var since = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);

        Assert.Equal(WebhookState.Active, WebhookStatus.StateOf(Hook(true, null, null), webhooksOn: true));
        Assert.Equal(WebhookState.Failing, WebhookStatus.StateOf(Hook(true, null, since), webhooksOn: true));
        Assert.Equal(WebhookState.Paused, WebhookStatus.StateOf(Hook(false, WebhookDisabledReason.Manual, since), webhooksOn: true));
        Assert.Equal(WebhookState.Off, WebhookStatus.StateOf(Hook(true, null, since), webhooksOn: false));
        Assert.Equal(WebhookState.Off, WebhookStatus.StateOf(Hook(false, WebhookDisabledReason.Manual, null), webhooksOn: false));
        Assert.Equal(WebhookState.Disabled, WebhookStatus.StateOf(Hook(false, WebhookDisabledReason.Gone, null), webhooksOn: false));
        Assert.Equal(WebhookState.Disabled, WebhookStatus.StateOf(Hook(false, WebhookDisabledReason.Failing, since), webhooksOn: true));
    }
}

/// <summary>
/// The webhook list and detail page say what is true now, in the API's words (<c>status</c>): a failing endpoint is
/// "failing since … (HTTP 401, n failed attempts in a row)", never a green "Active"; paused, off and disabled say why;
/// cancel reasons are sentences, in English and German.
/// </summary>
public abstract partial class WebhookStatusPageTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string List = "/settings/integrations/webhooks";

    [Fact]
    public async Task AFailingEndpoint_IsShownFailingSinceItsFirstFailure_WithTheStatusAndTheCount_UntilADeliverySucceeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (401, null);
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        var firstFailure = App.Time.GetUtcNow();
        await App.RunWebhookWorkerOnceAsync();
        App.Time.Advance(TimeSpan.FromHours(1)); // the retry (due after 5 s) goes at 11:00
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Count);

        var api = await client.WebhookAsync(hook);
        Assert.Equal(("failing", 2, true), (api.GetProperty("status").GetString(), api.GetProperty("consecutiveFailures").GetInt32(), api.GetProperty("isActive").GetBoolean()));
        Assert.Equal(firstFailure, api.Instant("failingSince"));
        using var web = await WebSession.SignInAsync(App, cloud);
        foreach (var page in new[] { List, $"{List}/{hook}" })
        {
            var html = await web.GetPageAsync(page);
            var shown = Regex.Match(State(html, "failing"), @"^Failing since (.+) UTC \(HTTP 401, 2 failed attempts in a row\)$");
            Assert.True(shown.Success, State(html, "failing"));
            Assert.Contains("2026", shown.Groups[1].Value, StringComparison.Ordinal);
            Assert.Contains("10:00", shown.Groups[1].Value, StringComparison.Ordinal); // the first failure, not the last (11:00)
            Assert.DoesNotContain("class=\"status-on\" data-webhook-state", html, StringComparison.Ordinal);
        }

        receiver.Respond = _ => (204, null);
        App.Time.Advance(TimeSpan.FromMinutes(10));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal("active", (await client.WebhookAsync(hook)).GetProperty("status").GetString());
        Assert.Equal("Active", State(await web.GetPageAsync(List), "active"));
    }

    [Fact]
    public async Task AnEndpointThatCannotBeReached_IsFailingWithNoConnection_InEnglishAndGerman()
    {
        var (cloud, client, hook) = await CloudWithWebhookAsync("http://127.0.0.1:9/nobody");
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();

        using var web = await WebSession.SignInAsync(App, cloud);
        Assert.Matches(@"^Failing since .+ UTC \(no connection, 1 failed attempts in a row\)$", State(await web.GetPageAsync($"{List}/{hook}"), "failing"));
        await GermanAsync(web);
        Assert.Matches(@"^Fehlerhaft seit .+ UTC \(keine Verbindung, 1 fehlgeschlagene Versuche in Folge\)$", State(await web.GetPageAsync(List), "failing"));
    }

    [Fact]
    public async Task PausedOffAndDisabled_SayWhy_OnTheListAndTheDetail_AndCancelReasonsAreSentences()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => (r.Path == "/gone" ? 410 : 204, null);
        var (cloud, client, paused) = await CloudWithWebhookAsync($"{receiver.Url}/paused");
        var (gone, _) = await client.CreateWebhookAsync($"{receiver.Url}/gone", "ProjectCreated");
        await client.CreateProjectAsync();
        await (await client.PutJsonAsync($"webhooks/{paused}", new { isActive = false })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync(); // gone answers 410; the paused one's delivery waits

        Assert.Equal("paused", (await client.WebhookAsync(paused)).GetProperty("status").GetString());
        Assert.Equal("disabled", (await client.WebhookAsync(gone)).GetProperty("status").GetString());
        using var web = await WebSession.SignInAsync(App, cloud);
        Assert.Equal("Paused (by hand)", State(await web.GetPageAsync($"{List}/{paused}"), "paused"));
        Assert.Equal("Disabled: the receiver answered 410 Gone", State(await web.GetPageAsync($"{List}/{gone}"), "disabled"));

        await App.SetSwitchAsync(cloud, webhooks: false); // cancels the paused webhook's pending delivery
        var list = await web.GetPageAsync(List);
        Assert.Equal("Off: the owner switched webhooks off", State(list, "off"));
        Assert.Equal("Disabled: the receiver answered 410 Gone", State(list, "disabled")); // stays disabled, whatever the switch
        var detail = await web.GetPageAsync($"{List}/{paused}");
        Assert.Equal("Off: the owner switched webhooks off", State(detail, "off"));
        Assert.Equal("cancelled: the owner switched webhooks off", CancelReason(detail, "webhooks_disabled"));

        await GermanAsync(web);
        var german = await web.GetPageAsync($"{List}/{paused}");
        Assert.Equal("Aus: Der Inhaber hat Webhooks ausgeschaltet", State(german, "off"));
        Assert.Equal("abgebrochen: Der Inhaber hat Webhooks ausgeschaltet", CancelReason(german, "webhooks_disabled"));
        Assert.Equal("Deaktiviert: der Empfänger antwortete 410 Gone", State(await web.GetPageAsync($"{List}/{gone}"), "disabled"));
    }

    private async Task<(TestCloud Cloud, HttpClient Client, Guid Webhook)> CloudWithWebhookAsync(string url)
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        return (cloud, client, hook);
    }

    private static async Task GermanAsync(WebSession web) =>
        await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = List }, List)).AssertStatusAsync(HttpStatusCode.Redirect);

    /// <summary>The one status shown in <paramref name="state"/>, as text.</summary>
    private static string State(string html, string state) =>
        WebUtility.HtmlDecode(Assert.Single(StateSpan().Matches(html), m => m.Groups[1].Value == state).Groups[2].Value);

    private static string CancelReason(string html, string reason) =>
        WebUtility.HtmlDecode(Assert.Single(CancelReasonDiv().Matches(html), m => m.Groups[1].Value == reason).Groups[2].Value);

    [GeneratedRegex("<span class=\"[^\"]*\" data-webhook-state=\"([a-z]+)\">([^<]*)</span>")]
    private static partial Regex StateSpan();

    [GeneratedRegex("<div class=\"muted\" data-cancel-reason=\"([a-z_]+)\">([^<]*)</div>")]
    private static partial Regex CancelReasonDiv();
}

public sealed class WebhookStatusPageTestsOnSqlite(SqliteApp app) : WebhookStatusPageTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookStatusPageTestsOnPostgres(PostgresApp app) : WebhookStatusPageTests(app), IClassFixture<PostgresApp>;
