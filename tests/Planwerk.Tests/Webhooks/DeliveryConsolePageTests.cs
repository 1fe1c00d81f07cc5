using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// The delivery console on the webhook's page (#16): each attempt's headers and pretty-printed body, the filter (and "nothing
/// matches"), redeliveries linked to their original, "retry now" and the bulk redelivery of the filtered set — each post
/// redirecting back to the same filter.
/// </summary>
public abstract partial class DeliveryConsolePageTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string List = "/settings/integrations/webhooks";

    [Fact]
    public async Task AnAttempt_ShowsItsRequestHeaders_ThePrettyBody_AndTheResponse()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (201, new Dictionary<string, string> { ["X-Trace"] = "abc123" });
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync("Console");
        await App.RunWebhookWorkerOnceAsync();
        using var web = await WebSession.SignInAsync(App, cloud);

        var html = WebUtility.HtmlDecode(await web.GetPageAsync($"{List}/{hook}"));

        var sent = Assert.Single(receiver.Requests);
        Assert.Contains($"<dt>webhook-id</dt><dd class=\"break-all\">{sent.WebhookId}</dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(sent.Headers["webhook-signature"], html, StringComparison.Ordinal);
        Assert.Matches(@"<dt>webhook-signature</dt><dd class=""break-all"">v1,[A-Za-z0-9+/]{8}…</dd>", html);
        Assert.Contains("<dt>X-Trace</dt><dd class=\"break-all\">abc123</dd>", html, StringComparison.Ordinal);
        Assert.Contains("HTTP 201", html, StringComparison.Ordinal);
        Assert.Matches("<pre class=\"json\">{\n  \"id\": \"" + sent.WebhookId, html); // indented, as a person reads it
    }

    [Fact]
    public async Task TheFilter_NarrowsTheLog_SaysWhenNothingMatches_AndNamesItsOwnFieldOnABadSearch()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertStatusAsync(HttpStatusCode.Accepted);
        await App.RunWebhookWorkerOnceAsync();
        using var web = await WebSession.SignInAsync(App, cloud);

        Assert.Equal(2, Rows(await web.GetPageAsync($"{List}/{hook}")).Count);
        var pings = Rows(await web.GetPageAsync($"{List}/{hook}?filter.action=Ping"));
        Assert.Single(pings);
        var none = await web.GetPageAsync($"{List}/{hook}?filter.action=Ping&filter.status=Failed");
        Assert.Empty(Rows(none));
        Assert.Contains("No delivery matches the filter.", none, StringComparison.Ordinal);
        var tomorrow = App.Time.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty(Rows(await web.GetPageAsync($"{List}/{hook}?filter.from={tomorrow}")));
        Assert.Equal(2, Rows(await web.GetPageAsync($"{List}/{hook}?filter.to={App.Time.GetUtcNow():yyyy-MM-dd}")).Count); // "to" includes its day

        var bad = WebUtility.HtmlDecode(await web.GetPageAsync($"{List}/{hook}?filter.search=what"));
        Assert.Empty(Rows(bad));
        Assert.Contains("Search: webhook-id, delivery id or #number", bad, StringComparison.Ordinal);
        Assert.Matches("field-validation-error[^>]*>[^<]*Search: webhook-id, delivery id or #number", bad);
        Assert.DoesNotContain("/search", bad, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryNow_AndBulkRedelivery_RedirectToTheSameFilter_AndTheRedeliveryLinksItsOriginal()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (receiver.Count <= 1 ? 500 : 200, null);
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        var delivery = await client.SingleDeliveryAsync(hook);
        Assert.Equal("pending", delivery.Status());
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"{List}/{hook}";

        var retry = await web.PostFormAsync($"{page}?handler=RetryNow&filter.status=Pending", new() { ["deliveryId"] = delivery.Id().ToString() }, page);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal($"{page}?filter.status=Pending", retry.Headers.Location!.OriginalString);
        Assert.Contains("The next attempt starts now.", await web.GetPageAsync(retry.Headers.Location.OriginalString), StringComparison.Ordinal);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());

        var bulk = await web.PostFormAsync($"{page}?handler=RedeliverFiltered", new() { ["Filter.Status"] = "Succeeded", ["Filter.Action"] = "ProjectCreated" }, page);
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Equal($"{page}?filter.status=Succeeded&filter.action=ProjectCreated", bulk.Headers.Location!.OriginalString);
        Assert.Contains("1 deliveries are being sent again.", await web.GetPageAsync(bulk.Headers.Location.OriginalString), StringComparison.Ordinal);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(3, receiver.Count);

        var html = await web.GetPageAsync(page);
        Assert.Contains($"data-redelivery-of=\"{delivery.Id()}\"><a href=\"?filter.search={delivery.Id()}\"", html, StringComparison.Ordinal);
        Assert.Equal(2, Rows(await web.GetPageAsync($"{page}?filter.search={delivery.GetProperty("payloadId").GetGuid()}")).Count);
    }

    [Fact]
    public async Task AnOversizedBulkRedelivery_IsRefusedOnThePage_AndNothingIsQueued()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        await App.InCloudAsync(cloud.Id, async db =>
        {
            var original = await db.WebhookDeliveries.FirstAsync(d => d.WebhookId == hook, Ct);
            db.WebhookDeliveries.AddRange(Enumerable.Range(0, Planwerk.Webhooks.WebhookService.BulkRedeliverMax).Select(_ => new Planwerk.Webhooks.WebhookDelivery
            {
                CloudId = cloud.Id, WebhookId = hook, EventSequence = original.EventSequence, Status = Planwerk.Webhooks.DeliveryStatus.Succeeded,
                NextAttemptAt = original.NextAttemptAt, CreatedAt = original.CreatedAt,
            }));
            return await db.SaveChangesAsync(Ct);
        });
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"{List}/{hook}";

        var refused = await web.PostFormAsync($"{page}?handler=RedeliverFiltered", new(), page);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("More deliveries match than one redelivery may send (1,000); narrow the filter.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)),
            StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == Planwerk.Webhooks.DeliveryStatus.Pending, Ct)));
    }

    private async Task<(TestCloud Cloud, HttpClient Client, Guid Webhook)> CloudWithWebhookAsync(string url)
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        return (cloud, client, hook);
    }

    private static List<string> Rows(string html) => [.. DeliveryRow().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<tr data-delivery=\"([0-9a-f-]+)\"")]
    private static partial Regex DeliveryRow();
}

public sealed class DeliveryConsolePageTestsOnSqlite(SqliteApp app) : DeliveryConsolePageTests(app), IClassFixture<SqliteApp>;

public sealed class DeliveryConsolePageTestsOnPostgres(PostgresApp app) : DeliveryConsolePageTests(app), IClassFixture<PostgresApp>;
