using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Tests.Api;

/// <summary>
/// The Core API's places are shared fairly between clouds (<see cref="ApiConcurrencyLimiter"/>): a cloud holds at most its
/// share, a freed place goes to the clouds with waiting requests in turn, and a cloud's full queue refuses only that cloud.
/// The limiter itself, without a server: what it decides does not depend on time.
/// </summary>
public sealed class FairAdmissionTests
{
    private static readonly Guid A = Guid.NewGuid();
    private static readonly Guid B = Guid.NewGuid();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApiConcurrencyLimiter Limiter(int places, int perCloud, int queue = 100, int queuePerCloud = 100) =>
        new(Options.Create(new ApiOptions
        {
            MaxConcurrentRequests = places, MaxConcurrentRequestsPerCloud = perCloud, MaxQueuedRequests = queue, MaxQueuedRequestsPerCloud = queuePerCloud,
        }));

    [Fact]
    public async Task AFreedPlace_GoesToTheCloudsWithWaitingRequestsInTurn_NotToWhoeverWaitedLongest()
    {
        var limiter = Limiter(places: 1, perCloud: 1);
        var first = await limiter.AcquireAsync(A, Ct);
        var served = new List<string>();
        var waiting = new List<Task>();
        foreach (var (cloud, name) in new[] { (A, "a1"), (A, "a2"), (A, "a3"), (B, "b1") })
        {
            var lease = limiter.AcquireAsync(cloud, Ct);
            Assert.False(lease.IsCompleted);
            waiting.Add(Serve(lease, name));
        }

        async Task Serve(Task<IDisposable?> lease, string name)
        {
            using var held = await lease;
            lock (served)
            {
                served.Add(name);
            }
        }

        Assert.Equal(4, limiter.Queued);
        first!.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal(["a1", "b1", "a2", "a3"], served); // first come first served would be a1, a2, a3, b1
        Assert.Equal(0, limiter.InFlight);
        Assert.Equal(0, limiter.Queued);
    }

    [Fact]
    public async Task ACloudAtItsShare_Waits_WhileAnotherCloudStillFindsPlacesAtOnce()
    {
        var limiter = Limiter(places: 4, perCloud: 2);
        var a1 = await limiter.AcquireAsync(A, Ct);
        var a2 = await limiter.AcquireAsync(A, Ct);
        var a3 = limiter.AcquireAsync(A, Ct);
        Assert.False(a3.IsCompleted); // two places are free, but not for A

        var b1 = limiter.AcquireAsync(B, Ct);
        var b2 = limiter.AcquireAsync(B, Ct);
        Assert.True(b1.IsCompletedSuccessfully && b2.IsCompletedSuccessfully);
        Assert.Equal(4, limiter.InFlight);

        (await b1)!.Dispose();
        Assert.False(a3.IsCompleted); // a place is free, A is still at its share
        a1!.Dispose();
        using var third = await a3;
        Assert.NotNull(third);
        a2!.Dispose();
        (await b2)!.Dispose();
    }

    [Fact]
    public async Task ACloudsFullQueue_RefusesThatCloud_WhileOtherCloudsStillQueue()
    {
        var limiter = Limiter(places: 1, perCloud: 1, queue: 10, queuePerCloud: 2);
        var held = await limiter.AcquireAsync(A, Ct);
        var queuedA = new[] { limiter.AcquireAsync(A, Ct), limiter.AcquireAsync(A, Ct) };

        Assert.Null(await limiter.AcquireAsync(A, Ct));
        var queuedB = limiter.AcquireAsync(B, Ct);
        Assert.False(queuedB.IsCompleted);
        Assert.Equal(3, limiter.Queued);

        held!.Dispose();
        (await queuedA[0])!.Dispose();
        (await queuedB)!.Dispose();
        (await queuedA[1])!.Dispose();
        Assert.Equal(0, limiter.InFlight);
    }

    [Fact]
    public async Task AWaitingRequestThatGivesUp_LeavesTheQueue_AndThePlaceGoesToTheNext()
    {
        var limiter = Limiter(places: 1, perCloud: 1);
        var held = await limiter.AcquireAsync(A, Ct);
        using var giveUp = new CancellationTokenSource();
        var abandoned = limiter.AcquireAsync(B, giveUp.Token);
        var next = limiter.AcquireAsync(A, Ct);
        Assert.Equal(2, limiter.Queued);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await abandoned);
        Assert.Equal(1, limiter.Queued);

        held!.Dispose();
        using var lease = await next;
        Assert.NotNull(lease);
        Assert.Equal(1, limiter.InFlight);
    }
}
