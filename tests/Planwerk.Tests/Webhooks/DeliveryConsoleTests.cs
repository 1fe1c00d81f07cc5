using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// The delivery console in the API (#16): each attempt's request and response headers, filters by status, action, time range
/// and search, redeliveries linked to their original, "retry now" of a pending delivery, and bulk redelivery of a filtered set.
/// </summary>
public abstract class DeliveryConsoleTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task EachAttempt_KeepsTheRequestHeadersAsSent_SignatureShortenedAuthHidden_AndTheResponseHeaders()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (202, new Dictionary<string, string> { ["X-Receiver"] = "yes" });
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var hook = (await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = new[] { "ProjectCreated" },
            authenticationHeaderName = "X-Api-Key", authenticationHeaderValue = "s3cret-value" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();

        var sent = Assert.Single(receiver.Requests);
        var attempt = Assert.Single((await client.SingleDeliveryAsync(hook)).Attempts());
        var request = attempt.GetProperty("requestHeaders");
        Assert.Equal(sent.WebhookId, request.GetProperty("webhook-id").GetString());
        Assert.Equal(sent.Headers["webhook-timestamp"], request.GetProperty("webhook-timestamp").GetString());
        Assert.Equal("application/json", request.GetProperty("Content-Type").GetString());
        Assert.Equal(AttemptHeaders.Hidden, request.GetProperty("X-Api-Key").GetString());
        Assert.DoesNotContain("s3cret-value", attempt.GetRawText(), StringComparison.Ordinal);
        // The signature: its first characters, enough to tell two apart, never the whole (which would let a reader replay it).
        var full = sent.Headers["webhook-signature"];
        var shown = request.GetProperty("webhook-signature").GetString()!;
        Assert.StartsWith(full[..(3 + AttemptHeaders.SignaturePrefixLength)], shown, StringComparison.Ordinal);
        Assert.EndsWith("…", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(full[3..], attempt.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(202, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal("yes", attempt.GetProperty("responseHeaders").GetProperty("X-Receiver").GetString());
    }

    [Fact]
    public async Task AnAttemptWithoutResponse_KeepsItsRequestHeaders_AndNoResponseHeaders()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(WebhookReceiver.ClosedPortUrl() + "/gone", "ProjectCreated");
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();

        var attempt = Assert.Single((await client.SingleDeliveryAsync(hook)).Attempts());
        Assert.Equal("connection", attempt.GetProperty("errorKind").GetString());
        Assert.True(attempt.GetProperty("requestHeaders").TryGetProperty("webhook-id", out _));
        Assert.Empty(attempt.GetProperty("responseHeaders").EnumerateObject());
    }

    [Fact]
    public async Task TheLog_FiltersByStatusActionTimeAndSearch_AndAnEmptyMatchIsAnEmptyList()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => (r.Path == "/x" && JsonDocument.Parse(r.Body).RootElement.GetProperty("action").GetString() == "TaskCreated" ? 500 : 200, null);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync($"{receiver.Url}/x", "ProjectCreated", "TaskCreated");
        var start = App.Time.GetUtcNow();
        var project = await client.CreateProjectAsync("first");
        App.MoveTo(start.AddDays(2));
        await client.CreateProjectAsync("second");
        await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project })).AssertStatusAsync(HttpStatusCode.Created);
        await App.RunWebhookWorkerOnceAsync();
        var all = await client.DeliveriesAsync(hook);
        Assert.Equal(3, all.Count);

        string[] Actions(IEnumerable<JsonElement> log) => [.. log.Select(d => d.GetProperty("action").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(["ProjectCreated", "ProjectCreated"], Actions(await client.DeliveriesAsync(hook, "action=ProjectCreated")));
        var pending = Assert.Single(await client.DeliveriesAsync(hook, "status=pending"));
        Assert.Equal("TaskCreated", pending.GetProperty("action").GetString());
        Assert.Equal(["ProjectCreated", "ProjectCreated"], Actions(await client.DeliveriesAsync(hook, "status=succeeded")));
        var day1 = Uri.EscapeDataString(start.AddDays(1).ToString("O", CultureInfo.InvariantCulture));
        Assert.Equal(["ProjectCreated"], Actions(await client.DeliveriesAsync(hook, $"to={day1}")));
        Assert.Equal(["ProjectCreated", "TaskCreated"], Actions(await client.DeliveriesAsync(hook, $"from={day1}")));
        Assert.Empty(await client.DeliveriesAsync(hook, $"from={day1}&action=ProjectCreated&status=failed"));

        // Search: the payload id (the webhook-id header), the delivery id, or the event's number.
        var one = all[1];
        var byPayload = Assert.Single(await client.DeliveriesAsync(hook, $"search={one.GetProperty("payloadId").GetGuid()}"));
        Assert.Equal(one.Id(), byPayload.Id());
        Assert.Equal(one.Id(), Assert.Single(await client.DeliveriesAsync(hook, $"search={one.Id()}")).Id());
        Assert.Equal(one.Id(), Assert.Single(await client.DeliveriesAsync(hook, $"search=%23{one.GetProperty("sequence").GetInt64()}")).Id());
        Assert.Empty(await client.DeliveriesAsync(hook, $"search={Guid.NewGuid()}"));

        // A filter the API cannot read is a 400 naming it, never an unfiltered list.
        foreach (var (query, pointer) in new[] { ("status=lost", "/status"), ("action=NoSuchThing", "/action"), ("from=yesterday", "/from"),
                     ("search=not-an-id", "/search"), ($"from={day1}&to={day1}", "/to") })
        {
            var problem = await (await client.GetAsync($"webhooks/{hook}/deliveries?{query}", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
            Assert.Equal(pointer, Assert.Single(problem.GetProperty("errors").EnumerateArray()).GetProperty("pointer").GetString());
        }
    }

    [Fact]
    public async Task ThePagesOfAFilteredLog_KeepTheFilterInTheirLink()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        for (var i = 0; i < 3; i++)
        {
            await client.CreateProjectAsync();
            await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        }

        await App.RunWebhookWorkerOnceAsync();
        var seen = new List<Guid>();
        var next = $"webhooks/{hook}/deliveries?action=Ping&limit=2";
        while (next is not null)
        {
            var response = await client.GetAsync(next, Ct);
            var page = await response.AssertJsonAsync(HttpStatusCode.OK);
            Assert.All(page.EnumerateArray(), d => Assert.Equal("Ping", d.GetProperty("action").GetString()));
            seen.AddRange(page.EnumerateArray().Select(d => d.Id()));
            next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1].Replace("/api/core/", "", StringComparison.Ordinal) : null;
        }

        Assert.Equal(3, seen.Distinct().Count());
    }

    [Fact]
    public async Task ARedelivery_NamesItsOriginal_AndTheSearchFindsIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        var original = await client.SingleDeliveryAsync(hook);
        Assert.Equal(JsonValueKind.Null, original.GetProperty("redeliveryOf").ValueKind);

        var again = await (await client.PostAsync($"webhooks/{hook}/deliveries/{original.Id()}/redeliver", null, Ct)).AssertJsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(original.Id(), again.GetProperty("redeliveryOf").GetGuid());
        Assert.Equal(original.GetProperty("payloadId").GetGuid(), again.GetProperty("payloadId").GetGuid());
        var both = await client.DeliveriesAsync(hook, $"search={original.GetProperty("payloadId").GetGuid()}");
        Assert.Equal([again.Id(), original.Id()], both.Select(d => d.Id()));
    }

    [Fact]
    public async Task RetryNow_SendsAPendingDeliveryAtOnce_AndRefusesOneThatIsNotPending()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => (receiver.Count <= 1 ? 503 : 200, null);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        var waiting = await client.SingleDeliveryAsync(hook);
        Assert.Equal("pending", waiting.Status());
        Assert.True(waiting.Instant("nextAttemptAt") > App.Time.GetUtcNow(), "the retry should wait for its back-off");
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count); // not before its time

        var moved = await (await client.PostAsync($"webhooks/{hook}/deliveries/{waiting.Id()}/retry", null, Ct)).AssertJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(App.Time.GetUtcNow(), moved.Instant("nextAttemptAt"));
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(2, receiver.Count);
        var done = await client.SingleDeliveryAsync(hook);
        Assert.Equal("succeeded", done.Status());
        await (await client.PostAsync($"webhooks/{hook}/deliveries/{done.Id()}/retry", null, Ct)).AssertProblemAsync(HttpStatusCode.Conflict, "delivery_not_pending");
        await (await client.PostAsync($"webhooks/{hook}/deliveries/{Guid.NewGuid()}/retry", null, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(2, receiver.Count);
    }

    [Fact]
    public async Task BulkRedelivery_SendsEachMatchingEventOnce_LeavesOutWhatIsInFlight_AndRefusesAnOversizedSet()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        for (var i = 0; i < 3; i++)
        {
            await client.CreateProjectAsync();
        }

        await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(4, receiver.Count);

        var bulk = await (await client.PostJsonAsync($"webhooks/{hook}/deliveries/redeliver", new { action = "ProjectCreated", status = "succeeded" }))
            .AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, bulk.GetProperty("redelivered").GetInt32());
        // Asked again before they went out: the events are pending again already, nothing is queued twice.
        var twice = await (await client.PostJsonAsync($"webhooks/{hook}/deliveries/redeliver", new { action = "ProjectCreated" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, twice.GetProperty("redelivered").GetInt32());
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(7, receiver.Count);
        var log = await client.DeliveriesAsync(hook);
        Assert.Equal(3, log.Count(d => d.GetProperty("redeliveryOf").ValueKind == JsonValueKind.String));
        Assert.Equal(4, log.Select(d => d.GetProperty("payloadId").GetGuid()).Distinct().Count());

        var bad = await (await client.PostJsonAsync($"webhooks/{hook}/deliveries/redeliver", new { status = "lost", action = "Nope", search = "?" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(["/action", "/search", "/status"], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).Order(StringComparer.Ordinal));

        // More finished deliveries match than one request may send again: refused, and nothing is queued.
        await App.InCloudAsync(cloud.Id, async db =>
        {
            var sequence = await db.WebhookDeliveries.Where(d => d.WebhookId == hook).Select(d => d.EventSequence).FirstAsync(Ct);
            var now = App.Time.GetUtcNow().UtcDateTime;
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, WebhookService.BulkRedeliverMax).Select(_ => new WebhookDelivery
            {
                CloudId = cloud.Id, WebhookId = hook, EventSequence = sequence, Status = DeliveryStatus.Failed, NextAttemptAt = now, CreatedAt = now,
            }));
            return await db.SaveChangesAsync(Ct);
        });
        var count = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(Ct));
        await (await client.PostJsonAsync($"webhooks/{hook}/deliveries/redeliver", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "too_many_deliveries");
        Assert.Equal(count, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(Ct)));
        var narrowed = await (await client.PostJsonAsync($"webhooks/{hook}/deliveries/redeliver", new { status = "failed" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, narrowed.GetProperty("redelivered").GetInt32()); // exactly the cap matches: one event, sent again once
    }
}

public sealed class DeliveryConsoleTestsOnSqlite(SqliteApp app) : DeliveryConsoleTests(app), IClassFixture<SqliteApp>;

public sealed class DeliveryConsoleTestsOnPostgres(PostgresApp app) : DeliveryConsoleTests(app), IClassFixture<PostgresApp>;
