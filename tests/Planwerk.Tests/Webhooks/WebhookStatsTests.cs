using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>The nearest-rank percentile the stats use.</summary>
public sealed class WebhookStatsPercentileTests
{
    [Theory]
    [InlineData(new int[0], 0.5, null)]
    [InlineData(new[] { 7 }, 0.95, 7)]
    [InlineData(new[] { 1, 2, 3, 4 }, 0.5, 2)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100 }, 0.95, 19)]
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100 }, 0.96, 100)]
    public void IsTheSmallestValueWithThatShareAtOrBelowIt(int[] sorted, double p, int? expected) =>
        Assert.Equal(expected, WebhookStats.Percentile(sorted, p));
}

/// <summary>
/// <c>GET /webhooks/{id}/stats</c> and the chart (#16): success rate and latency p50/p95 per hour over 24 h and per day over
/// 30 days, the share of each failure kind; the detail page draws them as SVG and the list shows a success-rate bar.
/// </summary>
public abstract partial class WebhookStatsTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task TheStats_BucketAttemptsByHourAndDay_WithRatePercentilesAndFailureShares()
    {
        var (cloud, client, hook) = await CloudWithWebhookAsync();
        var now = App.Time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(15).AddMinutes(30);
        App.MoveTo(now);
        // This hour: 3 successes (100, 200, 300 ms) and one timeout (10 s); 2 hours ago: one HTTP 500; 3 days ago: one refused connection.
        await SeedAttemptsAsync(cloud, hook,
            (now.AddMinutes(-5), 100, true, null), (now.AddMinutes(-10), 200, true, null), (now.AddMinutes(-20), 300, true, null),
            (now.AddMinutes(-25), 10_000, false, "timeout"), (now.AddHours(-2), 50, false, "status"), (now.AddDays(-3), 5, false, "connection"),
            (now.AddDays(-31), 1, true, null)); // outside the window

        var stats = await (await client.GetAsync($"webhooks/{hook}/stats", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(6, stats.GetProperty("attempts").GetInt32());
        Assert.Equal(0.5, stats.GetProperty("successRate").GetDouble());
        var hourly = stats.GetProperty("hourly").EnumerateArray().ToList();
        Assert.Equal(WebhookStats.Hours, hourly.Count);
        var current = hourly[^1];
        Assert.Equal(now.Date.AddHours(15), current.GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal((4, 3, 0.75, 200, 10_000), (current.GetProperty("attempts").GetInt32(), current.GetProperty("succeeded").GetInt32(),
            current.GetProperty("successRate").GetDouble(), current.GetProperty("p50Ms").GetInt32(), current.GetProperty("p95Ms").GetInt32()));
        Assert.Equal((1, 0.0, 50), (hourly[^3].GetProperty("attempts").GetInt32(), hourly[^3].GetProperty("successRate").GetDouble(), hourly[^3].GetProperty("p95Ms").GetInt32()));
        Assert.Equal(JsonValueKind.Null, hourly[^2].GetProperty("successRate").ValueKind); // no attempts: no rate, not 0 %
        Assert.Equal(0, hourly[^2].GetProperty("attempts").GetInt32());

        var daily = stats.GetProperty("daily").EnumerateArray().ToList();
        Assert.Equal(WebhookStats.Days, daily.Count);
        Assert.Equal(now.Date, daily[^1].GetProperty("start").GetDateTime().ToUniversalTime());
        Assert.Equal(5, daily[^1].GetProperty("attempts").GetInt32());
        Assert.Equal(1, daily[^4].GetProperty("attempts").GetInt32());
        Assert.Equal(6, daily.Sum(d => d.GetProperty("attempts").GetInt32()));

        var kinds = stats.GetProperty("failureKinds").EnumerateArray().Select(k => (k.GetProperty("kind").GetString(), k.GetProperty("count").GetInt32())).ToList();
        Assert.Equal([("connection", 1), ("status", 1), ("timeout", 1)], kinds);
        Assert.All(stats.GetProperty("failureKinds").EnumerateArray(), k => Assert.Equal(0.3333, k.GetProperty("share").GetDouble()));
    }

    [Fact]
    public async Task RealDeliveries_AreCounted_AndAnotherCloudsWebhookIsA404()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answered = 0;
        receiver.Respond = _ => (Interlocked.Increment(ref answered) == 1 ? 200 : 502, null);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        await client.CreateProjectAsync();
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();

        var stats = await (await client.GetAsync($"webhooks/{hook}/stats", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, stats.GetProperty("attempts").GetInt32());
        Assert.Equal(0.5, stats.GetProperty("successRate").GetDouble());
        Assert.Equal("status", Assert.Single(stats.GetProperty("failureKinds").EnumerateArray()).GetProperty("kind").GetString());

        var other = await App.CreateCloudAsync();
        var stranger = App.ApiClient(await App.CreateTokenAsync(other, other.OwnerId));
        await (await stranger.GetAsync($"webhooks/{hook}/stats", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheDetailPage_DrawsTheChartAsSvg_WithTheFiguresAsATable_AndTheListShowsTheSuccessBar()
    {
        var (cloud, _, hook) = await CloudWithWebhookAsync();
        var now = App.Time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(12).AddMinutes(30);
        App.MoveTo(now);
        await SeedAttemptsAsync(cloud, hook, (now.AddMinutes(-1), 120, true, null), (now.AddMinutes(-2), 80, true, null), (now.AddMinutes(-3), 900, false, "timeout"),
            (now.AddMinutes(-4), 100, true, null));
        using var web = await WebSession.SignInAsync(App, cloud);

        var html = WebUtility.HtmlDecode(await web.GetPageAsync($"/settings/integrations/webhooks/{hook}"));

        Assert.Equal(WebhookStats.Hours, Bars(html, "hourly").Count);
        Assert.Equal(WebhookStats.Days, Bars(html, "daily").Count);
        Assert.Equal("0.75", Bars(html, "hourly")[^1]);
        Assert.Contains("4 attempts, 75 % succeeded, p50 100 ms, p95 900 ms", html, StringComparison.Ordinal);
        Assert.Contains("<li data-failure-kind=\"timeout\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", Section(html), StringComparison.Ordinal);
        Assert.DoesNotContain("style=", Section(html), StringComparison.Ordinal); // the CSP allows no inline style

        var list = await web.GetPageAsync("/settings/integrations/webhooks");
        Assert.Contains("data-success-rate=\"0.75\"", list, StringComparison.Ordinal);
    }

    private async Task<(TestCloud Cloud, HttpClient Client, Guid Webhook)> CloudWithWebhookAsync()
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync("http://127.0.0.1:9/stats", "ProjectCreated");
        return (cloud, client, hook);
    }

    /// <summary>Attempts with known times and durations, each on its own delivery of one Ping event.</summary>
    private Task<int> SeedAttemptsAsync(TestCloud cloud, Guid hook, params (DateTime At, int Ms, bool Ok, string? Kind)[] attempts) =>
        App.InCloudAsync(cloud.Id, async db =>
        {
            var ev = new WebhookEvent { CloudId = cloud.Id, Action = WebhookActions.Ping, EntityType = "webhook", EntityId = hook, CreatedAt = attempts.Min(a => a.At) };
            db.WebhookEvents.Add(ev);
            await db.SaveChangesAsync(Ct);
            foreach (var a in attempts)
            {
                var delivery = new WebhookDelivery
                {
                    CloudId = cloud.Id, WebhookId = hook, EventSequence = ev.Sequence, Status = a.Ok ? DeliveryStatus.Succeeded : DeliveryStatus.Failed,
                    Attempts = 1, NextAttemptAt = a.At, CreatedAt = a.At, CompletedAt = a.At,
                };
                db.WebhookDeliveries.Add(delivery);
                db.WebhookAttempts.Add(new WebhookAttempt
                {
                    CloudId = cloud.Id, DeliveryId = delivery.Id, Number = 1, StartedAt = a.At, DurationMs = a.Ms, Succeeded = a.Ok, ErrorKind = a.Kind,
                    StatusCode = a.Ok ? 200 : a.Kind == "status" ? 500 : null,
                });
            }

            return await db.SaveChangesAsync(Ct);
        });

    private static string Section(string html) => html[html.IndexOf("id=\"webhook-health\"", StringComparison.Ordinal)..html.IndexOf("id=\"secret-heading\"", StringComparison.Ordinal)];

    /// <summary>The data-rate of each bar of one series, in order ("" for a bucket without attempts).</summary>
    private static List<string> Bars(string html, string series)
    {
        var start = html.IndexOf($"data-series=\"{series}\"", StringComparison.Ordinal);
        var figure = html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
        var chart = figure[..figure.IndexOf("</svg>", StringComparison.Ordinal)];
        return [.. BarRate().Matches(chart).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("<rect class=\"bar-[a-z]+\" [^>]*data-rate=\"([0-9.]*)\"")]
    private static partial Regex BarRate();
}

public sealed class WebhookStatsTestsOnSqlite(SqliteApp app) : WebhookStatsTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookStatsTestsOnPostgres(PostgresApp app) : WebhookStatsTests(app), IClassFixture<PostgresApp>;
