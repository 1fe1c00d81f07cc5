using System.Net;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Api.PackagesApiTests;

namespace Planwerk.Tests.Api;

/// <summary>
/// The Core API's back-pressure (<c>ApiConcurrencyLimitMiddleware</c>): with one place and a queue of one, a second request
/// waits for the first and then succeeds; a third, with the queue full, is 503 <c>overloaded</c> and writes nothing.
/// The first place is held deterministically by the test itself, as a request of the same cloud would (a request's body
/// is read before it takes a place, ADR 7, so a held body no longer holds one).
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

        var held = await app.Limiter.AcquireAsync(cloud.Id, Ct); // the one place, held as a request of this cloud would
        Assert.NotNull(held);
        Assert.Equal(0, app.AvailablePlaces);

        var queued = client.PostJsonAsync("tasks", new { title = "second", targetParentId = project });
        await WaitUntilAsync(() => app.QueuedRequests == 1);

        var refused = await client.PostJsonAsync("tasks", new { title = "third", targetParentId = project });
        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "overloaded");
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        Assert.False(queued.IsCompleted);

        held.Dispose();
        await (await queued).AssertJsonAsync(HttpStatusCode.Created);
        var titles = await app.InCloudAsync(cloud.Id, db => Task.FromResult(db.Tasks.Select(t => t.Title).OrderBy(t => t).ToList()));
        Assert.Equal(["second"], titles);
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

    private sealed class OnePlaceApp() : PlanwerkApp(Provider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:Api:MaxConcurrentRequests"] = "1",
            ["Planwerk:Api:MaxQueuedRequests"] = "1",
        };

        public long QueuedRequests => Limiter.Queued;

        public long AvailablePlaces => 1 - Limiter.InFlight;

        public Planwerk.Infrastructure.Api.ApiConcurrencyLimiter Limiter =>
            (Planwerk.Infrastructure.Api.ApiConcurrencyLimiter)Services.GetService(typeof(Planwerk.Infrastructure.Api.ApiConcurrencyLimiter))!;
    }
}
