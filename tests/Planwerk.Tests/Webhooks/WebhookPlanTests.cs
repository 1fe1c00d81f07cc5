using System.Net;
using System.Text.Json;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>Work-record actions exist only on the professional plan (PRODUCT.md rule 4).</summary>
public abstract class WebhookPlanTests(PlanwerkApp app) : ProviderTest(app)
{
    public static TheoryData<Plan> PlansWithoutWorkRecords => [Plan.Basic, Plan.Team, Plan.Business];

    [Theory]
    [MemberData(nameof(PlansWithoutWorkRecords))]
    public async Task SubscribingAWorkRecordAction_OffProfessional_Answers403PlanFeatureUnavailable_AndWritesNothing(Plan plan)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        foreach (var body in new object[]
        {
            new { callbackUri = "http://127.0.0.1:9/a", actionTypes = new[] { "TaskCreated", "WorkRecordCreated" } },
            new { callbackUri = "http://127.0.0.1:9/b", actionType = "WorkRecordDeleted" },
        })
        {
            var problem = await (await client.PostJsonAsync("webhooks", body)).AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
            Assert.Equal("work_records", problem.GetProperty("feature").GetString());
            Assert.Equal(plan.ToWire(), problem.GetProperty("currentPlan").GetString());
            Assert.Equal(["professional"], problem.GetProperty("requiredPlans").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("/actionTypes", problem.GetProperty("pointer").GetString());
        }

        var (hook, _) = await client.CreateWebhookAsync("http://127.0.0.1:9/c", "TaskCreated");
        await (await client.PutJsonAsync($"webhooks/{hook}", new { actionTypes = new[] { "WorkRecordUpdated" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        var hooks = await (await client.GetAsync("webhooks", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var only = Assert.Single(hooks.EnumerateArray());
        Assert.Equal(["TaskCreated"], only.GetProperty("actionTypes").EnumerateArray().Select(a => a.GetString()));
    }

    [Theory]
    [MemberData(nameof(PlansWithoutWorkRecords))]
    public async Task TheActionList_OffProfessional_HasNoWorkRecordActions(Plan plan)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        var actions = await ActionsAsync(client);

        Assert.DoesNotContain(actions, a => a.StartsWith("WorkRecord", StringComparison.Ordinal));
        Assert.Contains("TaskCreated", actions);
        Assert.Contains("Ping", actions);
    }

    [Fact]
    public async Task OnProfessional_WorkRecordActionsAreListed_CanBeSubscribed_AndFire()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        Assert.Equal(["WorkRecordCreated", "WorkRecordDeleted", "WorkRecordUpdated"],
            (await ActionsAsync(client)).Where(a => a.StartsWith("WorkRecord", StringComparison.Ordinal)).Order());
        await client.CreateWebhookAsync(receiver.Url, "WorkRecordCreated");
        var project = await client.CreateProjectAsync();
        var task = (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var record = (await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", startTime = "09:00", endTime = "10:30", utcOffset = 60, minutesWorked = 90,
            bookedOnReferenceId = task, bookedOnReferenceType = "task",
        })).AssertJsonAsync(HttpStatusCode.Created)).Id();

        await App.RunWebhookWorkerOnceAsync();

        var payload = JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement;
        Assert.Equal("WorkRecordCreated", payload.GetProperty("action").GetString());
        Assert.Equal(record, payload.GetProperty("context").GetProperty("entityId").GetGuid());
    }

    private static async Task<List<string>> ActionsAsync(HttpClient client) =>
        (await (await client.GetAsync("webhooks/actions")).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()!).ToList();
}

public sealed class WebhookPlanTestsOnSqlite(SqliteApp app) : WebhookPlanTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookPlanTestsOnPostgres(PostgresApp app) : WebhookPlanTests(app), IClassFixture<PostgresApp>;
