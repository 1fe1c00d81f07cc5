using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Abuse;

/// <summary>
/// No tenant starves another (issue 17), measured against a real <c>planwerk serve</c> process over real sockets: one cloud
/// holds 90 slow uploads open — half send nothing after the first bytes of their body, half dribble it slowly — while
/// another cloud's GETs stay under 1 s; every slow sender gets 408 <c>request_timeout</c> and nothing is written.
/// The deadline is small here (4 s in total, 10 bytes a second after the first second) so that the test is quick.
/// </summary>
public abstract class SlowUploadTests(PlanwerkApp app, ITestOutputHelper output) : ProviderTest(app)
{
    private const int SlowUploads = 90;
    private const double MaxBodySeconds = 4;
    private const int MinBodyBytesPerSecond = 10;

    [Fact]
    public async Task NinetySlowUploadsOfOneCloud_LeaveAnotherCloudsGetsUnderOneSecond_AndGet408WithNothingWritten()
    {
        var attacker = await App.CreateCloudAsync();
        var attackerToken = await App.CreateTokenAsync(attacker, attacker.OwnerId);
        var victim = await App.CreateCloudAsync();
        var victimToken = await App.CreateTokenAsync(victim, victim.OwnerId);
        var environment = new Dictionary<string, string>
        {
            ["Planwerk__Database__Provider"] = App.Provider == Provider.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings__Planwerk"] = App.Database.ConnectionString,
            ["Planwerk__DataDirectory"] = App.Database.DataDirectory,
            ["Planwerk__Demo__Enabled"] = "false",
            ["Planwerk__Webhooks__WorkerEnabled"] = "false",
            ["Planwerk__RateLimit__PermitLimit"] = "1000000",
            ["Planwerk__Api__MaxBodySeconds"] = MaxBodySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Planwerk__Api__MinBodyBytesPerSecond"] = MinBodyBytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var server = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(App.Database.DataDirectory, "slow-uploads.log"));
        await server.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"{server.BaseUrl}/api/core/"), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", victimToken);
        for (var i = 0; i < 20; i++)
        {
            (await http.GetAsync("projects", Ct)).EnsureSuccessStatusCode(); // warm: JIT, pools, caches
        }

        // The attack: 90 uploads whose headers are complete and whose bodies are not.
        var clock = Stopwatch.StartNew();
        var uploads = Enumerable.Range(0, SlowUploads).Select(i => SlowUploadAsync(server.Port, attackerToken, dribble: i % 2 == 1)).ToList();
        await Task.Delay(300, Ct); // all of them connected and sent their headers

        // Meanwhile: the other cloud's GETs, four at a time, until the first slow senders are due to be refused.
        var silentDue = TimeSpan.FromSeconds(1 + 16.0 / MinBodyBytesPerSecond);
        var latencies = new List<double>();
        var statuses = new List<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            while (clock.Elapsed < silentDue - TimeSpan.FromMilliseconds(300))
            {
                var one = Stopwatch.StartNew();
                using var response = await http.GetAsync("projects", Ct);
                lock (latencies)
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                    statuses.Add(response.StatusCode);
                }
            }
        }));
        var heldWhileMeasuring = uploads.Count(u => !u.IsCompleted);

        var answers = await Task.WhenAll(uploads).WaitAsync(TimeSpan.FromSeconds(120), Ct); // generous on a loaded machine
        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
        output.WriteLine($"{App.Provider}: {latencies.Count} GETs of the other cloud while {heldWhileMeasuring} of {SlowUploads} slow uploads were held: " +
            $"median {median:F1} ms, p95 {p95:F1} ms, max {latencies[^1]:F1} ms; the slow uploads were answered after {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var group in answers.GroupBy(a => a.Dribbled))
        {
            output.WriteLine($"  {(group.Key ? "dribbling" : "silent")} senders answered after {group.Min(a => a.After.TotalSeconds):F2}–{group.Max(a => a.After.TotalSeconds):F2} s: "
                + string.Join(' ', group.Select(a => a.After.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).Order()));
        }

        Assert.Equal(SlowUploads, heldWhileMeasuring); // the measurement ran while all of them were held
        Assert.True(latencies.Count >= 8, $"only {latencies.Count} GETs");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(p95 < 1000, $"p95 of the other cloud's GETs was {p95:F0} ms (median {median:F0} ms)");
        Assert.All(answers, a =>
        {
            Assert.StartsWith("HTTP/1.1 408 ", a.Response, StringComparison.Ordinal);
            Assert.Contains("application/problem+json", a.Response, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"code\":\"request_timeout\"", a.Response, StringComparison.Ordinal);
        });
        Assert.All(answers.Where(a => a.Dribbled), a => Assert.True(a.After >= TimeSpan.FromSeconds(MaxBodySeconds) - TimeSpan.FromMilliseconds(500),
            $"a dribbling sender keeps the rate and is refused only at the total deadline, not after {a.After.TotalSeconds:F2} s"));
        Assert.Equal(0, await App.InCloudAsync(attacker.Id, db => db.Projects.CountAsync(Ct)));
    }

    private sealed record Answer(bool Dribbled, TimeSpan After, string Response);

    /// <summary>
    /// A POST whose headers promise 400 bytes and whose body stops after 15 (silent) or goes on at 25 bytes a second (dribbling,
    /// above the minimum rate); returns the server's whole answer.
    /// </summary>
    private static async Task<Answer> SlowUploadAsync(int port, string token, bool dribble)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port, Ct);
        var stream = client.GetStream();
        var started = Stopwatch.StartNew();
        var head = $"POST /api/core/projects HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: {token}\r\n" +
            "Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"title\":\"slow";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        var reading = ReadResponseAsync(stream);
        while (dribble && !reading.IsCompleted)
        {
            await Task.WhenAny(reading, Task.Delay(200, Ct));
            if (!reading.IsCompleted)
            {
                try
                {
                    await stream.WriteAsync("xxxxx"u8.ToArray(), Ct);
                }
                catch (IOException)
                {
                    break; // the server closed the connection
                }
            }
        }

        var response = await reading;
        return new Answer(dribble, started.Elapsed, response);
    }

    /// <summary>Reads status line, headers and the Content-Length of body, or up to the end of the connection.</summary>
    private static async Task<string> ReadResponseAsync(NetworkStream stream)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, Ct);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text[..end].Split("\r\n").Select(h => h.Split(':', 2)).Where(h => h.Length == 2 && h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(-1);
                if (length >= 0 && received.Length >= Encoding.UTF8.GetByteCount(text[..end]) + 4 + length)
                {
                    break;
                }
            }
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }
}

public sealed class SlowUploadTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : SlowUploadTests(app, output), IClassFixture<SqliteApp>;

public sealed class SlowUploadTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : SlowUploadTests(app, output), IClassFixture<PostgresApp>;
