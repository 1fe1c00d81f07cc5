using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// Shapes factro clients rely on (CORE-API.md "Shapes"): <c>customFields</c> is always an object, <c>{}</c> when there are
/// none, on every read, list, batch result, webhook delivery and catch-up payload; batch problems look like any problem.
/// </summary>
public abstract class FactroShapesTests(PlanwerkApp app) : ProviderTest(app)
{
    private static void AssertEmptyObject(JsonElement entity, string what)
    {
        var fields = entity.GetProperty("customFields");
        Assert.True(fields.ValueKind == JsonValueKind.Object, $"{what}: customFields is {fields.ValueKind}, not an object");
        Assert.Empty(fields.EnumerateObject());
    }

    [Fact]
    public async Task WithoutCustomFields_ProjectsPackagesAndTasks_AnswerAnEmptyObject_OnEveryReadListAndBatch()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);

        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var package = await (await client.PostJsonAsync($"projects/{project.Id()}/packages", new { title = "A" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = package.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        AssertEmptyObject(project, "created project");
        AssertEmptyObject(package, "created package");
        AssertEmptyObject(task, "created task");

        AssertEmptyObject(await (await client.GetAsync($"projects/{project.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK), "project");
        AssertEmptyObject(await (await client.GetAsync($"packages/{package.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK), "package");
        AssertEmptyObject(await (await client.GetAsync($"tasks/{task.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK), "task");
        foreach (var (url, what) in new[] { ("projects", "project list"), ($"projects/{project.Id()}/packages", "package list"), ("tasks", "task list"),
            ($"tasks/by-project/{project.Id()}", "tasks of the project"), ("projects?limit=1", "a page of projects") })
        {
            var list = await (await client.GetAsync(url, Ct)).AssertJsonAsync(HttpStatusCode.OK);
            AssertEmptyObject(Assert.Single(list.EnumerateArray()), what);
        }

        var projects = await (await client.PostJsonAsync("projects/projects", new[] { new { title = "Q" } })).AssertJsonAsync(HttpStatusCode.Created);
        AssertEmptyObject(Assert.Single(projects.EnumerateArray()), "batch-created project");
        var tasks = await (await client.PostJsonAsync("tasks/tasks", new object[] { new { title = "U", targetParentId = project.Id() }, new { title = "" } }))
            .AssertJsonAsync(HttpStatusCode.OK);
        AssertEmptyObject(tasks[0].GetProperty("item"), "batch-created task");

        // Cleared with an explicit null: still an object.
        var cleared = await (await client.PutJsonAsync($"tasks/{task.Id()}", new { customFields = (object?)null })).AssertJsonAsync(HttpStatusCode.OK);
        AssertEmptyObject(cleared, "task after customFields: null");

        // A failed batch item's problem has the shape of every problem: type, code, message, requestId.
        var error = tasks[1].GetProperty("error");
        Assert.Equal(JsonValueKind.Null, tasks[1].GetProperty("item").ValueKind);
        Assert.Equal("validation_failed", error.GetProperty("code").GetString());
        Assert.Equal("urn:planwerk:error:validation_failed", error.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("requestId").GetString()));
    }

    [Fact]
    public async Task WebhookChanges_AndTheCatchUp_CarryCustomFieldsAsObjects_AndMatchTheDocumentedPayload()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = new[] { "TaskUpdated" } })).AssertStatusAsync(HttpStatusCode.Created);

        await (await client.PutJsonAsync($"tasks/{task.Id()}", new { customFields = new { ticket = "T-1" } })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var request = Assert.Single(receiver.Requests);
        var contract = await OpenApiContractHandler.ForAsync(App);
        contract.CheckSchema("WebhookEventPayload", System.Text.Encoding.UTF8.GetString(request.Body));
        var change = JsonDocument.Parse(request.Body).RootElement.GetProperty("context").GetProperty("changes").GetProperty("customFields");
        Assert.Equal(JsonValueKind.Object, change.GetProperty("old").ValueKind);
        Assert.Empty(change.GetProperty("old").EnumerateObject());
        Assert.Equal("T-1", change.GetProperty("new").GetProperty("ticket").GetString());

        var payloads = await (await client.GetAsync("webhook/payload/2026-01-01", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var caughtUp = Assert.Single(payloads.EnumerateArray()).GetProperty("context").GetProperty("changes").GetProperty("customFields");
        Assert.Equal(JsonValueKind.Object, caughtUp.GetProperty("old").ValueKind);
        Assert.Equal("T-1", caughtUp.GetProperty("new").GetProperty("ticket").GetString());
    }
}

public sealed class FactroShapesTestsOnSqlite(SqliteApp app) : FactroShapesTests(app), IClassFixture<SqliteApp>;

public sealed class FactroShapesTestsOnPostgres(PostgresApp app) : FactroShapesTests(app), IClassFixture<PostgresApp>;
