using System.Globalization;
using System.Net;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>Every action has a label and a description in English and German, and an example payload (#16).</summary>
public sealed class WebhookActionTextTests
{
    private static readonly ResourceManager Texts = new(typeof(Planwerk.Infrastructure.Web.Text).FullName!, typeof(Planwerk.Infrastructure.Web.Text).Assembly);

    public static TheoryData<string> Actions => new(WebhookActions.Catalogue);

    [Theory]
    [MemberData(nameof(Actions))]
    public void HasALabelAndADescription_InEnglishAndGerman_AndAnExamplePayload(string action)
    {
        foreach (var key in new[] { $"WebhookAction.{action}", $"WebhookAction.{action}.Help" })
        {
            var english = Texts.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.GetString(key);
            var german = Texts.GetResourceSet(CultureInfo.GetCultureInfo("de"), true, false)!.GetString(key);
            Assert.False(string.IsNullOrWhiteSpace(english), $"{key} has no English text");
            Assert.False(string.IsNullOrWhiteSpace(german), $"{key} has no German text");
            Assert.NotEqual(english, german);
        }

        var example = JsonDocument.Parse(WebhookExamples.Payload(action)).RootElement;
        Assert.Equal(action, example.GetProperty("action").GetString());
        Assert.Equal(WebhookExamples.EntityType(action), example.GetProperty("context").GetProperty("entityType").GetString());
    }
}

/// <summary>
/// The examples say what is really sent: real changes through the API, read back through factro's catch-up, carry the
/// example's entity type and the same <c>changes</c> fields; and the form offers what the plan has, labelled and grouped.
/// </summary>
public abstract partial class WebhookActionNamesTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task RealPayloads_HaveTheExamplesEntityTypeAndChangedFields()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        await client.CreateWebhookAsync("http://127.0.0.1:9/all", "*");
        var since = App.Time.GetUtcNow();
        var member = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);

        var project = await client.CreateProjectAsync("Website");
        await (await client.PutJsonAsync($"projects/{project}", new { title = "Website relaunch", projectState = "pushedBack", officerId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var task = (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PutJsonAsync($"tasks/{task}", new { executorId = member.Id, officerId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"tasks/{task}/state", new { state = "inProcess" })).AssertStatusAsync(HttpStatusCode.NoContent);
        await (await client.PostJsonAsync($"tasks/{task}/comments", new { text = "Looks good to me." })).AssertStatusAsync(HttpStatusCode.Created);
        var team = (await (await client.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"projects/{project}/read_rights", new { employeeId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"users/{cloud.OwnerId}/substitutes", new { substituteId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);

        var stamp = Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture));
        var payloads = (await (await client.GetAsync($"webhook/payload/{stamp}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        var checkedActions = new List<string>();
        foreach (var payload in payloads)
        {
            var action = payload.GetProperty("action").GetString()!;
            var context = payload.GetProperty("context");
            Assert.True(WebhookExamples.EntityType(action) == context.GetProperty("entityType").GetString(), $"{action}: the example's entity type differs from the real one");
            var example = WebhookExamples.Changes(action);
            var real = context.GetProperty("changes");
            if (action.EndsWith("Updated", StringComparison.Ordinal))
            {
                Assert.Equal(JsonValueKind.Object, real.ValueKind); // which fields depends on the change
                continue;
            }

            Assert.True((example is null) == (real.ValueKind == JsonValueKind.Null), $"{action}: changes {real.ValueKind}, example {(example is null ? "null" : "an object")}");
            if (example is not null)
            {
                Assert.Equal(example.Keys.Order(StringComparer.Ordinal), real.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
            }

            checkedActions.Add(action);
        }

        Assert.Superset(new HashSet<string>
        {
            "ProjectCreated", "ProjectStateChanged", "ProjectOfficerChanged", "TaskCreated", "TaskExecutorChanged", "TaskOfficerChanged", "TaskStateChanged",
            "TaskCommentCreated", "TeamCreated", "TeamMemberAdded", "ReadRightGranted", "SubstituteAdded",
        }, checkedActions.ToHashSet());
    }

    [Fact]
    public void OnBasic_TheProjectOfficersChange_IsNoActionToSubscribe_AsProjectOfficersAreNone()
    {
        Assert.DoesNotContain("ProjectOfficerChanged", WebhookActions.AvailableFor(Plan.Basic));
        Assert.Contains("TaskOfficerChanged", WebhookActions.AvailableFor(Plan.Basic));
        Assert.Contains("ProjectOfficerChanged", WebhookActions.AvailableFor(Plan.Team));
    }

    [Fact]
    public async Task OnBasic_SubscribingTheProjectOfficersChange_Answers403PlanFeatureUnavailable()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        var problem = await (await client.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/a", actionTypes = new[] { "ProjectOfficerChanged" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
        Assert.Equal("/actionTypes", problem.GetProperty("pointer").GetString());
        var actions = (await (await client.GetAsync("webhooks/actions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()).ToList();
        Assert.DoesNotContain("ProjectOfficerChanged", actions);
    }

    [Theory]
    [InlineData(Plan.Basic)]
    [InlineData(Plan.Professional)]
    public async Task TheNewWebhookForm_OffersWhatThePlanHas_WithLabelsDescriptionsExamplesAndSelectAllPerGroup(Plan plan)
    {
        var cloud = await App.CreateCloudAsync(plan);
        await App.SetSwitchAsync(cloud, webhooks: true);
        using var web = await WebSession.SignInAsync(App, cloud);

        var html = WebUtility.HtmlDecode(await web.GetPageAsync("/settings/integrations/webhooks/new"));

        var offered = ActionBox().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(WebhookActions.AvailableFor(plan).Where(a => a != WebhookActions.Ping).Order(StringComparer.Ordinal), offered.Order(StringComparer.Ordinal));
        Assert.Equal(plan == Plan.Professional, offered.Contains("WorkRecordCreated"));
        Assert.Equal(plan != Plan.Basic, offered.Contains("ProjectOfficerChanged"));
        Assert.Contains("Task: state changed <code class=\"muted\">TaskStateChanged</code>", html, StringComparison.Ordinal);
        Assert.Contains("Sent when a task's state changes", html, StringComparison.Ordinal);
        Assert.Contains("\"action\": \"TaskStateChanged\"", html, StringComparison.Ordinal);
        Assert.Contains("data-select-group=\"Task\"", html, StringComparison.Ordinal);
        Assert.Contains("All of “Tasks”", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("name=\"Input.ActionTypes\" value=\"([A-Za-z]+)\" data-group=")]
    private static partial Regex ActionBox();
}

public sealed class WebhookActionNamesTestsOnSqlite(SqliteApp app) : WebhookActionNamesTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookActionNamesTestsOnPostgres(PostgresApp app) : WebhookActionNamesTests(app), IClassFixture<PostgresApp>;
