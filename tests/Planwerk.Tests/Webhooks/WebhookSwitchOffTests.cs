using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
        // Every request needs a new connection, and the fixture's resolver takes 500 ms: so when the switch flips, many
        // requests are between the worker's last check and their first byte — the moment the send gate exists for.
        receiver.CloseConnections = true;
        var slowDnsUrl = receiver.Url.Replace("127.0.0.1", SlowDnsApp.Host, StringComparison.Ordinal);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        // Ten webhooks on one receiver, so that up to 80 requests are out and more are starting when the switch flips.
        var hooks = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            hooks.Add((await client.CreateWebhookAsync($"{slowDnsUrl}/h{i}", "ProjectCreated")).Id);
        }

        var hook = hooks[0];
        await CreateProjectsAsync(client, 50, "first");
        App.Time.Advance(TimeSpan.FromMinutes(1));
        var secondBatchAt = App.Time.GetUtcNow();
        await CreateProjectsAsync(client, 50, "second");
        Assert.Equal(1000, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct)));

        long switchedOff;
        int receivedWhenSwitched;
        DateTime switchedOffAt;
        await using (App.StartWebhookWorkerLoop())
        {
            await receiver.WaitForAsync(100);
            await App.SetSwitchAsync(cloud, webhooks: false);
            switchedOff = Stopwatch.GetTimestamp();
            receivedWhenSwitched = receiver.Count;
            switchedOffAt = App.Time.GetUtcNow().UtcDateTime;
            App.Time.Advance(TimeSpan.FromSeconds(1)); // an attempt begun after the switch would carry a later start

            // The worker keeps running, and every retry it could have scheduled comes due.
            await Task.Delay(1000, Ct);
            App.Time.Advance(TimeSpan.FromDays(1));
            await Task.Delay(500, Ct);
        }

        var received = receiver.Requests;
        var late = received.Where(r => Stopwatch.GetElapsedTime(switchedOff, r.ArrivedTimestamp) > Dispatch).ToList();
        Assert.True(late.Count == 0, $"{late.Count} requests arrived more than {Dispatch.TotalMilliseconds} ms after the switch returned " +
            $"({receivedWhenSwitched} had arrived when it returned, {received.Count} in all)");
        Assert.True(received.Count - receivedWhenSwitched <= 80, $"{received.Count - receivedWhenSwitched} requests arrived after the switch returned");

        // Independent of timing: every request the receiver got is an attempt the worker recorded, begun before the switch returned.
        var attempts = await App.InCloudAsync(cloud.Id, db => db.WebhookAttempts.ToListAsync(Ct));
        Assert.Equal(received.Count, attempts.Count);
        Assert.All(attempts, a => Assert.True(a.StartedAt <= switchedOffAt, $"an attempt began at {a.StartedAt:O}, after the switch at {switchedOffAt:O}"));

        // What the receiver got is succeeded (requests in flight at the switch were answered); the rest is cancelled.
        var log = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.Include(d => d.Event).ToListAsync(Ct));
        var got = received.Select(r => (Path: r.Path, Event: Guid.Parse(r.WebhookId))).ToHashSet();
        var paths = hooks.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => $"/h{p.i}");
        bool Received(WebhookDelivery d) => got.Contains((paths[d.WebhookId], d.Event!.Id));
        Assert.Equal(1000, log.Count);
        Assert.Equal(received.Count, got.Count);
        Assert.All(log.Where(Received), d => Assert.Equal(DeliveryStatus.Succeeded, d.Status));
        Assert.All(log.Where(d => !Received(d)), d =>
        {
            Assert.Equal(DeliveryStatus.Cancelled, d.Status);
            Assert.Equal("webhooks_disabled", d.CancelReason?.ToWire());
            Assert.Equal(0, d.Attempts);
        });

        // While off: no new deliveries are even written, and the webhook routes answer 403.
        await client.CreateProjectAsync("while off");
        Assert.Equal(1000, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(Ct)));
        var cancelled = log.Where(d => d.Status == DeliveryStatus.Cancelled && d.WebhookId == hook).OrderBy(d => d.Event!.Sequence).ToList();
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
        Assert.NotEmpty(cancelledSince);
        Assert.Equal(cancelledSince.Count, recover.GetProperty("redelivered").GetInt32());
        var before = receiver.Count;
        await App.RunWebhookWorkerOnceAsync();
        var recovered = receiver.Requests.Skip(before).Select(r => Guid.Parse(r.WebhookId)).ToHashSet();
        Assert.Equal(cancelledSince.Select(d => d.Event!.Id).ToHashSet(), recovered);
        Assert.All(receiver.Requests.Skip(before), r => Assert.Equal("/h0", r.Path));
        Assert.Equal(recovered.Count, receiver.Count - before);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct)));
        Assert.All(await client.DeliveriesAsync(hook, "status=pending"), _ => Assert.Fail("a delivery is still pending"));
    }

    private static async Task CreateProjectsAsync(HttpClient client, int count, string prefix) =>
        await (await client.PostJsonAsync("projects/projects", Enumerable.Range(0, count).Select(i => new { title = $"{prefix} {i}" }).ToArray()))
            .AssertStatusAsync(HttpStatusCode.Created);
}

/// <summary>The application with a resolver that answers <see cref="Host"/> (as 127.0.0.1) after 500 ms, as a slow DNS would.</summary>
public class SlowDnsApp(Provider provider) : PlanwerkApp(provider)
{
    public const string Host = "slow-dns.test";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<WebhookUrlGuard>();
            services.AddSingleton(new WebhookUrlGuard(async (host, ct) =>
            {
                await Task.Delay(500, ct);
                return host == Host ? [IPAddress.Loopback] : await Dns.GetHostAddressesAsync(host, ct);
            }));
        });
    }
}

public sealed class SlowDnsSqliteApp() : SlowDnsApp(Provider.Sqlite);

public sealed class SlowDnsPostgresApp() : SlowDnsApp(Provider.Postgres);

public sealed class WebhookSwitchOffTestsOnSqlite(SlowDnsSqliteApp app) : WebhookSwitchOffTests(app), IClassFixture<SlowDnsSqliteApp>;

public sealed class WebhookSwitchOffTestsOnPostgres(SlowDnsPostgresApp app) : WebhookSwitchOffTests(app), IClassFixture<SlowDnsPostgresApp>;
