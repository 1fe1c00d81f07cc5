using System.Net;
using System.Text;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Api.PackagesApiTests;

namespace Planwerk.Tests.Api;

/// <summary>
/// The Core API's back-pressure (<c>ApiConcurrencyLimitMiddleware</c>): with one place and a queue of one, a second request
/// waits for the first and then succeeds; a third, with the queue full, is 503 <c>overloaded</c> and writes nothing.
/// The first request holds its place deterministically by sending its body only when the test says so.
/// </summary>
public sealed class ApiConcurrencyLimitTests : IAsyncLifetime
{
    private readonly OnePlaceApp app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => app.InitializeAsync();

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task BeyondThePlaces_RequestsWait_AndBeyondTheQueue_TheyAre503Overloaded_AndWriteNothing()
    {
        var cloud = await app.CreateCloudAsync();
        var (client, _) = await app.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = client.PostAsync("tasks", new HeldContent($"{{\"title\":\"first\",\"targetParentId\":\"{project}\"}}", release.Task), Ct);
        await WaitUntilAsync(() => app.AvailablePlaces == 0); // the first request has the place, waiting for its body

        var queued = client.PostJsonAsync("tasks", new { title = "second", targetParentId = project });
        await WaitUntilAsync(() => app.QueuedRequests == 1);

        var refused = await client.PostJsonAsync("tasks", new { title = "third", targetParentId = project });
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.False(queued.IsCompleted);

        release.SetResult();
        await (await held).AssertJsonAsync(HttpStatusCode.Created);
        await (await queued).AssertJsonAsync(HttpStatusCode.Created);
        var titles = await app.InCloudAsync(cloud.Id, db => Task.FromResult(db.Tasks.Select(t => t.Title).OrderBy(t => t).ToList()));
        Assert.Equal(["first", "second"], titles);
    }

    [Fact]
    public async Task ABadLimitSetting_StopsTheServerAtStart_WithTheSettingNamed()
    {
        await using var bad = new BadSettingApp();
        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await bad.InitializeAsync());
        Assert.Contains("MaxConcurrentRequests", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Yield();
            await Task.Delay(1, Ct);
        }

        Assert.True(condition(), "The condition did not come true.");
    }

    /// <summary>A JSON body whose bytes go out only when the given task completes.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] bytes;
        private readonly Task release;

        public HeldContent(string json, Task release)
        {
            bytes = Encoding.UTF8.GetBytes(json);
            this.release = release;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await release;
            await stream.WriteAsync(bytes);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private sealed class BadSettingApp() : PlanwerkApp(Provider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:Api:MaxConcurrentRequests"] = "0",
        };
    }

    private sealed class OnePlaceApp() : PlanwerkApp(Provider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:Api:MaxConcurrentRequests"] = "1",
            ["Planwerk:Api:MaxQueuedRequests"] = "1",
        };

        public long QueuedRequests => Statistics.CurrentQueuedCount;

        public long AvailablePlaces => Statistics.CurrentAvailablePermits;

        private System.Threading.RateLimiting.RateLimiterStatistics Statistics =>
            ((Planwerk.Infrastructure.Api.ApiConcurrencyLimiter)Services.GetService(typeof(Planwerk.Infrastructure.Api.ApiConcurrencyLimiter))!).Limiter.GetStatistics()!;
    }
}
