using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>PRODUCT.md rule 3: the owner's webhook switch stops every request at once, and nothing vanishes.</summary>
public abstract class WebhookSwitchOffTests(PlanwerkApp app) : ProviderTest(app)
{
    // Bytes that left before the switch returned still take a moment to reach the receiver's handler
    // (loopback, Kestrel's dispatch, two busy cores). A request started after the switch would keep
    // arriving for as long as the worker runs (1.5 s here), so this margin does not hide one.
    private static readonly TimeSpan Dispatch = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task SwitchingWebhooksOff_WithAThousandPending_StartsNoRequestAfterItReturns_CancelsThemAll_AndTheyCanBeRecoveredLater()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = _ => TimeSpan.FromMilliseconds(100); // slow: the worker is busy when the switch flips
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        await CreateProjectsAsync(client, 500, "first");
        App.Time.Advance(TimeSpan.FromMinutes(1));
        var secondBatchAt = App.Time.GetUtcNow();
        await CreateProjectsAsync(client, 500, "second");
        Assert.Equal(1000, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct)));

        long switchedOff;
        int receivedWhenSwitched;
        await using (App.StartWebhookWorkerLoop())
        {
            await receiver.WaitForAsync(20);
            await App.SetSwitchAsync(cloud, webhooks: false);
            switchedOff = Stopwatch.GetTimestamp();
            receivedWhenSwitched = receiver.Count;

            // The worker keeps running, and every retry it could have scheduled comes due.
            await Task.Delay(1000, Ct);
            App.Time.Advance(TimeSpan.FromDays(1));
            await Task.Delay(500, Ct);
        }

        var received = receiver.Requests;
        var late = received.Where(r => Stopwatch.GetElapsedTime(switchedOff, r.ArrivedTimestamp) > Dispatch).ToList();
        Assert.True(late.Count == 0, $"{late.Count} requests arrived more than {Dispatch.TotalMilliseconds} ms after the switch returned " +
            $"({receivedWhenSwitched} had arrived when it returned, {received.Count} in all)");
        Assert.True(received.Count - receivedWhenSwitched <= 8, $"{received.Count - receivedWhenSwitched} requests arrived after the switch returned");

        // What the receiver got is succeeded (requests in flight at the switch were answered); the rest is cancelled.
        var log = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.Include(d => d.Event).ToListAsync(Ct));
        var got = received.Select(r => Guid.Parse(r.WebhookId)).ToHashSet();
        Assert.Equal(1000, log.Count);
        Assert.Equal(received.Count, got.Count);
        Assert.All(log.Where(d => got.Contains(d.Event!.Id)), d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
        Assert.All(log.Where(d => !got.Contains(d.Event!.Id)), d =>
        {
            Assert.Equal(DeliveryStatus.Cancelled, d.Status);
            Assert.Equal("webhooks_disabled", d.CancelReason);
            Assert.Equal(0, d.Attempts);
        });

        // While off: no new deliveries are even written, and the webhook routes answer 403.
        await client.CreateProjectAsync("while off");
        Assert.Equal(1000, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(Ct)));
        var cancelled = log.Where(d => d.Status == DeliveryStatus.Cancelled).OrderBy(d => d.Event!.Sequence).ToList();
        foreach (var (method, url) in new[]
        {
            (HttpMethod.Get, "webhooks"), (HttpMethod.Get, $"webhooks/{hook}"), (HttpMethod.Get, $"webhooks/{hook}/deliveries"),
            (HttpMethod.Post, $"webhooks/{hook}/test"), (HttpMethod.Post, $"webhooks/{hook}/deliveries/{cancelled[0].Id}/redeliver"),
            (HttpMethod.Get, "webhook/payload/2026-11-01"),
        })
        {
            await (await client.SendAsync(new HttpRequestMessage(method, url), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "webhooks_disabled");
        }

        await (await client.PostJsonAsync($"webhooks/{hook}/recover", new { since = secondBatchAt }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "webhooks_disabled");

        // Back on: one delivery by hand, then every cancelled one since the second batch.
        await App.SetSwitchAsync(cloud, webhooks: true);
        receiver.Delay = _ => TimeSpan.Zero;
        var single = cancelled[0];
        await (await client.PostAsync($"webhooks/{hook}/deliveries/{single.Id}/redeliver", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(single.Event!.Id.ToString(), receiver.Requests[^1].WebhookId);

        var recover = await (await client.PostJsonAsync($"webhooks/{hook}/recover", new { since = secondBatchAt })).AssertJsonAsync(HttpStatusCode.OK);
        var cancelledSince = cancelled.Where(d => d.CreatedAt >= secondBatchAt.UtcDateTime && d.Id != single.Id).ToList();
        Assert.Equal(cancelledSince.Count, recover.GetProperty("redelivered").GetInt32());
        var before = receiver.Count;
        await App.RunWebhookWorkerOnceAsync();
        var recovered = receiver.Requests.Skip(before).Select(r => Guid.Parse(r.WebhookId)).ToHashSet();
        Assert.Equal(cancelledSince.Select(d => d.Event!.Id).ToHashSet(), recovered);
        Assert.Equal(recovered.Count, receiver.Count - before);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct)));
    }

    private static async Task CreateProjectsAsync(HttpClient client, int count, string prefix) =>
        await (await client.PostJsonAsync("projects/projects", Enumerable.Range(0, count).Select(i => new { title = $"{prefix} {i}" }).ToArray()))
            .AssertStatusAsync(HttpStatusCode.Created);
}

public sealed class WebhookSwitchOffTestsOnSqlite(SqliteApp app) : WebhookSwitchOffTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookSwitchOffTestsOnPostgres(PostgresApp app) : WebhookSwitchOffTests(app), IClassFixture<PostgresApp>;
