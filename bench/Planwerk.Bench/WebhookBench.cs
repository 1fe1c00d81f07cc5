using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Planwerk.Bench;

/// <summary>
/// Scenario 4: webhook delivery (the backlog is made by <c>seed --changes</c>). <c>receive</c> is the
/// receiver that times arrivals, <c>replay</c> is the limit (a plain HttpClient sending the same captured
/// requests), <c>paced</c> writes at a fixed rate and times each change from its commit to its arrival.
/// </summary>
internal static class WebhookBench
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Receives deliveries on <c>--port</c> until <c>--expect</c> distinct webhook ids arrived (or <c>--timeout-s</c>);
    /// reports the rate from first to last arrival; <c>--save</c> keeps every request for <c>replay</c>.
    /// </summary>
    public static async Task<int> ReceiveAsync(Arguments args)
    {
        var expect = args.Int("expect", 20_000);
        await using var receiver = await Receiver.StartAsync(args.Int("port", 5099), expect);
        var done = await receiver.WaitAsync(TimeSpan.FromSeconds(args.Int("timeout-s", 300)));
        var arrivals = receiver.Arrivals.OrderBy(a => a.Ticks).ToList();
        var unique = arrivals.Select(a => a.WebhookId).Distinct().Count();
        var seconds = arrivals.Count > 1 ? Stopwatch.GetElapsedTime(arrivals[0].Ticks, arrivals[^1].Ticks).TotalSeconds : 0;
        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"received={arrivals.Count}\nunique={unique}\ncomplete={done}\nseconds={seconds:F3}\n");
        report.Append(CultureInfo.InvariantCulture, $"per_second={(seconds > 0 ? (arrivals.Count - 1) / seconds : 0):F0}\n");
        await File.WriteAllTextAsync(args["out"], report.ToString());
        Console.Write(report);
        if (args.Optional("save") is { } save)
        {
            await File.WriteAllLinesAsync(save, arrivals.Select(a => JsonSerializer.Serialize(new Saved(a.WebhookId, a.Timestamp, a.Signature, a.UserAgent, a.Body), Json)));
        }

        return done ? 0 : 1;
    }

    /// <summary>The limit of delivery: the captured requests, sent as fast as a plain HttpClient can with <c>--concurrency</c> in flight.</summary>
    public static async Task<int> ReplayAsync(Arguments args)
    {
        var saved = File.ReadLines(args["file"]).Select(l => JsonSerializer.Deserialize<Saved>(l, Json)!).ToList();
        var concurrency = args.Int("concurrency", 8);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, UseProxy = false })
        {
            BaseAddress = new Uri(args["url"]),
        };
        var next = -1;
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < saved.Count)
            {
                var s = saved[i];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/hook") { Content = new ByteArrayContent(s.Body) };
                request.Headers.TryAddWithoutValidation("webhook-id", s.WebhookId);
                request.Headers.TryAddWithoutValidation("webhook-timestamp", s.Timestamp);
                request.Headers.TryAddWithoutValidation("webhook-signature", s.Signature);
                request.Headers.TryAddWithoutValidation("User-Agent", s.UserAgent);
                using var response = await http.SendAsync(request);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sent={saved.Count}\nfailed={failed}\nseconds={clock.Elapsed.TotalSeconds:F3}"));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// Creates <c>--count</c> tasks one by one at <c>--rate</c> a second (open loop), receives their deliveries
    /// in-process, and reports latency per change: from the event's <c>createdAt</c> (stamped inside the write's
    /// transaction, just before the commit: an upper bound of commit→arrival) and from the write's response
    /// (after the commit: a lower bound).
    /// </summary>
    public static async Task<int> PacedAsync(Arguments args)
    {
        var count = args.Int("count", 5_000);
        var rate = args.Double("rate", 500);
        var body = Encoding.UTF8.GetBytes($"{{\"title\":\"Paced change\",\"targetParentId\":\"{args["project"]}\"}}");
        await using var receiver = await Receiver.StartAsync(args.Int("port", 5099), count);
        using var http = Client(args["url"], args["token"]);
        var responded = new ConcurrentDictionary<Guid, long>();
        var failures = 0;
        var late = 0;
        using var inFlight = new SemaphoreSlim(256);
        var pending = new List<Task>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }
            else if (wait < TimeSpan.FromMilliseconds(-50))
            {
                late++;
            }

            await inFlight.WaitAsync();
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await http.PostAsync("/api/core/tasks", content);
                    var ticks = Stopwatch.GetTimestamp();
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failures);
                        return;
                    }

                    using var created = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
                    responded[created.RootElement.GetProperty("id").GetGuid()] = ticks;
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(pending);
        var writeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var complete = await receiver.WaitAsync(TimeSpan.FromSeconds(120));

        var fromEvent = new List<double>();
        var fromResponse = new List<double>();
        foreach (var a in receiver.Arrivals)
        {
            using var payload = JsonDocument.Parse(a.Body);
            var entity = payload.RootElement.GetProperty("context").GetProperty("entityId").GetGuid();
            var createdAt = DateTime.Parse(payload.RootElement.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
            fromEvent.Add((a.UtcNow - createdAt).TotalMilliseconds);
            if (responded.TryGetValue(entity, out var r))
            {
                fromResponse.Add(Stopwatch.GetElapsedTime(r, a.Ticks).TotalMilliseconds);
            }
        }

        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"rate_asked={rate:F0}\nwritten={responded.Count}\nfailed={failures}\nlate_starts={late}\n");
        report.Append(CultureInfo.InvariantCulture, $"write_rate={responded.Count / writeSeconds:F0}\nreceived={receiver.Arrivals.Count}\ncomplete={complete}\n");
        report.Append(CultureInfo.InvariantCulture, $"event_p50_ms={Percentile(fromEvent, 50):F1}\nevent_p99_ms={Percentile(fromEvent, 99):F1}\nevent_max_ms={Percentile(fromEvent, 100):F1}\n");
        report.Append(CultureInfo.InvariantCulture, $"response_p50_ms={Percentile(fromResponse, 50):F1}\nresponse_p99_ms={Percentile(fromResponse, 99):F1}\n");
        await File.WriteAllTextAsync(args["out"], report.ToString());
        Console.Write(report);
        return complete && failures == 0 ? 0 : 1;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    private static HttpClient Client(string url, string token)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return http;
    }

    private sealed record Saved(string WebhookId, string Timestamp, string Signature, string UserAgent, byte[] Body);

    /// <summary>One delivery as it arrived.</summary>
    private sealed record Arrival(long Ticks, DateTime UtcNow, string WebhookId, string Timestamp, string Signature, string UserAgent, byte[] Body);

    /// <summary>A webhook receiver on 127.0.0.1 that answers 204 at once and notes each request's arrival.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly ConcurrentDictionary<string, byte> ids = new();
        private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly int expect;

        private Receiver(WebApplication app, int expect)
        {
            this.app = app;
            this.expect = expect;
        }

        public ConcurrentQueue<Arrival> Arrivals { get; } = new();

        public static async Task<Receiver> StartAsync(int port, int expect)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var receiver = new Receiver(app, expect);
            app.Run(receiver.HandleAsync);
            // SIGTERM (bench/run.sh stopping it) stops the host; then stop waiting too, and report what arrived.
            app.Lifetime.ApplicationStopping.Register(() => receiver.stopped.TrySetResult());
            await app.StartAsync();
            return receiver;
        }

        public async Task<bool> WaitAsync(TimeSpan timeout)
        {
            await Task.WhenAny(all.Task, stopped.Task, Task.Delay(timeout));
            return all.Task.IsCompleted;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext http)
        {
            var ticks = Stopwatch.GetTimestamp();
            var now = DateTime.UtcNow;
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = http.Request.Headers;
            var id = headers["webhook-id"].ToString();
            Arrivals.Enqueue(new Arrival(ticks, now, id, headers["webhook-timestamp"].ToString(), headers["webhook-signature"].ToString(),
                headers.UserAgent.ToString(), buffer.ToArray()));
            if (ids.TryAdd(id, 0) && ids.Count >= expect)
            {
                all.TrySetResult();
            }

            http.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }
}
