using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>The typed reasons keep the wire names the API, the pages and the database columns had as plain strings.</summary>
public sealed class WebhookReasonNameTests
{
    [Theory]
    [InlineData(WebhookDisabledReason.Manual, "manual")]
    [InlineData(WebhookDisabledReason.Failing, "failing")]
    [InlineData(WebhookDisabledReason.Gone, "gone")]
    public void EachDisabledReason_HasItsWireName_BothWays(WebhookDisabledReason reason, string wire)
    {
        Assert.Equal(wire, reason.ToWire());
        Assert.Equal(reason, WebhookReasonNames.ParseDisabledReason(wire));
    }

    [Theory]
    [InlineData(DeliveryCancelReason.WebhooksDisabled, "webhooks_disabled")]
    [InlineData(DeliveryCancelReason.Failing, "failing")]
    [InlineData(DeliveryCancelReason.Gone, "gone")]
    public void EachCancelReason_HasItsWireName_BothWays(DeliveryCancelReason reason, string wire)
    {
        Assert.Equal(wire, reason.ToWire());
        Assert.Equal(reason, WebhookReasonNames.ParseCancelReason(wire));
    }

    [Fact]
    public void EveryReason_HasAWireName_AndNoTwoOfAKindShareOne()
    {
        Assert.Equal(Enum.GetValues<WebhookDisabledReason>().Length, Enum.GetValues<WebhookDisabledReason>().Select(r => r.ToWire()).Distinct().Count());
        Assert.Equal(Enum.GetValues<DeliveryCancelReason>().Length, Enum.GetValues<DeliveryCancelReason>().Select(r => r.ToWire()).Distinct().Count());
    }

    [Fact]
    public void TheDocs_ListExactlyTheReasonsTheApiSends()
    {
        // docs/webhooks.md is what the API documents; the shared spec (WEBHOOKS.md) lists the same: manual, failing, gone.
        var docs = File.ReadAllText(Path.Combine(SampleReceiverProcess.RepositoryRoot(), "docs", "webhooks.md"));
        static string Listed(IEnumerable<string> names) => string.Join(", ", names.SkipLast(1).Select(n => $"`{n}`")) + $" or `{names.Last()}`";

        Assert.Contains($"`disabledReason` {Listed(Enum.GetValues<WebhookDisabledReason>().Select(r => r.ToWire()))}", docs, StringComparison.Ordinal);
        Assert.Contains($"`cancelReason` is\n  {Listed(Enum.GetValues<DeliveryCancelReason>().Select(r => r.ToWire()))}", docs.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownWireName_IsRefused()
    {
        Assert.Throws<FormatException>(() => WebhookReasonNames.ParseDisabledReason("webhooks_disabled"));
        Assert.Throws<FormatException>(() => WebhookReasonNames.ParseCancelReason("manual"));
    }
}

public abstract class WebhookReasonTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task TheReasons_AreStoredSentAndShownByTheirWireNames()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = r => (r.Path == "/gone" ? 410 : 200, null);
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (gone, _) = await client.CreateWebhookAsync($"{receiver.Url}/gone", "ProjectCreated");
        var (paused, _) = await client.CreateWebhookAsync($"{receiver.Url}/paused", "ProjectCreated");
        await client.CreateProjectAsync();
        await (await client.PutJsonAsync($"webhooks/{paused}", new { isActive = false })).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync(); // gone answers 410; paused keeps its delivery pending
        await App.SetSwitchAsync(cloud, webhooks: false); // which cancels it
        await App.SetSwitchAsync(cloud, webhooks: true);

        // The columns hold the same text as before the reasons were typed.
        Assert.Equal("gone", await DisabledReasonColumnAsync(cloud, gone));
        Assert.Equal("manual", await DisabledReasonColumnAsync(cloud, paused));
        Assert.Equal(["webhooks_disabled"], await CancelReasonColumnAsync(cloud, paused));

        // The API sends them as before.
        Assert.Equal("gone", (await client.WebhookAsync(gone)).GetProperty("disabledReason").GetString());
        Assert.Equal("manual", (await client.WebhookAsync(paused)).GetProperty("disabledReason").GetString());
        var cancelled = await client.SingleDeliveryAsync(paused);
        Assert.Equal(("cancelled", "webhooks_disabled"), (cancelled.Status(), cancelled.GetProperty("cancelReason").GetString()));

        // The pages show their texts.
        using var web = await WebSession.SignInAsync(App, cloud);
        var list = await web.GetPageAsync("/settings/integrations/webhooks");
        Assert.Contains($"The webhook to {receiver.Url}/gone was disabled: the receiver answered 410 Gone.", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"The webhook to {receiver.Url}/paused was disabled", list, StringComparison.Ordinal);
        Assert.Contains("Paused (by hand)", list, StringComparison.Ordinal);
        var detail = await web.GetPageAsync($"/settings/integrations/webhooks/{paused}");
        Assert.Contains("<div class=\"muted\" data-cancel-reason=\"webhooks_disabled\">cancelled: the owner switched webhooks off</div>", detail, StringComparison.Ordinal);
        Assert.Contains("Paused (by hand)", detail, StringComparison.Ordinal);
        Assert.Contains("the receiver answered 410 Gone", await web.GetPageAsync($"/settings/integrations/webhooks/{gone}"), StringComparison.Ordinal);
    }

    private Task<string?> DisabledReasonColumnAsync(TestCloud cloud, Guid webhook) => App.InCloudAsync(cloud.Id, db =>
        db.Database.SqlQuery<string?>($"""SELECT "DisabledReason" AS "Value" FROM "Webhooks" WHERE "Id" = {webhook}""").SingleAsync(Ct));

    private Task<List<string?>> CancelReasonColumnAsync(TestCloud cloud, Guid webhook) => App.InCloudAsync(cloud.Id, db =>
        db.Database.SqlQuery<string?>($"""SELECT "CancelReason" AS "Value" FROM "WebhookDeliveries" WHERE "WebhookId" = {webhook}""").ToListAsync(Ct));
}

public sealed class WebhookReasonTestsOnSqlite(SqliteApp app) : WebhookReasonTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookReasonTestsOnPostgres(PostgresApp app) : WebhookReasonTests(app), IClassFixture<PostgresApp>;
