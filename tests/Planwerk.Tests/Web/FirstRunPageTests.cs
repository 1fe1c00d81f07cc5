using System.Net;
using System.Text.RegularExpressions;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// The owner's first-run checklist on the projects page: four steps (a project, a second person, an API token, a
/// webhook), each ticked once the cloud has one, the list gone when all are; only the owner sees it.
/// </summary>
public abstract partial class FirstRunPageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task TheOwner_SeesFourOpenSteps_EachTickedWhenDone_AndTheListDisappearsWhenAllAre()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        var page = await web.GetPageAsync("/projects");
        Assert.Contains("id=\"first-run\"", page, StringComparison.Ordinal);
        Assert.Equal(["project", "invite", "token", "webhook"], Steps(page, done: false));
        Assert.Empty(Steps(page, done: true));
        Assert.Contains("<a href=\"/projects/new\">Create a project</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/settings/integrations/webhooks/new\">Add a webhook</a>", page, StringComparison.Ordinal);

        // A second person with a token: two steps at once.
        var (client, _) = await App.ApiClientAsync(cloud);
        page = await web.GetPageAsync("/projects");
        Assert.Equal(["invite", "token"], Steps(page, done: true));
        Assert.Equal(["project", "webhook"], Steps(page, done: false));

        await (await client.PostJsonAsync("projects", new { title = "First" })).AssertStatusAsync(HttpStatusCode.Created);
        page = await web.GetPageAsync("/projects");
        Assert.Equal(["webhook"], Steps(page, done: false));

        await using var receiver = await WebhookReceiver.StartAsync();
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = new[] { "TaskCreated" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        page = await web.GetPageAsync("/projects");
        Assert.DoesNotContain("id=\"first-run\"", page, StringComparison.Ordinal);
        Assert.Contains("First", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTheSwitchesOff_TheLastTwoSteps_SendTheOwnerToTheSwitches_InGermanToo()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        await App.SetSwitchAsync(cloud, api: false, webhooks: false);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var page = WebUtility.HtmlDecode(await web.GetPageAsync("/projects"));
        Assert.Contains("Erste Schritte", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/settings/integrations\">Ein API-Token erstellen</a>", page, StringComparison.Ordinal);
        Assert.Contains("die Core API ist aus: zuerst einschalten", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/settings/integrations\">Einen Webhook hinzufügen</a>", page, StringComparison.Ordinal);
        Assert.Contains("Webhooks sind aus: zuerst einschalten", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SecurityGroup.AllRights)]
    [InlineData(SecurityGroup.BasicRights)]
    public async Task NoOneButTheOwner_SeesTheChecklist(SecurityGroup group)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (web, _) = await WebSession.SignInAsNewUserAsync(App, cloud, group);
        using (web)
        {
            var page = await web.GetPageAsync("/projects");
            Assert.Contains("id=\"projects-filter\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"first-run\"", page, StringComparison.Ordinal);
        }
    }

    /// <summary>The steps of the checklist that are (or are not) done, in order.</summary>
    private static List<string> Steps(string html, bool done) =>
        [.. Step().Matches(html).Where(m => m.Groups[2].Success == done).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<li id=\"first-run-([a-z]+)\"( class=\"done\")?>")]
    private static partial Regex Step();
}

public sealed class FirstRunPageTestsOnSqlite(SqliteApp app) : FirstRunPageTests(app), IClassFixture<SqliteApp>;

public sealed class FirstRunPageTestsOnPostgres(PostgresApp app) : FirstRunPageTests(app), IClassFixture<PostgresApp>;
