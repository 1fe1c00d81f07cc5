using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Audit;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>A webhook whose deliveries have all failed for 5 days, at least 10 times in a row, is disabled (reason <c>failing</c>).</summary>
public abstract class WebhookAutoDisableTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AWebhookFailingForFiveDays_IsDisabledAtItsTenthFailureInARow_NotAtItsNinth()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync(); // failure 1
        App.Time.Advance(TimeSpan.FromDays(5));

        await CreateProjectsAsync(client, 7);
        await App.RunWebhookWorkerOnceAsync(); // failures 2 to 9: the first delivery's retry and seven new ones, at the same time
        Assert.Equal(9, receiver.Count);
        Assert.True((await client.WebhookAsync(hook)).GetProperty("isActive").GetBoolean(), "disabled after 9 failures");

        await client.CreateProjectAsync("tenth");
        await App.RunWebhookWorkerOnceAsync(); // failure 10
        Assert.Equal(10, receiver.Count);
        var webhook = await client.WebhookAsync(hook);
        Assert.False(webhook.GetProperty("isActive").GetBoolean());
        Assert.Equal("failing", webhook.GetProperty("disabledReason").GetString());
        var audit = await (await client.GetAsync("audit-log?action=webhook.auto_disabled", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(hook, entry.GetProperty("targetId").GetGuid());
        Assert.Equal("disabled: failing", entry.GetProperty("newValue").GetString());

        // Nothing is left to retry: the other deliveries are cancelled for the same reason, and no request follows.
        var deliveries = await client.DeliveriesAsync(hook);
        Assert.DoesNotContain(deliveries, d => d.Status() is "pending" or "delivering");
        Assert.All(deliveries.Where(d => d.Status() == "cancelled"), d => Assert.Equal("failing", d.GetProperty("cancelReason").GetString()));
        App.Time.Advance(TimeSpan.FromDays(2));
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(10, receiver.Count);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.Status == DeliveryStatus.Pending, Ct)));
    }

    [Fact]
    public async Task ManyDeliveriesFailingAtOnceAfterFiveDays_DisableTheWebhookOnce_AndLeaveNoneOfThemPending()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (cloud, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await CreateProjectsAsync(client, 16);
        await App.RunWebhookWorkerOnceAsync(); // 16 failures, 8 at a time
        Assert.True((await client.WebhookAsync(hook)).GetProperty("isActive").GetBoolean(), "disabled before 5 days");

        App.Time.Advance(TimeSpan.FromDays(5));
        await App.RunWebhookWorkerOnceAsync(); // the first 8 retries fail together

        Assert.Equal("failing", (await client.WebhookAsync(hook)).GetProperty("disabledReason").GetString());
        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.Where(a => a.Action == AuditActions.WebhookAutoDisabled).ToListAsync(Ct));
        Assert.Single(audit);
        var deliveries = await client.DeliveriesAsync(hook);
        Assert.Equal(16, deliveries.Count);
        Assert.DoesNotContain(deliveries, d => d.Status() is "pending" or "delivering");
    }

    [Fact]
    public async Task AWebhookFailingTenTimesInARow_ButForLessThanFiveDays_StaysActive()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (_, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await CreateProjectsAsync(client, 12);
        await App.RunWebhookWorkerOnceAsync();

        App.Time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromMinutes(1));
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(24, receiver.Count);
        var webhook = await client.WebhookAsync(hook);
        Assert.True(webhook.GetProperty("isActive").GetBoolean());
        Assert.All(await client.DeliveriesAsync(hook), d => Assert.Equal("pending", d.Status()));
    }

    [Fact]
    public async Task ASuccessfulDelivery_StartsTheRunOfFailuresAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (_, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await CreateProjectsAsync(client, 10);
        await App.RunWebhookWorkerOnceAsync();

        App.Time.Advance(TimeSpan.FromDays(4));
        receiver.Respond = _ => (200, null);
        await client.CreateProjectAsync("ok");
        await App.RunWebhookWorkerOnceAsync();

        receiver.Respond = _ => (500, null);
        App.Time.Advance(TimeSpan.FromDays(1.5));
        await CreateProjectsAsync(client, 10);
        await App.RunWebhookWorkerOnceAsync();

        Assert.Equal(31, receiver.Count);
        Assert.True((await client.WebhookAsync(hook)).GetProperty("isActive").GetBoolean(), "disabled although a delivery succeeded 1.5 days ago");
    }

    [Fact]
    public async Task ADeliveryADeadWorkerHadTaken_IsCancelledWhenItsWebhookIsAutoDisabled_AndNotSentWhenTheWebhookIsActivatedAgain()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = _ => (500, null);
        var (_, client, hook) = await CloudWithWebhookAsync(receiver.Url);
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync(); // failure 1
        App.Time.Advance(TimeSpan.FromDays(5));
        await CreateProjectsAsync(client, 7);
        await App.RunWebhookWorkerOnceAsync(); // failures 2 to 9

        // A worker takes the next delivery and dies with its request out: the delivery keeps its lease (2 minutes).
        receiver.Hold();
        await client.CreateProjectAsync("orphan");
        var dying = ActivatorUtilities.CreateInstance<WebhookDeliveryWorker>(App.Services);
        Assert.Equal(1, await dying.RunOnceAsync(Ct));
        await receiver.WaitForAsync(10);
        dying.Dispose();
        await WebhookReceiver.WaitUntilAsync(() => receiver.InFlight == 0 && dying.InFlightCount == 0, "the dying worker's request ended");
        receiver.Release();

        await client.CreateProjectAsync("tenth");
        await App.RunWebhookWorkerOnceAsync(); // failure 10 disables the webhook while the orphan's lease still holds
        Assert.Equal(11, receiver.Count);
        Assert.Equal("failing", (await client.WebhookAsync(hook)).GetProperty("disabledReason").GetString());
        var deliveries = await client.DeliveriesAsync(hook);
        Assert.DoesNotContain(deliveries, d => d.Status() is "pending" or "delivering");
        var orphan = Assert.Single(deliveries, d => d.GetProperty("attempts").GetInt32() == 0);
        Assert.Equal(("cancelled", "failing"), (orphan.Status(), orphan.GetProperty("cancelReason").GetString()));

        // Once the lease has run out and the webhook is active again, nothing goes by itself (recover sends the cancelled ones).
        App.Time.Advance(TimeSpan.FromMinutes(5));
        receiver.Respond = _ => (200, null);
        await (await client.PutJsonAsync($"webhooks/{hook}", new { isActive = true })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(11, receiver.Count);
        Assert.Equal("cancelled", (await client.DeliveriesAsync(hook)).Single(d => d.GetProperty("id").GetGuid() == orphan.GetProperty("id").GetGuid()).Status());
    }

    private async Task<(TestCloud Cloud, HttpClient Client, Guid Webhook)> CloudWithWebhookAsync(string url)
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, _) = await client.CreateWebhookAsync(url, "ProjectCreated");
        return (cloud, client, hook);
    }

    private static async Task CreateProjectsAsync(HttpClient client, int count) =>
        await (await client.PostJsonAsync("projects/projects", Enumerable.Range(0, count).Select(i => new { title = $"P{i}" }).ToArray()))
            .AssertStatusAsync(HttpStatusCode.Created);
}

public sealed class WebhookAutoDisableTestsOnSqlite(SqliteApp app) : WebhookAutoDisableTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookAutoDisableTestsOnPostgres(PostgresApp app) : WebhookAutoDisableTests(app), IClassFixture<PostgresApp>;
