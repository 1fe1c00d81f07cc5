using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Planwerk.Access;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Import;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Import;

/// <summary>The application on a loopback port with a small rate limit (20 requests a minute per token).</summary>
public sealed class RateLimitedApp() : PlanwerkApp(Provider.Sqlite), IAsyncLifetime
{
    public const int Limit = 20;

    public string CoreApiUrl { get; private set; } = string.Empty;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Planwerk:RateLimit:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public new async ValueTask InitializeAsync()
    {
        UseKestrel(0);
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        CoreApiUrl = address.Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/api/core";
    }
}

/// <summary>
/// The reader keeps to the source's limit by its <c>RateLimit</c> header (it waits for the window's end instead of
/// running into 429s), and rides out a 503 and a 429 with <c>Retry-After</c>; all waiting on the fake clock.
/// </summary>
public sealed class ImportRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadingMoreThanTheWindowAllows_WaitsForTheWindowByTheRateLimitHeader_AndNeverGets429()
    {
        var (cloud, token) = await SmallCloudAsync(tasks: 12);
        var time = new JumpingTime(app.Time);
        var faults = new FaultHandler();

        var source = new CoreApiSource(Client(token, faults), time);
        var snapshot = await source.ReadCloudAsync(NoImportProgress.Instance, Ct);

        Assert.Equal(12, snapshot[CloudSnapshot.Tasks].Count);
        Assert.True(source.Requests > 2 * RateLimitedApp.Limit, $"{source.Requests} requests");
        Assert.True(source.RateLimitWaits >= 2, $"{source.RateLimitWaits} waits");
        Assert.Equal(0, faults.Answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.True(time.Waited >= TimeSpan.FromSeconds(1), $"waited {time.Waited}");
        Assert.Equal(cloud.Id.ToString(), snapshot.SourceCloudId);
    }

    [Fact]
    public async Task A503AndA429_AreRetried_AfterBackOffAndRetryAfter()
    {
        var (_, token) = await SmallCloudAsync(tasks: 2);
        var time = new JumpingTime(app.Time);
        var faults = new FaultHandler { FailWith = { [3] = (HttpStatusCode.ServiceUnavailable, null), [5] = (HttpStatusCode.TooManyRequests, 7) } };

        var source = new CoreApiSource(Client(token, faults), time);
        var snapshot = await source.ReadCloudAsync(NoImportProgress.Instance, Ct);

        Assert.Equal(2, snapshot[CloudSnapshot.Tasks].Count);
        Assert.Equal(2, source.Retries);
        Assert.Contains(TimeSpan.FromSeconds(7), time.Delays);
        Assert.Contains(CoreApiSource.BaseDelay, time.Delays);
    }

    private HttpClient Client(string token, FaultHandler faults)
    {
        faults.InnerHandler = new HttpClientHandler();
        var client = new HttpClient(faults) { BaseAddress = new Uri(app.CoreApiUrl + "/") };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    private async Task<(TestCloud Cloud, string Token)> SmallCloudAsync(int tasks)
    {
        var cloud = await app.CreateCloudAsync(Plan.Professional);
        await using (var scope = app.Scope())
        {
            scope.ServiceProvider.GetRequiredService<Planwerk.Infrastructure.Data.PlanwerkDb>().UseCloud(cloud.Id);
            var caller = new Caller(cloud.Id, cloud.OwnerId, SecurityGroup.AllRights, cloud.Plan, IsOwner: true, "cli");
            var project = await scope.ServiceProvider.GetRequiredService<ProjectService>().CreateAsync(caller, new ProjectInput { Title = "P" }, new InputErrors(), Ct);
            for (var i = 0; i < tasks; i++)
            {
                await scope.ServiceProvider.GetRequiredService<TaskService>()
                    .CreateAsync(caller, new TaskInput { Title = $"T{i}", TargetParentId = project.Id }, new InputErrors(), Ct);
            }
        }

        return (cloud, await app.CreateTokenAsync(cloud, cloud.OwnerId));
    }

    /// <summary>The fake clock, moved on by exactly what is waited for, at once: the source's window and the reader agree.</summary>
    private sealed class JumpingTime(FakeTimeProvider fake) : TimeProvider
    {
        public List<TimeSpan> Delays { get; } = [];

        public TimeSpan Waited => Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b);

        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => fake.GetTimestamp();

        public override long TimestampFrequency => fake.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = fake.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (Delays)
                {
                    Delays.Add(dueTime);
                }

                fake.Advance(dueTime);
            }

            return timer;
        }
    }

    /// <summary>In front of the real server: answers the n-th request (1-based) with a given status instead, and notes every status.</summary>
    private sealed class FaultHandler : DelegatingHandler
    {
        private int count;

        public Dictionary<int, (HttpStatusCode Status, int? RetryAfter)> FailWith { get; } = [];

        public List<HttpStatusCode> Answers { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (FailWith.TryGetValue(Interlocked.Increment(ref count), out var fault))
            {
                var refused = new HttpResponseMessage(fault.Status) { Content = new StringContent("{\"code\":\"injected\"}") };
                if (fault.RetryAfter is { } seconds)
                {
                    refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
                }

                Answers.Add(fault.Status);
                return refused;
            }

            var response = await base.SendAsync(request, cancellationToken);
            Answers.Add(response.StatusCode);
            return response;
        }
    }
}
