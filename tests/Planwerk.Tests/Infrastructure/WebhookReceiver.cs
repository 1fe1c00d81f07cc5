using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// A request as the receiver got it: <see cref="Sequence"/> counts arrivals (1, 2, …) and
/// <see cref="ArrivedTimestamp"/> is the <see cref="Stopwatch"/> time its handler began, for
/// comparing against moments in the test.
/// </summary>
public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ArrivedAt,
    long Sequence = 0, long ArrivedTimestamp = 0)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    public string WebhookId => Headers["webhook-id"];
}

/// <summary>
/// A real HTTP receiver (Kestrel on 127.0.0.1, a free port) for webhook tests. Its answer is set by
/// <see cref="Respond"/>; <see cref="Delay"/> makes it answer after a real delay (a slow receiver);
/// <see cref="Hold"/> makes it wait until released (a hanging receiver) without sleeping. It counts
/// the requests being answered at the same time, in all and per path.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedRequest> received = new();
    private TaskCompletionSource release = Completed();
    private readonly ConcurrentQueue<(string Path, long At)> answered = new();
    private readonly Dictionary<string, (int Now, int Max)> perPath = new(StringComparer.Ordinal);
    private int inFlight;
    private int maxInFlight;
    private long sequence;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>Status (and optional headers) to answer with, per request.</summary>
    public Func<ReceivedRequest, (int Status, IReadOnlyDictionary<string, string>? Headers)> Respond { get; set; } = _ => (200, null);

    /// <summary>Close the connection after each answer (<c>Connection: close</c>), so every request needs a new one.</summary>
    public bool CloseConnections { get; set; }

    /// <summary>A real delay before answering, per request (a slow receiver); none by default.</summary>
    public Func<ReceivedRequest, TimeSpan> Delay { get; set; } = _ => TimeSpan.Zero;

    public IReadOnlyList<ReceivedRequest> Requests => received.ToList();

    /// <summary>The requests to <paramref name="path"/>.</summary>
    public IReadOnlyList<ReceivedRequest> RequestsTo(string path) => received.Where(r => r.Path == path).ToList();

    /// <summary>The <see cref="Stopwatch"/> times at which answers to <paramref name="path"/> were written, in order.</summary>
    public IReadOnlyList<long> AnsweredTimestamps(string path) => answered.Where(a => a.Path == path).Select(a => a.At).ToList();

    /// <summary>Requests being answered right now.</summary>
    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>The most requests to <paramref name="path"/> that were being answered at the same time.</summary>
    public int MaxConcurrentOn(string path)
    {
        lock (perPath)
        {
            return perPath.GetValueOrDefault(path).Max;
        }
    }

    public int Count => received.Count;

    /// <summary>The most requests that were being answered at the same time.</summary>
    public int MaxConcurrent => Volatile.Read(ref maxInFlight);

    public string Url { get; private set; } = string.Empty;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>
    /// A URL on 127.0.0.1 where nothing listens (a port that was free a moment ago), so connecting is refused.
    /// </summary>
    public static string ClosedPortUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }

    /// <summary>From now on, requests wait (after being recorded) until <see cref="Release"/>.</summary>
    public void Hold() => release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => release.TrySetResult();

    /// <summary>Waits (bounded) until at least <paramref name="count"/> requests arrived.</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (received.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The receiver got {received.Count} of {count} requests.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits (bounded) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(5);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var number = Interlocked.Increment(ref sequence);
        var path = context.Request.Path.ToString();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var request = new ReceivedRequest(path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            buffer.ToArray(), DateTimeOffset.UtcNow, number, arrived);
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }

        lock (perPath)
        {
            var (current, max) = perPath.GetValueOrDefault(path);
            perPath[path] = (current + 1, Math.Max(max, current + 1));
        }

        received.Enqueue(request);
        try
        {
            await release.Task.WaitAsync(context.RequestAborted);
            if (Delay(request) is { } delay && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            var (status, headers) = Respond(request);
            context.Response.StatusCode = status;
            if (CloseConnections)
            {
                context.Response.Headers.Connection = "close";
            }

            foreach (var (name, value) in headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }

            await context.Response.WriteAsync($"answer {status}");
            answered.Enqueue((path, Stopwatch.GetTimestamp()));
        }
        finally
        {
            lock (perPath)
            {
                var (current, max) = perPath[path];
                perPath[path] = (current - 1, max);
            }

            Interlocked.Decrement(ref inFlight);
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
