using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// At least once, in one process: what was committed is delivered even when no worker ran or a worker
/// died holding leases. (Several processes and SIGKILL: <c>ScaleOut/MultiInstanceTests</c>.)
/// </summary>
public abstract class WebhookCrashSafetyTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task EventsCommittedWhileNoWorkerRuns_AreAllDeliveredByTheNextWorker()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        for (var i = 0; i < 20; i++)
        {
            await client.CreateProjectAsync($"P{i}");
        }

        Assert.Equal(0, receiver.Count);
        using var next = NewWorker();
        while (await next.RunOnceAsync(Ct) > 0)
        {
            await next.DrainAsync();
        }

        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.Select(e => e.Id).ToListAsync(Ct));
        Assert.Equal(20, events.Count);
        Assert.Equal(events.Order(), receiver.Requests.Select(r => Guid.Parse(r.WebhookId)).Order());
        Assert.All(await client.DeliveriesAsync(hook), d => Assert.Equal("succeeded", d.Status()));
    }

    [Fact]
    public async Task AWorkerDisposedMidBatch_LeavesItsLeases_AndAnotherWorkerDeliversEverythingOnceTheyExpire()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold();
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        for (var i = 0; i < 5; i++)
        {
            await client.CreateProjectAsync($"P{i}");
        }

        var dying = NewWorker();
        Assert.Equal(5, await dying.RunOnceAsync(Ct));
        await receiver.WaitForAsync(5);
        var claimedAt = App.Time.GetUtcNow();
        dying.Dispose(); // its requests are torn down mid-flight; nothing of them is recorded
        await WebhookReceiver.WaitUntilAsync(() => receiver.InFlight == 0 && dying.InFlightCount == 0, "the dying worker's requests ended");
        var leased = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.AsNoTracking().ToListAsync(Ct));
        Assert.All(leased, d =>
        {
            Assert.Equal(DeliveryStatus.Delivering, d.Status);
            Assert.NotNull(d.LeaseOwner);
            Assert.Equal(0, d.Attempts);
        });

        receiver.Release();
        App.MoveTo(claimedAt + TimeSpan.FromSeconds(119));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(5, receiver.Count); // the leases still hold: no one else takes them

        App.MoveTo(claimedAt + TimeSpan.FromSeconds(121));
        Assert.Equal(5, await App.RunWebhookWorkerOnceAsync());

        Assert.Equal(10, receiver.Count);
        var ids = receiver.Requests.Select(r => r.WebhookId).ToList();
        Assert.Equal(ids.Take(5).Order(), ids.Skip(5).Order()); // the same payloads again: receivers de-duplicate by webhook-id
        Assert.All(await client.DeliveriesAsync(hook), d => Assert.Equal("succeeded", d.Status()));
    }

    private WebhookDeliveryWorker NewWorker() => ActivatorUtilities.CreateInstance<WebhookDeliveryWorker>(App.Services);

    private async Task<(TestCloud Cloud, HttpClient Client, Guid Webhook)> CloudWithWebhookAsync(string url)
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        return (cloud, client, hook);
    }
}

public sealed class WebhookCrashSafetyTestsOnSqlite(SqliteApp app) : WebhookCrashSafetyTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookCrashSafetyTestsOnPostgres(PostgresApp app) : WebhookCrashSafetyTests(app), IClassFixture<PostgresApp>;
