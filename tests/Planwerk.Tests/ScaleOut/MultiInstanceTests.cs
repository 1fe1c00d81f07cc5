using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.ScaleOut;

/// <summary>
/// Three real Planwerk processes on one PostgreSQL database, as behind a load balancer: writes go
/// round-robin, one process is killed with SIGKILL mid-run and started again, and still every
/// committed change's event reaches the receiver, no delivery is attempted by two instances at the
/// same time, and an owner's switch reaches every instance at once. PostgreSQL only (SQLite is one process).
/// </summary>
public sealed class MultiInstanceTests(PostgresApp app, ITestOutputHelper output) : IClassFixture<PostgresApp>
{
    private const int Changes = 5_000;

    [Fact]
    public async Task ThreeInstances_ASigkillMidRun_EveryCommittedEventIsDelivered_NeverTwiceAtOnce()
    {
        app.SkipIfUnavailable();
        await using var database = await TestDatabase.CreateAsync(Provider.Postgres);
        await using var seed = new PlanwerkApp(Provider.Postgres, database);
        await seed.InitializeAsync();
        var cloud = await seed.CreateCloudAsync();
        var token = await seed.CreateTokenAsync(cloud, cloud.OwnerId);
        await using var receiver = await OverlapRecordingReceiver.StartAsync();

        var environment = new Dictionary<string, string>
        {
            ["Planwerk__Database__Provider"] = "postgres",
            ["ConnectionStrings__Planwerk"] = database.ConnectionString,
            ["Planwerk__Demo__Enabled"] = "false",
            ["Planwerk__Webhooks__AllowPrivateNetworks"] = "true",
            ["Planwerk__Webhooks__LeaseSeconds"] = "5",
            ["Planwerk__Webhooks__PollIntervalMilliseconds"] = "200",
            ["Planwerk__RateLimit__PermitLimit"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var logs = Path.Combine(database.DataDirectory, "instance");
        var instances = Enumerable.Range(0, 3).Select(i => new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, $"{logs}{i}.log")).ToList();
        try
        {
            foreach (var instance in instances)
            {
                await instance.StartAsync();
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var hook = await SendAsync(http, instances[0], HttpMethod.Post, "/api/core/webhooks", token,
                new { callbackUri = receiver.Url, actionTypes = new[] { "ProjectCreated" } });
            Assert.Equal(HttpStatusCode.Created, hook.StatusCode);

            var committed = new ConcurrentBag<Guid>();
            var failedWhileDown = 0;
            var next = -1;
            var killed = 0;
            async Task WriterAsync()
            {
                // Writes go round-robin until 5,000 have committed; a write to the instance that is down fails and is not counted.
                while (committed.Count < Changes)
                {
                    var n = Interlocked.Increment(ref next);
                    if (n == Changes / 3 && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        instances[1].Kill();
                        output.WriteLine($"killed instance 1 after {n} writes");
                        _ = Task.Run(async () => { await Task.Delay(2000); await instances[1].StartAsync(); output.WriteLine("instance 1 is back"); });
                    }

                    var target = instances[n % 3];
                    try
                    {
                        using var response = await SendAsync(http, target, HttpMethod.Post, "/api/core/projects", token, new { title = $"p{n}" });
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            committed.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid());
                        }
                    }
                    catch (HttpRequestException)
                    {
                        Interlocked.Increment(ref failedWhileDown); // the instance was down: nothing committed (checked below)
                    }
                }
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => WriterAsync()));
            output.WriteLine($"{committed.Count} changes committed in {clock.Elapsed.TotalSeconds:F1} s; {failedWhileDown} refused while an instance was down");

            var events = await seed.InCloudAsync(cloud.Id, db => db.WebhookEvents.Where(e => e.Action == "ProjectCreated").Select(e => e.Id).ToListAsync(TestContext.Current.CancellationToken));
            var projects = await seed.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(TestContext.Current.CancellationToken));
            Assert.True(committed.Count >= Changes, $"only {committed.Count} changes committed");
            Assert.Equal(projects, events.Count); // one event per committed change, written with it
            Assert.Superset(committed.ToHashSet(), (await seed.InCloudAsync(cloud.Id, db => db.Projects.Select(p => p.Id).ToListAsync(TestContext.Current.CancellationToken))).ToHashSet());

            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (receiver.Distinct < events.Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }

