using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>The claim takes clouds in turns: many busy webhooks of one cloud cannot keep another cloud out of a claim.</summary>
public abstract class WebhookClaimTurnsTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task OneClaim_TakesEveryCloudWithDueWork_EvenWhenAnotherCloudsOlderWorkWouldFillIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var busyClients = new List<HttpClient>();
        for (var c = 0; c < 2; c++)
        {
            var busy = await App.CreateCloudAsync();
            var client = App.ApiClient(await App.CreateTokenAsync(busy, busy.OwnerId));
            busyClients.Add(client);
            for (var i = 0; i < 40; i++)
            {
                await client.CreateWebhookAsync($"{receiver.Url}/busy{c}", "ProjectCreated");
            }

            await client.CreateProjectAsync("due first, for 40 webhooks");
        }

        App.Time.Advance(TimeSpan.FromMinutes(1));
        var late = await App.CreateCloudAsync();
        var lateClient = App.ApiClient(await App.CreateTokenAsync(late, late.OwnerId));
        await lateClient.CreateWebhookAsync($"{receiver.Url}/late", "ProjectCreated");
        await lateClient.CreateProjectAsync("due a minute later");

        await App.Worker.RunOnceAsync(CancellationToken.None); // one claim of at most 64 webhooks, 80 of them older
        await App.Worker.DrainAsync();

        Assert.Single(receiver.RequestsTo("/late"));
        var (first, second) = (receiver.RequestsTo("/busy0").Count, receiver.RequestsTo("/busy1").Count);
        Assert.Equal(63, first + second); // the rest of the claim's 64 webhooks, shared in turns
        Assert.InRange(Math.Min(first, second), 31, 32);
    }
}

public sealed class WebhookClaimTurnsTestsOnSqlite(SqliteApp app) : WebhookClaimTurnsTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookClaimTurnsTestsOnPostgres(PostgresApp app) : WebhookClaimTurnsTests(app), IClassFixture<PostgresApp>;
