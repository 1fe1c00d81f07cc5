using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>An action fires for every change, whichever door it came through: batch routes too.</summary>
public abstract class WebhookBatchTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task ATaskBatchCreate_SendsOneTaskCreatedPerCreatedTask_AndNoneForTheItemThatFailed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, project) = await CloudWithProjectAsync();
        await client.CreateWebhookAsync(receiver.Url, "TaskCreated");

        var results = await (await client.PostJsonAsync("tasks/tasks", new object[]
        {
            new { title = "one", targetParentId = project },
            new { title = "", targetParentId = project },
            new { title = "three", targetParentId = project },
        })).AssertJsonAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var created = results.EnumerateArray().Where(r => r.GetProperty("status").GetInt32() == 201).Select(r => r.GetProperty("item").Id()).ToList();
        Assert.Equal(2, created.Count);
        var payloads = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.All(payloads, p => Assert.Equal("TaskCreated", p.GetProperty("action").GetString()));
        Assert.Equal(created.Order(), payloads.Select(p => p.GetProperty("context").GetProperty("entityId").GetGuid()).Order());
    }

    [Fact]
    public async Task ATaskBatchUpdate_SendsTaskUpdatedPerChangedTask()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, project) = await CloudWithProjectAsync();
        var a = (await (await client.PostJsonAsync("tasks", new { title = "a", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var b = (await (await client.PostJsonAsync("tasks", new { title = "b", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await client.CreateWebhookAsync(receiver.Url, "TaskUpdated");

        await (await client.PutJsonAsync("tasks/tasks", new object[] { new { id = a, title = "a2" }, new { id = b, title = "b2" } }))
            .AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var changes = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("context"))
            .ToDictionary(c => c.GetProperty("entityId").GetGuid(), c => c.GetProperty("changes").GetProperty("title").GetProperty("new").GetString());
        Assert.Equal(new Dictionary<Guid, string?> { [a] = "a2", [b] = "b2" }, changes);
    }

    [Fact]
    public async Task AnAtomicProjectBatch_SendsOneProjectCreatedPerProject()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (client, _) = await CloudWithProjectAsync();
        await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");

        var created = await (await client.PostJsonAsync("projects/projects", new object[] { new { title = "x" }, new { title = "y" }, new { title = "z" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(created.EnumerateArray().Select(p => p.Id()).Order(),
            receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("context").GetProperty("entityId").GetGuid()).Order());
    }

    private async Task<(HttpClient Client, Guid Project)> CloudWithProjectAsync()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        return (client, await client.CreateProjectAsync());
    }
}

public sealed class WebhookBatchTestsOnSqlite(SqliteApp app) : WebhookBatchTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookBatchTestsOnPostgres(PostgresApp app) : WebhookBatchTests(app), IClassFixture<PostgresApp>;