            output.WriteLine($"delivered {receiver.Distinct} distinct events in {clock.Elapsed.TotalSeconds:F1} s; {receiver.Total - receiver.Distinct} duplicates; {receiver.Overlaps} overlaps");
            Assert.Equal(events.ToHashSet(), receiver.Ids);
            Assert.Equal(0, receiver.Overlaps);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AnApiSwitchTurnedOffOnOneInstance_RefusesRequestsOnTheOthersWithinTwoSeconds()
    {
        app.SkipIfUnavailable();
        await using var database = await TestDatabase.CreateAsync(Provider.Postgres);
        await using var first = new PlanwerkApp(Provider.Postgres, database);
        await first.InitializeAsync();
        var cloud = await first.CreateCloudAsync();
        var token = await first.CreateTokenAsync(cloud, cloud.OwnerId);
        var environment = new Dictionary<string, string>
        {
            ["Planwerk__Database__Provider"] = "postgres",
            ["ConnectionStrings__Planwerk"] = database.ConnectionString,
            ["Planwerk__Demo__Enabled"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var second = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(database.DataDirectory, "second.log"));
        await using var third = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(database.DataDirectory, "third.log"));
        await second.StartAsync();
        await third.StartAsync();
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, second, HttpMethod.Get, "/api/core/projects", token, null)).StatusCode);

        await first.SetSwitchAsync(cloud, api: false);
        var switchedAt = Stopwatch.StartNew();

        foreach (var other in new[] { second, third })
        {
            HttpStatusCode status;
            do
            {
                status = (await SendAsync(http, other, HttpMethod.Get, "/api/core/projects", token, null)).StatusCode;
            }
            while (status != HttpStatusCode.Forbidden && switchedAt.Elapsed < TimeSpan.FromSeconds(5));

            Assert.Equal(HttpStatusCode.Forbidden, status);
        }

        output.WriteLine($"both other instances refused after {switchedAt.ElapsedMilliseconds} ms");
        Assert.True(switchedAt.Elapsed < TimeSpan.FromSeconds(2), $"took {switchedAt.Elapsed}");
    }

    [Fact]
    public async Task AWebInstanceAndAWorkerInstance_SplitTheWork_TheWorkerServesNoApi()
    {
        app.SkipIfUnavailable();
        await using var database = await TestDatabase.CreateAsync(Provider.Postgres);
        await using var seed = new PlanwerkApp(Provider.Postgres, database);
        await seed.InitializeAsync();
        var cloud = await seed.CreateCloudAsync();
        var token = await seed.CreateTokenAsync(cloud, cloud.OwnerId);
        await using var receiver = await WebhookReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Planwerk__Database__Provider"] = "postgres",
            ["ConnectionStrings__Planwerk"] = database.ConnectionString,
            ["Planwerk__Demo__Enabled"] = "false",
            ["Planwerk__Webhooks__AllowPrivateNetworks"] = "true",
            ["Planwerk__Webhooks__PollIntervalMilliseconds"] = "200",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var web = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(database.DataDirectory, "web.log"), "web");
        await using var worker = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(database.DataDirectory, "worker.log"), "worker");
        await web.StartAsync();
        await worker.StartAsync();
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(http, worker, HttpMethod.Get, "/api/core/projects", token, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, web, HttpMethod.Post, "/api/core/webhooks", token,
            new { callbackUri = receiver.Url, actionTypes = new[] { "ProjectCreated" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(http, web, HttpMethod.Post, "/api/core/projects", token, new { title = "via web" })).StatusCode);

        await receiver.WaitForAsync(1);
        Assert.Equal("ProjectCreated", JsonDocument.Parse(Assert.Single(receiver.Requests).Body).RootElement.GetProperty("action").GetString());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, PlanwerkProcess instance, HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, instance.BaseUrl + path);
        request.Headers.TryAddWithoutValidation("Authorization", token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        return http.SendAsync(request);
    }

    /// <summary>Records every delivery by webhook-id and counts when one id is being received twice at the same time.</summary>
    private sealed class OverlapRecordingReceiver : IAsyncDisposable
    {
        private readonly WebhookReceiver inner;
        private readonly ConcurrentDictionary<Guid, int> inFlight = new();
        private readonly ConcurrentDictionary<Guid, int> seen = new();
        private int overlaps;
        private int total;

        private OverlapRecordingReceiver(WebhookReceiver inner) => this.inner = inner;

        public string Url => inner.Url;
        public int Overlaps => Volatile.Read(ref overlaps);
        public int Total => Volatile.Read(ref total);
        public int Distinct => seen.Count;
        public IReadOnlySet<Guid> Ids => seen.Keys.ToHashSet();

        public static async Task<OverlapRecordingReceiver> StartAsync()
        {
            var receiver = new OverlapRecordingReceiver(await WebhookReceiver.StartAsync());
            receiver.inner.Respond = request =>
            {
                var id = Guid.Parse(request.Headers["webhook-id"]);
                Interlocked.Increment(ref receiver.total);
                seen_add(receiver, id);
                if (receiver.inFlight.AddOrUpdate(id, 1, (_, n) => n + 1) > 1)
                {
                    Interlocked.Increment(ref receiver.overlaps);
                }

                receiver.inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
                return (200, null);
            };
            return receiver;

            static void seen_add(OverlapRecordingReceiver r, Guid id) => r.seen.AddOrUpdate(id, 1, (_, n) => n + 1);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
