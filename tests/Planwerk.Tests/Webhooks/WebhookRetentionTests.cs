using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>Events, deliveries and attempts are kept 30 days, then purged.</summary>
public abstract class WebhookRetentionTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task PayloadsAndAttemptsOlderThanThirtyDays_ArePurged_NewerOnesKept()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => r.Sequence == 1 ? (500, null) : (200, null);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        var start = App.Time.GetUtcNow();
        await client.CreateProjectAsync("old");
        await App.RunWebhookWorkerOnceAsync(); // fails once
        App.MoveTo(start + TimeSpan.FromMinutes(1));
        await App.RunWebhookWorkerOnceAsync(); // then succeeds: two attempts
        App.MoveTo(start + TimeSpan.FromDays(20));
        await client.CreateProjectAsync("newer");
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal((2, 2, 3), await CountsAsync(cloud));

        App.MoveTo(start + TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        await App.Worker.PurgeAsync(Ct);
        Assert.Equal((2, 2, 3), await CountsAsync(cloud));

        App.MoveTo(start + TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        await App.Worker.PurgeAsync(Ct);

        Assert.Equal((1, 1, 1), await CountsAsync(cloud));
        var kept = await client.SingleDeliveryAsync(hook);
        Assert.Equal("succeeded", kept.Status());
        Assert.True(kept.Instant("createdAt") >= start + TimeSpan.FromDays(20));
        var payloads = await (await client.GetAsync("webhook/payload/2026-01-01", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Single(payloads.EnumerateArray());
    }

    private Task<(int Events, int Deliveries, int Attempts)> CountsAsync(TestCloud cloud) => App.InCloudAsync(cloud.Id, async db =>
        (await db.WebhookEvents.CountAsync(Ct), await db.WebhookDeliveries.CountAsync(Ct), await db.WebhookAttempts.CountAsync(Ct)));
}

public sealed class WebhookRetentionTestsOnSqlite(SqliteApp app) : WebhookRetentionTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookRetentionTestsOnPostgres(PostgresApp app) : WebhookRetentionTests(app), IClassFixture<PostgresApp>;
