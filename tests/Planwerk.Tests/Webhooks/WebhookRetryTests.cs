using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>What happens when a receiver fails: the retry schedule, timeouts, refused connections, Retry-After, 410 Gone.</summary>
public abstract class WebhookRetryTests(PlanwerkApp app) : ProviderTest(app)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task AReceiverAnswering500_IsRetriedOnTheSchedule_NeverEarly_AndTheDeliveryFailsAfterTheLastAttempt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count);
        for (var retry = 0; retry < WebhookOptions.RetrySchedule.Length; retry++)
        {
            var delivery = await client.SingleDeliveryAsync(hook);
            Assert.Equal("pending", delivery.Status());
            var due = delivery.Instant("nextAttemptAt");
            var failedAt = delivery.Attempts()[^1].Instant("startedAt");
            var wait = due - failedAt;
            var planned = WebhookOptions.RetrySchedule[retry];
            Assert.InRange(wait, planned * 0.8 - Tick, planned * 1.2 + Tick);

            App.MoveTo(due - Tick);
            await App.RunWebhookWorkerOnceAsync();
            Assert.True(receiver.Count == retry + 1, $"retry {retry + 1} was sent before it was due ({wait} after the failure)");

            App.MoveTo(due + Tick);
            await App.RunWebhookWorkerOnceAsync();
            Assert.True(receiver.Count == retry + 2, $"retry {retry + 1} was not sent once due");
        }

        var failed = await client.SingleDeliveryAsync(hook);
        Assert.Equal("failed", failed.Status());
        Assert.Equal(8, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("nextAttemptAt").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("completedAt").ValueKind);
        var attempts = failed.Attempts();
        Assert.Equal(Enumerable.Range(1, 8), attempts.Select(a => a.GetProperty("number").GetInt32()));
        Assert.All(attempts, a =>
        {
            Assert.Equal(500, a.GetProperty("statusCode").GetInt32());
            Assert.Equal("status", a.GetProperty("errorKind").GetString());
            Assert.Equal("answer 500", a.GetProperty("responseBody").GetString());
            Assert.False(a.GetProperty("succeeded").GetBoolean());
            Assert.True(a.GetProperty("durationMs").GetInt32() >= 0);
        });

        // Every attempt carried the same payload id and counted itself.
        Assert.Single(receiver.Requests.Select(r => r.WebhookId).Distinct());
        Assert.Equal(Enumerable.Range(1, 8), receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("deliveryAttempts").GetInt32()));

        App.Time.Advance(TimeSpan.FromDays(2));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(8, receiver.Count);
    }

    [Fact]
    public async Task AReceiverThatRecoversMidway_EndsTheDeliverySucceeded_WithEveryAttemptInTheLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        App.MoveTo((await client.SingleDeliveryAsync(hook)).Instant("nextAttemptAt") + Tick);
        await App.RunWebhookWorkerOnceAsync();

        receiver.Respond = _ => (204, null);
        App.MoveTo((await client.SingleDeliveryAsync(hook)).Instant("nextAttemptAt") + Tick);
        await App.RunWebhookWorkerOnceAsync();

        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal("succeeded", delivery.Status());
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(204, delivery.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal([500, 500, 204], delivery.Attempts().Select(a => a.GetProperty("statusCode").GetInt32()));
        Assert.Equal(["status", "status", null], delivery.Attempts().Select(a => a.GetProperty("errorKind").GetString()));
        Assert.True(delivery.Attempts()[^1].GetProperty("succeeded").GetBoolean());

        App.Time.Advance(TimeSpan.FromDays(2));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(3, receiver.Count);
    }

    [Fact]
    public async Task AReceiverThatHangsPastTheTimeout_IsRecordedAsATimeout_AndRetried()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();

        Assert.Equal(1, await App.Worker.RunOnceAsync(Ct));
        await receiver.WaitForAsync(1);
        App.Time.Advance(TimeSpan.FromSeconds(15) - Tick);
        await Task.Delay(100, Ct); // a real moment in which a wrong timer would fire
        Assert.Equal(1, App.Worker.InFlightCount);
        Assert.Equal(1, receiver.InFlight);

        App.Time.Advance(Tick);
        await App.Worker.DrainAsync();

        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal("pending", delivery.Status());
        var attempt = Assert.Single(delivery.Attempts());
        Assert.Equal("timeout", attempt.GetProperty("errorKind").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.InRange(attempt.GetProperty("durationMs").GetInt32(), 15_000, 15_100);
        await WebhookReceiver.WaitUntilAsync(() => receiver.InFlight == 0, "the receiver saw the request aborted");

        receiver.Release();
        App.MoveTo(delivery.Instant("nextAttemptAt") + Tick);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Count);
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());
    }

    [Fact]
    public async Task AClosedPort_IsRecordedAsAConnectionFailure_AndRetried()
    {
        var (client, hook) = await CloudWithWebhookAsync(WebhookReceiver.ClosedPortUrl());
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();
        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal("pending", delivery.Status());
        var attempt = Assert.Single(delivery.Attempts());
        Assert.Equal("connection", attempt.GetProperty("errorKind").GetString());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.False(attempt.GetProperty("succeeded").GetBoolean());

        App.MoveTo(delivery.Instant("nextAttemptAt") + Tick);
        await App.RunWebhookWorkerOnceAsync();
        delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal(["connection", "connection"], delivery.Attempts().Select(a => a.GetProperty("errorKind").GetString()));
        Assert.Equal("pending", delivery.Status());
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task RetryAfterOnA429Or503_DelaysTheNextAttemptAtLeastThatLong(int status)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (status, new Dictionary<string, string> { ["Retry-After"] = "600" });
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        var failedAt = App.Time.GetUtcNow();

        await App.RunWebhookWorkerOnceAsync();
        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal(status, Assert.Single(delivery.Attempts()).GetProperty("statusCode").GetInt32());
        Assert.True(delivery.Instant("nextAttemptAt") >= failedAt + TimeSpan.FromSeconds(600) - Tick, $"next attempt at {delivery.Instant("nextAttemptAt")}");

        App.MoveTo(failedAt + TimeSpan.FromSeconds(599));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count);

        receiver.Respond = _ => (200, null);
        App.MoveTo(failedAt + TimeSpan.FromSeconds(600) + Tick);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Count);
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());
    }

    [Theory]
    [InlineData("86400")]
    [InlineData("date")]
    public async Task ARetryAfterBeyondAnHour_IsHonouredForAnHourOnly(string retryAfter)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var failedAt = App.Time.GetUtcNow();
        var header = retryAfter == "date" ? (failedAt + TimeSpan.FromDays(2)).ToString("R", System.Globalization.CultureInfo.InvariantCulture) : retryAfter;
        receiver.Respond = _ => (429, new Dictionary<string, string> { ["Retry-After"] = header });
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();
        var next = (await client.SingleDeliveryAsync(hook)).Instant("nextAttemptAt");
        Assert.InRange(next, failedAt + TimeSpan.FromHours(1) - Tick, failedAt + TimeSpan.FromHours(1) + Tick);

        receiver.Respond = _ => (200, null);
        App.MoveTo(failedAt + TimeSpan.FromHours(1) + Tick);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Count);
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());
    }

    [Fact]
    public async Task ARetryAfterDate_IsHonouredToo()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var failedAt = App.Time.GetUtcNow();
        var retryAt = failedAt + TimeSpan.FromHours(1);
        receiver.Respond = _ => (503, new Dictionary<string, string> { ["Retry-After"] = retryAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture) });
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();
        App.MoveTo(retryAt - TimeSpan.FromSeconds(1));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count);
        Assert.True((await client.SingleDeliveryAsync(hook)).Instant("nextAttemptAt") >= retryAt - TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A410Gone_DisablesTheWebhookAtOnce_WithReasonGone_AndSendsItNothingMore()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (410, null);
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();

        var webhook = await client.WebhookAsync(hook);
        Assert.False(webhook.GetProperty("isActive").GetBoolean());
        Assert.Equal("gone", webhook.GetProperty("disabledReason").GetString());
        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal("failed", delivery.Status());
        Assert.Equal(410, Assert.Single(delivery.Attempts()).GetProperty("statusCode").GetInt32());
        var audit = await (await client.GetAsync("audit-log?action=webhook.auto_disabled", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("targetId").GetGuid() == hook);

        await client.CreateProjectAsync("after");
        App.Time.Advance(TimeSpan.FromDays(1));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count);
    }

    [Fact]
    public async Task ARedirect_IsAFailure_AndIsNotFollowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => r.Path == "/moved" ? (200, null) : (307, new Dictionary<string, string> { ["Location"] = "/moved" });
        var (client, hook) = await CloudWithWebhookAsync($"{receiver.Url}/hook");
        await client.CreateProjectAsync();

        await App.RunWebhookWorkerOnceAsync();

        var attempt = Assert.Single((await client.SingleDeliveryAsync(hook)).Attempts());
        Assert.Equal("redirect", attempt.GetProperty("errorKind").GetString());
        Assert.Equal(307, attempt.GetProperty("statusCode").GetInt32());
        Assert.Equal(["/hook"], receiver.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task APausedWebhook_KeepsItsRetryPending_AndSendsItAsSoonAsItIsResumed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        await (await client.PutJsonAsync($"webhooks/{hook}", new { isActive = false })).AssertStatusAsync(HttpStatusCode.OK);

        App.Time.Advance(TimeSpan.FromHours(1));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(1, receiver.Count);
        Assert.Equal("pending", (await client.SingleDeliveryAsync(hook)).Status());

        receiver.Respond = _ => (200, null);
        await (await client.PutJsonAsync($"webhooks/{hook}", new { isActive = true })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Count);
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());
    }

    private async Task<(HttpClient Client, Guid Webhook)> CloudWithWebhookAsync(string url)
    {
        var cloud = await App.CreateCloudAsync();
        var owner = await App.CreateTokenAsync(cloud, cloud.OwnerId);
        var client = App.ApiClient(owner);
        var (hook, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        return (client, hook);
    }
}

public sealed class WebhookRetryTestsOnSqlite(SqliteApp app) : WebhookRetryTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookRetryTestsOnPostgres(PostgresApp app) : WebhookRetryTests(app), IClassFixture<PostgresApp>;
