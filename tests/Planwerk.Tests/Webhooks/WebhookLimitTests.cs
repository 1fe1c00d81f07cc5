using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// A cloud has at most <c>Planwerk:Webhooks:MaxPerCloud</c> webhooks (here 3; 50 by default): one more is 409
/// <c>webhook_limit_reached</c> in the API and on the form, the list says so, and other clouds are not affected.
/// </summary>
public abstract class WebhookLimitTests(PlanwerkApp app) : ProviderTest(app)
{
    public const int Max = 3;

    [Fact]
    public void TheDefault_Is50()
    {
        Assert.Equal(50, new WebhookOptions().MaxPerCloud);
    }

    [Fact]
    public async Task OneWebhookBeyondTheCap_Is409WebhookLimitReached_CountingPausedOnesAndEveryOwners_AndDeletingOneMakesRoom()
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var owner = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (first, _) = await owner.CreateWebhookAsync("http://127.0.0.1:9/a", "TaskCreated");
        await (await owner.PutJsonAsync($"webhooks/{first}", new { isActive = false })).AssertStatusAsync(HttpStatusCode.OK);
        await owner.CreateWebhookAsync("http://127.0.0.1:9/b", "TaskCreated");
        await admin.CreateWebhookAsync("http://127.0.0.1:9/c", "TaskCreated");

        var refused = await (await admin.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/d", actionTypes = new[] { "TaskCreated" } }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "webhook_limit_reached");
        Assert.Equal($"This cloud has {Max} webhooks, the most it may have ({Max}); delete one before creating another.", refused.GetProperty("detail").GetString());
        Assert.Equal(Max, await App.InCloudAsync(cloud.Id, db => db.Webhooks.CountAsync(Ct)));

        // Another cloud has its own room.
        var other = await App.CreateCloudAsync();
        await App.SetSwitchAsync(other, webhooks: true);
        await App.ApiClient(await App.CreateTokenAsync(other, other.OwnerId)).CreateWebhookAsync("http://127.0.0.1:9/x", "TaskCreated");

        await (await owner.DeleteAsync($"webhooks/{first}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await admin.CreateWebhookAsync("http://127.0.0.1:9/d", "TaskCreated");
    }

    [Fact]
    public async Task AtTheCap_TheListSaysSo_OffersNoNewWebhook_AndTheFormIsRefused_InEnglishAndGerman()
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var owner = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        using var web = await WebSession.SignInAsync(App, cloud);
        for (var i = 0; i < Max - 1; i++)
        {
            await owner.CreateWebhookAsync($"http://127.0.0.1:9/{i}", "TaskCreated");
        }

        var roomLeft = await web.GetPageAsync("/settings/integrations/webhooks");
        Assert.Contains("id=\"new-webhook\"", roomLeft, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"webhook-limit\"", roomLeft, StringComparison.Ordinal);
        await owner.CreateWebhookAsync("http://127.0.0.1:9/last", "TaskCreated");

        var full = await web.GetPageAsync("/settings/integrations/webhooks");
        Assert.DoesNotContain("id=\"new-webhook\"", full, StringComparison.Ordinal);
        Assert.Contains($"This cloud has {Max} of at most {Max} webhooks: delete one to create another.", full, StringComparison.Ordinal);
        var fields = new Dictionary<string, string?> { ["Input.CallbackUri"] = "http://127.0.0.1:9/more", ["Input.ActionTypes"] = "TaskCreated" };
        var form = await (await web.PostFormAsync("/settings/integrations/webhooks/new", fields)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("This cloud has as many webhooks as it may have. Delete one before creating another.", form, StringComparison.Ordinal);

        await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/settings/integrations/webhooks" }, "/settings/integrations/webhooks"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        var german = await (await web.PostFormAsync("/settings/integrations/webhooks/new", fields)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("Diese Cloud hat so viele Webhooks, wie sie haben darf.", german, StringComparison.Ordinal);
        Assert.Equal(Max, await App.InCloudAsync(cloud.Id, db => db.Webhooks.CountAsync(Ct)));
    }
}

/// <summary>The application with a cap of <see cref="WebhookLimitTests.Max"/> webhooks per cloud.</summary>
public class SmallWebhookCapApp(Provider provider) : PlanwerkApp(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Planwerk:Webhooks:MaxPerCloud"] = WebhookLimitTests.Max.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class SmallWebhookCapSqliteApp() : SmallWebhookCapApp(Provider.Sqlite);

public sealed class SmallWebhookCapPostgresApp() : SmallWebhookCapApp(Provider.Postgres);

public sealed class WebhookLimitTestsOnSqlite(SmallWebhookCapSqliteApp app) : WebhookLimitTests(app), IClassFixture<SmallWebhookCapSqliteApp>;

public sealed class WebhookLimitTestsOnPostgres(SmallWebhookCapPostgresApp app) : WebhookLimitTests(app), IClassFixture<SmallWebhookCapPostgresApp>;
