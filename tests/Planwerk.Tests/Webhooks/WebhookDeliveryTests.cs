using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>Webhooks end to end: API change → outbox → worker → a real receiver on 127.0.0.1.</summary>
public abstract class WebhookDeliveryTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AChangeThroughTheApi_ProducesExactlyOneSignedDeliveryPerMatchingWebhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud);
        var tasksHook = await (await client.PostJsonAsync("webhooks", new { callbackUri = $"{receiver.Url}/tasks", actionTypes = new[] { "TaskCreated" },
            authenticationHeaderName = "X-Api-Key", authenticationHeaderValue = "s3cret" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("webhooks", new { callbackUri = $"{receiver.Url}/users", actionType = "UserCreated" })).AssertStatusAsync(HttpStatusCode.Created);
        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);

        var task = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        await App.RunWebhookWorkerOnceAsync();

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/tasks", request.Path);
        var secret = tasksHook.GetProperty("secret").GetString()!;
        var timestamp = long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(StandardWebhooksVerifier.Verify(secret, request.Headers["webhook-id"], timestamp, request.Body, request.Headers["webhook-signature"],
            App.Time.GetUtcNow().ToUnixTimeSeconds()), "the signature does not verify");
        Assert.Equal("s3cret", request.Headers["x-api-key"]);
        Assert.StartsWith("Planwerk-Webhooks/", request.Headers["user-agent"], StringComparison.Ordinal);
        var payload = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("TaskCreated", payload.GetProperty("action").GetString());
        Assert.Equal(request.Headers["webhook-id"], payload.GetProperty("id").GetGuid().ToString());
        Assert.Equal(tasksHook.Id(), payload.GetProperty("webhookId").GetGuid());
        Assert.Equal(task.Id(), payload.GetProperty("context").GetProperty("entityId").GetGuid());
        Assert.Equal(project.Id(), payload.GetProperty("context").GetProperty("projectId").GetGuid());
        Assert.Equal(user.Id, payload.GetProperty("context").GetProperty("changedBy").GetGuid());
        Assert.Equal(cloud.Id, payload.GetProperty("mandantId").GetGuid());
        Assert.Equal(1, payload.GetProperty("deliveryAttempts").GetInt32());
        Assert.True(payload.GetProperty("sequence").GetInt64() > 0);

        var log = await (await client.GetAsync($"webhooks/{tasksHook.Id()}/deliveries", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var delivery = Assert.Single(log.EnumerateArray());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(200, Assert.Single(delivery.GetProperty("attemptLog").EnumerateArray()).GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task AnUpdate_SendsTheChangedFields_AndTheSpecificAction()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var executor = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = new[] { "TaskUpdated", "TaskExecutorChanged" } }))
            .AssertStatusAsync(HttpStatusCode.Created);

        await (await client.PutJsonAsync($"tasks/{task.Id()}", new { executorId = executor.Id, title = "T2" })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var byAction = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).ToDictionary(p => p.GetProperty("action").GetString()!);
        Assert.Equal(["TaskExecutorChanged", "TaskUpdated"], byAction.Keys.Order());
        var changes = byAction["TaskUpdated"].GetProperty("context").GetProperty("changes");
        Assert.Equal("T", changes.GetProperty("title").GetProperty("old").GetString());
        Assert.Equal("T2", changes.GetProperty("title").GetProperty("new").GetString());
        Assert.Equal(executor.Id, byAction["TaskExecutorChanged"].GetProperty("context").GetProperty("changes").GetProperty("executorId").GetProperty("new").GetGuid());
    }

    [Fact]
    public async Task EveryDelivery_AnEventAPingAndARedelivery_IsSentAsApplicationJson()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");

        await client.CreateProjectAsync();
        await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await App.RunWebhookWorkerOnceAsync();
        var created = (await client.DeliveriesAsync(hook)).Single(d => d.GetProperty("action").GetString() == "ProjectCreated");
        await (await client.PostAsync($"webhooks/{hook}/deliveries/{created.Id()}/redeliver", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(3, receiver.Count);
        Assert.Equal(["Ping", "ProjectCreated", "ProjectCreated"],
            receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("action").GetString()).Order());
        Assert.All(receiver.Requests, r => Assert.Equal("application/json", r.Headers.GetValueOrDefault("content-type")));
    }

    [Fact]
    public async Task NoWebhook_NoOutboxRows()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);

        await (await client.PostJsonAsync("projects", new { title = "P" })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.CountAsync(Ct)));
    }
}

public sealed class WebhookDeliveryTestsOnSqlite(SqliteApp app) : WebhookDeliveryTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookDeliveryTestsOnPostgres(PostgresApp app) : WebhookDeliveryTests(app), IClassFixture<PostgresApp>;
