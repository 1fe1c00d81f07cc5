using System.Net;
using System.Text;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;
using StandardWebhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// The receivers of docs/webhooks.md (samples/webhooks/: ASP.NET Core, Express, Flask — written the way integrators write them,
/// with their frameworks' JSON body binding) as real processes, fed by Planwerk's worker: every delivery is answered 2xx and
/// verified, a wrong signature is refused.
/// </summary>
public abstract class SampleReceiverTests(PlanwerkApp app) : ProviderTest(app), IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("planwerk-samples-").FullName;

    [Fact]
    public Task TheCSharpReceiver_VerifiesAndAcceptsEveryDelivery_AndRefusesABadSignature() => DeliverToAsync(SampleReceiver.CSharp);

    [Fact]
    public Task TheJavaScriptReceiver_VerifiesAndAcceptsEveryDelivery_AndRefusesABadSignature() => DeliverToAsync(SampleReceiver.JavaScript);

    [Fact]
    public Task ThePythonReceiver_VerifiesAndAcceptsEveryDelivery_AndRefusesABadSignature() => DeliverToAsync(SampleReceiver.Python);

    private async Task DeliverToAsync(SampleReceiver sample)
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var port = PlanwerkProcess.FreePort();
        var url = $"http://127.0.0.1:{port}/planwerk/hooks";
        var (hook, secret) = await client.CreateWebhookAsync(url, "*");
        await using var receiver = await SampleReceiverProcess.StartAsync(sample, port, secret, work);

        // Events, a ping and a redelivery.
        var project = await client.CreateProjectAsync();
        var first = (await (await client.PostJsonAsync("tasks", new { title = "T1", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PostJsonAsync("tasks", new { title = "T2", targetParentId = project })).AssertStatusAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"tasks/{first}", new { title = "T1 renamed" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await RunWorkerAtRealTimeAsync();
        var taskCreated = (await client.DeliveriesAsync(hook)).First(d => d.GetProperty("action").GetString() == "TaskCreated");
        await (await client.PostAsync($"webhooks/{hook}/deliveries/{taskCreated.Id()}/redeliver", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await RunWorkerAtRealTimeAsync();

        var deliveries = await client.DeliveriesAsync(hook);
        var attempts = deliveries.SelectMany(d => d.Attempts().Select(a => (Delivery: d, Attempt: a))).ToList();
        Assert.All(attempts, a => Assert.True(a.Attempt.GetProperty("statusCode").GetInt32() is >= 200 and < 300,
            $"{a.Delivery.GetProperty("action").GetString()} was answered {a.Attempt.GetProperty("statusCode")}: {a.Attempt.GetProperty("responseBody")}\n{receiver.Output}"));
        Assert.All(deliveries, d => Assert.Equal("succeeded", d.Status()));
        var sent = attempts.Select(a => new VerifiedDelivery(a.Delivery.GetProperty("payloadId").GetGuid().ToString(), a.Delivery.GetProperty("action").GetString()!));
        Assert.Equal(sent.OrderBy(d => d.Id).ThenBy(d => d.Action), receiver.Verified.OrderBy(d => d.Id).ThenBy(d => d.Action));
        var actions = receiver.Verified.Select(d => d.Action).ToList();
        Assert.Equal(3, actions.Count(a => a == "TaskCreated")); // two tasks, one of them redelivered
        Assert.Contains("ProjectCreated", actions);
        Assert.Contains("TaskUpdated", actions);
        Assert.Contains("Ping", actions);

        // A request whose body was changed after signing, and one signed right, from the test itself.
        var verified = receiver.Verified.Count;
        var body = """{"id":"00000000-0000-0000-0000-000000000001","webhookId":"00000000-0000-0000-0000-000000000002","action":"TaskCreated","context":{"entityId":"00000000-0000-0000-0000-000000000003","entityType":"task","projectId":null,"changedBy":null,"changes":null},"createdAt":"2026-11-28T10:00:00.000Z","mandantId":"00000000-0000-0000-0000-000000000004","sequence":1,"deliveryAttempts":1}""";
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Signed(url, secret, body, body.Replace("TaskCreated", "TaskDeleted", StringComparison.Ordinal)), Ct)).StatusCode);
        Assert.Equal(verified, receiver.Verified.Count);
        Assert.True((await http.SendAsync(Signed(url, secret, body, body), Ct)).IsSuccessStatusCode, receiver.Output);
        Assert.Equal(new VerifiedDelivery("00000000-0000-0000-0000-000000000001", "TaskCreated"), receiver.Verified[^1]);

        // A webhook with another secret (the receiver was configured with the first one's): refused, and retried later.
        await (await client.PutJsonAsync($"webhooks/{hook}", new { isActive = false })).AssertStatusAsync(HttpStatusCode.OK);
        var (other, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        await client.CreateProjectAsync("Q");
        await RunWorkerAtRealTimeAsync();
        var refused = await client.SingleDeliveryAsync(other);
        Assert.Equal(401, Assert.Single(refused.Attempts()).GetProperty("statusCode").GetInt32());
        Assert.Equal("pending", refused.Status());
        Assert.Equal(verified + 1, receiver.Verified.Count);
    }

    /// <summary>The samples check the timestamp against the real clock (5 minutes); the app's clock is brought to it.</summary>
    private async Task RunWorkerAtRealTimeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.True(now >= App.Time.GetUtcNow(), $"This machine's clock ({now:O}) is behind the test app's start ({App.Time.GetUtcNow():O}).");
        App.MoveTo(now);
        await App.RunWebhookWorkerOnceAsync();
    }

    private static HttpRequestMessage Signed(string url, string secret, string signedBody, string sentBody)
    {
        var id = "00000000-0000-0000-0000-000000000001";
        var timestamp = DateTimeOffset.UtcNow;
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(sentBody, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, timestamp, signedBody));
        return request;
    }

    public void Dispose()
    {
        Directory.Delete(work, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SampleReceiverTestsOnSqlite(SqliteApp app) : SampleReceiverTests(app), IClassFixture<SqliteApp>;

public sealed class SampleReceiverTestsOnPostgres(PostgresApp app) : SampleReceiverTests(app), IClassFixture<PostgresApp>;

/// <summary>docs/webhooks.md shows the sample receivers as they are, so the docs and the tested code cannot drift apart.</summary>
public sealed class SampleReceiverDocsTests
{
    [Theory]
    [InlineData("csharp/Program.cs")]
    [InlineData("javascript/server.js")]
    [InlineData("python/receiver.py")]
    public void TheWebhookDocs_ShowTheSampleReceiver_Verbatim(string file)
    {
        var root = SampleReceiverProcess.RepositoryRoot();
        var sample = File.ReadAllText(Path.Combine(root, "samples", "webhooks", file)).ReplaceLineEndings("\n");
        var docs = File.ReadAllText(Path.Combine(root, "docs", "webhooks.md")).ReplaceLineEndings("\n");

        Assert.False(string.IsNullOrWhiteSpace(sample));
        Assert.Contains($"`samples/webhooks/{file}`", docs, StringComparison.Ordinal);
        Assert.Contains("\n" + sample.TrimEnd('\n') + "\n```\n", docs, StringComparison.Ordinal);
    }
}
