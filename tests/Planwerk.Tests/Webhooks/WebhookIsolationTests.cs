using System.Diagnostics;
using System.Net;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>One slow endpoint never delays another, and each endpoint's in-flight bound holds.</summary>
public abstract class WebhookIsolationTests(PlanwerkApp app) : ProviderTest(app)
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(5); // the slow receiver

    [Fact]
    public async Task ASlowWebhook_DoesNotDelayAnotherOnTheSameHost_AndNeverHasMoreThanEightRequestsInFlight()
    {
        // Both webhooks point at the same host and port, so that neither the worker's per-webhook bound
        // nor a connection pool shared per host can let the slow one hold up the fast one.
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = r => r.Path == "/slow" ? Slow : TimeSpan.Zero;
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (slowHook, _) = await client.CreateWebhookAsync($"{receiver.Url}/slow", "ProjectCreated");
        var (fastHook, _) = await client.CreateWebhookAsync($"{receiver.Url}/fast", "ProjectCreated");
        const int events = 12;
        await (await client.PostJsonAsync("projects/projects", Enumerable.Range(0, events).Select(i => new { title = $"P{i}" }).ToArray()))
            .AssertStatusAsync(HttpStatusCode.Created);

        var started = Stopwatch.GetTimestamp();
        await using (App.StartWebhookWorkerLoop())
        {
            await WebhookReceiver.WaitUntilAsync(() => receiver.RequestsTo("/fast").Count == events, "the fast webhook got every delivery");
            var fastDone = Stopwatch.GetTimestamp();
            Assert.Empty(receiver.AnsweredTimestamps("/slow")); // the slow receiver has not answered once yet
            Assert.True(Stopwatch.GetElapsedTime(started, fastDone) < Slow, $"the fast webhook took {Stopwatch.GetElapsedTime(started, fastDone)}");
            Assert.Equal(8, receiver.RequestsTo("/slow").Count); // its bound, and all of them still in flight

            await WebhookReceiver.WaitUntilAsync(() => receiver.AnsweredTimestamps("/slow").Count == events, "the slow webhook got every delivery",
                TimeSpan.FromSeconds(60));
        }

        Assert.Equal(8, receiver.MaxConcurrentOn("/slow"));
        Assert.Equal(events, receiver.RequestsTo("/slow").Select(r => r.WebhookId).Distinct().Count());
        Assert.All(await client.DeliveriesAsync(slowHook), d => Assert.Equal("succeeded", d.Status()));
        Assert.All(await client.DeliveriesAsync(fastHook), d => Assert.Equal("succeeded", d.Status()));
    }

    [Fact]
    public async Task TheLongestWaitingWebhook_IsInTheNextClaim_EvenWhenSixtyFourNewerOnesOfOtherCloudsHaveWorkDue()
    {
        // A claim takes at most 64 webhooks. Which 64 must not be an accident of the storage order: here the waiting
        // webhook is the newest (the last by id), and its delivery has been due longest. (Two busy clouds of 32: a cloud
        // has at most 50 webhooks.)
        await using var receiver = await WebhookReceiver.StartAsync();
        var busyClients = new List<HttpClient>();
        for (var c = 0; c < 2; c++)
        {
            var busy = await App.CreateCloudAsync();
            var busyClient = App.ApiClient(await App.CreateTokenAsync(busy, busy.OwnerId));
            busyClients.Add(busyClient);
            for (var i = 0; i < 32; i++)
            {
                await busyClient.CreateWebhookAsync($"{receiver.Url}/busy", "ProjectCreated");
            }
        }

        var waiting = await App.CreateCloudAsync();
        var waitingClient = App.ApiClient(await App.CreateTokenAsync(waiting, waiting.OwnerId));
        await waitingClient.CreateWebhookAsync($"{receiver.Url}/waiting", "ProjectCreated");
        await waitingClient.CreateProjectAsync("due first");
        App.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var busyClient in busyClients)
        {
            await busyClient.CreateProjectAsync("due a minute later, for 32 webhooks of each busy cloud");
        }

        await App.Worker.RunOnceAsync(CancellationToken.None); // one claim
        await App.Worker.DrainAsync();

        Assert.Single(receiver.RequestsTo("/waiting"));
        Assert.Equal(63, receiver.RequestsTo("/busy").Count); // the rest of that claim's 64
        Assert.Equal(1, await App.RunWebhookWorkerOnceAsync()); // the one left over goes in the next claim
        Assert.Equal(64, receiver.RequestsTo("/busy").Count);
    }
}

public sealed class WebhookIsolationTestsOnSqlite(SqliteApp app) : WebhookIsolationTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookIsolationTestsOnPostgres(PostgresApp app) : WebhookIsolationTests(app), IClassFixture<PostgresApp>;
