using System.Diagnostics;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>
/// Fairness between clouds (docs/decisions/0012): one cloud's slow endpoints, however many, never delay another cloud's
/// deliveries. Measured with real receivers on 127.0.0.1 and the real worker loop: 40 webhooks of cloud A answering after
/// 12 s, a worker with 32 places of which one cloud may take 16; cloud B's delivery arrives within a second.
/// </summary>
public abstract class WebhookFairnessTests(PlanwerkApp app) : ProviderTest(app)
{
    public const int MaxInFlight = 32;
    public const int MaxInFlightPerCloud = 16;

    [Fact]
    public async Task FortySlowWebhooksOfOneCloud_DoNotHoldUpAnotherCloudsDelivery_ByMoreThanASecond()
    {
        await using var slow = await WebhookReceiver.StartAsync();
        slow.Delay = _ => TimeSpan.FromSeconds(12);
        await using var fast = await WebhookReceiver.StartAsync();
        var a = await App.CreateCloudAsync();
        await App.SetSwitchAsync(a, webhooks: true);
        var clientA = App.ApiClient(await App.CreateTokenAsync(a, a.OwnerId));
        for (var i = 0; i < 40; i++)
        {
            await clientA.CreateWebhookAsync($"{slow.Url}/a{i}", "ProjectCreated");
        }

        var b = await App.CreateCloudAsync();
        await App.SetSwitchAsync(b, webhooks: true);
        var clientB = App.ApiClient(await App.CreateTokenAsync(b, b.OwnerId));
        await clientB.CreateWebhookAsync($"{fast.Url}/b", "ProjectCreated");

        await clientA.CreateProjectAsync("A's change: 40 slow deliveries");
        await using (App.StartWebhookWorkerLoop())
        {
            var waited = Stopwatch.StartNew();
            while (slow.InFlight < MaxInFlightPerCloud && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(20, Ct);
            }

            Assert.Equal(MaxInFlightPerCloud, slow.InFlight); // A has taken its share, and the worker has room for more

            var changed = Stopwatch.GetTimestamp();
            await clientB.CreateProjectAsync("B's change");
            while (fast.Count == 0 && Stopwatch.GetElapsedTime(changed) < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(10, Ct);
            }

            var delay = Stopwatch.GetElapsedTime(changed);
            Assert.True(fast.Count == 1 && delay < TimeSpan.FromSeconds(1), $"cloud B's delivery took {delay.TotalMilliseconds:F0} ms");
            Assert.True(slow.MaxConcurrent <= MaxInFlightPerCloud, $"cloud A had {slow.MaxConcurrent} requests in flight");
            slow.Delay = _ => TimeSpan.Zero; // the rest of A's deliveries need not take 12 s each turn
            while (slow.Count < 40 && waited.Elapsed < TimeSpan.FromSeconds(40))
            {
                await Task.Delay(50, Ct);
            }

            Assert.Equal(40, slow.Count); // A's deliveries all went, in turns of its share
        }
    }
}

/// <summary>A worker with <see cref="WebhookFairnessTests.MaxInFlight"/> places, <see cref="WebhookFairnessTests.MaxInFlightPerCloud"/> per cloud.</summary>
public class FairWorkerApp(Provider provider) : PlanwerkApp(provider)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Planwerk:Webhooks:MaxInFlight"] = WebhookFairnessTests.MaxInFlight.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Planwerk:Webhooks:MaxInFlightPerCloud"] = WebhookFairnessTests.MaxInFlightPerCloud.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class FairWorkerSqliteApp() : FairWorkerApp(Provider.Sqlite);

public sealed class FairWorkerPostgresApp() : FairWorkerApp(Provider.Postgres);

public sealed class WebhookFairnessTestsOnSqlite(FairWorkerSqliteApp app) : WebhookFairnessTests(app), IClassFixture<FairWorkerSqliteApp>;

public sealed class WebhookFairnessTestsOnPostgres(FairWorkerPostgresApp app) : WebhookFairnessTests(app), IClassFixture<FairWorkerPostgresApp>;
