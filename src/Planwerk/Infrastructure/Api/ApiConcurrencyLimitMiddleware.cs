using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Admission to the Core API, after the governance checks that need no body (token, switch, rate limit) and before the
/// endpoint (ADR 7):
/// <list type="number">
/// <item>The body is read whole, within its deadline (<see cref="ApiOptions.MaxBodySeconds"/> in total, and
/// <see cref="ApiOptions.MinBodyBytesPerSecond"/> after its first second), <b>before</b> the request takes a place: a slow
/// sender holds no place, only its own connection. Too slow: 408 <c>request_timeout</c>, the connection is closed, nothing
/// was done.</item>
/// <item>A place among <see cref="ApiOptions.MaxConcurrentRequests"/>, shared fairly between clouds
/// (<see cref="ApiConcurrencyLimiter"/>); beyond the queues: 503 <c>overloaded</c>.</item>
/// </list>
/// On SQLite the request's open connection (the token handler opens it) is closed while the request waits for its body or a
/// place, so that waiting holds no database connection, and opened again when it has its place.
/// </summary>
public sealed class ApiConcurrencyLimitMiddleware(
    RequestDelegate next, ApiConcurrencyLimiter limiter, IProblemDetailsService problems, IOptions<ApiOptions> options, TimeProvider time)
{
    /// <summary>The first second of a body is free of the rate (a client's first packet, TCP's slow start).</summary>
    private static readonly TimeSpan RateGrace = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CoreApiMarker>() is null)
        {
            await next(context);
            return;
        }

        var connection = new HeldConnection(context);
        if (!await ReadBodyAsync(context, connection))
        {
            var late = DomainExceptionHandler.FromDomain(DomainException.Timeout(
                $"The request body did not arrive in time (within {options.Value.MaxBodySeconds:0.###} s, at least {options.Value.MinBodyBytesPerSecond} bytes a second after the first); nothing was done."));
            context.Response.StatusCode = late.Status!.Value;
            context.Response.Headers.Connection = "close"; // the rest of the body is not waited for
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = late });
            return;
        }

        var cloud = Caller.Of(context)?.CloudId ?? Guid.Empty;
        var waiting = limiter.AcquireAsync(cloud, context.RequestAborted);
        if (!waiting.IsCompleted)
        {
            await connection.ReleaseAsync();
        }

        using var lease = await waiting;
        if (lease is null)
        {
            var overloaded = DomainExceptionHandler.FromDomain(DomainException.Overloaded(
                "The server is working on as many requests as it queues; try again in a moment."));
            context.Response.StatusCode = overloaded.Status!.Value;
            context.Response.Headers.RetryAfter = "1";
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = overloaded });
            return;
        }

        await connection.RestoreAsync(context.RequestAborted);
        await next(context);
    }

    /// <summary>Reads the whole body into memory within its deadline; false when it came too slowly.</summary>
    private async Task<bool> ReadBodyAsync(HttpContext context, HeldConnection connection)
    {
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
            || context.GetEndpoint()?.Metadata.GetMetadata<StreamedBody>() is not null)
        {
            return true; // an upload streams its body to storage itself, never whole into memory
        }

        // This deadline replaces the server's own minimum data rate, which would abort without a problem+json.
        if (context.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } serverRate)
        {
            serverRate.MinDataRate = null;
        }

        var settings = options.Value;
        var total = TimeSpan.FromSeconds(settings.MaxBodySeconds);
        var started = time.GetTimestamp();
        using var deadline = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        // Memory grows with what arrives, not with what Content-Length announces.
        var expected = context.Request.ContentLength is { } length ? (int)Math.Min(length, Math.Min(settings.MaxBodyBytes, 64 * 1024)) : 0;
        var body = new MemoryStream(expected);
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        limiter.BodyReadStarted();
        try
        {
            while (true)
            {
                var elapsed = time.GetElapsedTime(started);
                var due = total;
                if (settings.MinBodyBytesPerSecond > 0)
                {
                    // The next byte is due when the bytes so far, at the minimum rate, would have taken longer than this.
                    var byRate = RateGrace + TimeSpan.FromSeconds((body.Length + 1) / (double)settings.MinBodyBytesPerSecond);
                    due = byRate < due ? byRate : due;
                }

                if (due <= elapsed)
                {
                    return false;
                }

                deadline.CancelAfter(due - elapsed);
                var reading = context.Request.Body.ReadAsync(chunk, linked.Token);
                if (!reading.IsCompleted)
                {
                    await connection.ReleaseAsync();
                }

                var read = await reading;
                if (read == 0)
                {
                    break;
                }

                body.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            limiter.BodyReadEnded();
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        context.Request.Body = body;
        context.Response.RegisterForDispose(body);
        return true;
    }

    /// <summary>The request's open SQLite connection, closed while the request waits and opened again after.</summary>
    private sealed class HeldConnection(HttpContext context)
    {
        private PlanwerkDb? released;

        public async ValueTask ReleaseAsync()
        {
            if (released is null && context.RequestServices.GetService<PlanwerkDb>() is { } db && db.Database.IsSqlite()
                && db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
            {
                await db.Database.CloseConnectionAsync();
                released = db;
            }
        }

        public async ValueTask RestoreAsync(CancellationToken ct)
        {
            if (released is { } db)
            {
                await db.Database.OpenConnectionAsync(ct);
                released = null;
            }
        }
    }
}

/// <summary>
/// The Core API's places, shared fairly between clouds: at most <see cref="ApiOptions.MaxConcurrentRequests"/> requests at
/// work, of them at most <see cref="ApiOptions.MaxConcurrentRequestsPerCloud"/> of one cloud. A request that finds no place
/// waits in its cloud's queue; a freed place goes to the clouds with waiting requests in turn (round robin), each cloud's
/// requests first come first served. Beyond <see cref="ApiOptions.MaxQueuedRequests"/> waiting in all, or
/// <see cref="ApiOptions.MaxQueuedRequestsPerCloud"/> of one cloud, a request is refused (503 <c>overloaded</c>).
/// </summary>
public sealed class ApiConcurrencyLimiter(IOptions<ApiOptions> options)
{
    private static readonly Task<IDisposable?> Refused = Task.FromResult<IDisposable?>(null);
    private readonly Lock gate = new();
    private readonly Dictionary<Guid, CloudQueue> clouds = [];
    /// <summary>The clouds with waiting requests, in the order they are served next.</summary>
    private readonly LinkedList<CloudQueue> turns = new();
    private readonly int limit = options.Value.MaxConcurrentRequests;
    private readonly int perCloud = Math.Min(options.Value.MaxConcurrentRequestsPerCloud, options.Value.MaxConcurrentRequests);
    private readonly int queueLimit = options.Value.MaxQueuedRequests;
    private readonly int perCloudQueueLimit = options.Value.MaxQueuedRequestsPerCloud;
    private int inFlight;
    private int queued;
    private int readingBodies;

    /// <summary>Requests at work now.</summary>
    public int InFlight { get { lock (gate) { return inFlight; } } }

    /// <summary>Requests waiting for a place now.</summary>
    public int Queued { get { lock (gate) { return queued; } } }

    /// <summary>Requests whose body is being read now (they hold no place yet).</summary>
    public int ReadingBodies => Volatile.Read(ref readingBodies);

    internal void BodyReadStarted() => Interlocked.Increment(ref readingBodies);

    internal void BodyReadEnded() => Interlocked.Decrement(ref readingBodies);

    /// <summary>A place for a request of <paramref name="cloud"/>: at once, after waiting its turn, or null when the queue is full.</summary>
    public Task<IDisposable?> AcquireAsync(Guid cloud, CancellationToken ct)
    {
        Waiter waiter;
        lock (gate)
        {
            if (!clouds.TryGetValue(cloud, out var state))
            {
                state = new CloudQueue(cloud);
                clouds[cloud] = state;
            }

            if (inFlight < limit && state.InFlight < perCloud && state.Waiting.Count == 0)
            {
                inFlight++;
                state.InFlight++;
                return Task.FromResult<IDisposable?>(new Lease(this, state));
            }

            if (queued >= queueLimit || state.Waiting.Count >= perCloudQueueLimit)
            {
                Forget(state);
                return Refused;
            }

            waiter = new Waiter(state);
            waiter.Node = state.Waiting.AddLast(waiter);
            queued++;
            if (state.Waiting.Count == 1)
            {
                state.Turn = turns.AddLast(state);
            }
        }

        if (ct.CanBeCanceled)
        {
            waiter.Cancellation = ct.Register(() => Cancel(waiter));
        }

        return waiter.Granted.Task;
    }

    private void Cancel(Waiter waiter)
    {
        lock (gate)
        {
            if (waiter.Node is not { } node)
            {
                return; // already granted
            }

            Dequeue(waiter.Cloud, node);
            Forget(waiter.Cloud);
        }

        waiter.Granted.TrySetCanceled();
    }

    private void Release(CloudQueue state)
    {
        lock (gate)
        {
            inFlight--;
            state.InFlight--;
            // Freed places go to the clouds with waiting requests in turn; a cloud at its share is passed over.
            for (var turn = turns.First; turn is not null && inFlight < limit;)
            {
                var candidate = turn.Value;
                var following = turn.Next;
                if (candidate.InFlight < perCloud)
                {
                    var waiter = candidate.Waiting.First!.Value;
                    Dequeue(candidate, waiter.Node!);
                    waiter.Node = null;
                    inFlight++;
                    candidate.InFlight++;
                    if (candidate.Waiting.Count > 0)
                    {
                        turns.Remove(candidate.Turn!);
                        candidate.Turn = turns.AddLast(candidate); // served: to the back of the line
                    }

                    waiter.Cancellation.Unregister(); // never Dispose under the lock: it waits for a running Cancel
                    waiter.Granted.TrySetResult(new Lease(this, candidate));
                }

                turn = following;
            }

            Forget(state);
        }
    }

    private void Dequeue(CloudQueue state, LinkedListNode<Waiter> node)
    {
        state.Waiting.Remove(node);
        queued--;
        if (state.Waiting.Count == 0 && state.Turn is { } turn)
        {
            turns.Remove(turn);
            state.Turn = null;
        }
    }

    private void Forget(CloudQueue state)
    {
        if (state.InFlight == 0 && state.Waiting.Count == 0)
        {
            clouds.Remove(state.Cloud);
        }
    }

    private sealed class CloudQueue(Guid cloud)
    {
        public Guid Cloud { get; } = cloud;
        public int InFlight { get; set; }
        public LinkedList<Waiter> Waiting { get; } = new();
        public LinkedListNode<CloudQueue>? Turn { get; set; }
    }

    private sealed class Waiter(CloudQueue cloud)
    {
        public CloudQueue Cloud { get; } = cloud;
        public TaskCompletionSource<IDisposable?> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Cancellation { get; set; }
    }

    private sealed class Lease(ApiConcurrencyLimiter limiter, CloudQueue cloud) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                limiter.Release(cloud);
            }
        }
    }
}
