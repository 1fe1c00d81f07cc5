using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>The test (ping) delivery and secret rotation, checked as a Standard Webhooks receiver would.</summary>
public abstract class WebhookSecretTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task ATestDelivery_ArrivesAsASignedPing()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, secret) = await client.CreateWebhookAsync(receiver.Url, "TaskCreated");

        var accepted = await (await client.PostAsync($"webhooks/{hook}/test", null, Ct)).AssertJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", accepted.Status());
        await App.RunWebhookWorkerOnceAsync();

        var ping = Assert.Single(receiver.Requests);
        Assert.Single(ping.Headers["webhook-signature"].Split(' '));
        Assert.True(ping.VerifiesWith(secret, App), "the ping's signature does not verify");
        var payload = JsonDocument.Parse(ping.Body).RootElement;
        Assert.Equal("Ping", payload.GetProperty("action").GetString());
        Assert.Equal(hook, payload.GetProperty("webhookId").GetGuid());
        Assert.Equal(ping.WebhookId, payload.GetProperty("id").GetGuid().ToString());
        Assert.Equal("succeeded", (await client.SingleDeliveryAsync(hook)).Status());
    }

    [Fact]
    public async Task AfterARotation_DeliveriesCarryTheOldAndTheNewSignature_ForTwentyFourHours_ThenOnlyTheNew()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, oldSecret) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");

        var rotated = await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var rotatedAt = App.Time.GetUtcNow();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", newSecret, StringComparison.Ordinal);
        Assert.NotEqual(oldSecret, newSecret);
        Assert.Equal(JsonValueKind.Null, (await client.WebhookAsync(hook)).GetProperty("secret").ValueKind);

        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        var during = receiver.Requests[^1];
        var signatures = during.Headers["webhook-signature"].Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.True(VerifiesOne(during, oldSecret, signatures[0]), "the first signature does not verify with the old secret");
        Assert.True(VerifiesOne(during, newSecret, signatures[1]), "the second signature does not verify with the new secret");
        Assert.False(VerifiesOne(during, newSecret, signatures[0]));
        Assert.False(VerifiesOne(during, oldSecret, signatures[1]));

        App.MoveTo(rotatedAt + TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(2, receiver.Requests[^1].Headers["webhook-signature"].Split(' ').Length);

        App.MoveTo(rotatedAt + TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        var after = receiver.Requests[^1];
        Assert.Single(after.Headers["webhook-signature"].Split(' '));
        Assert.True(after.VerifiesWith(newSecret, App), "after 24 h the new secret does not verify");
        Assert.False(after.VerifiesWith(oldSecret, App), "after 24 h the old secret still verifies");
        Assert.Equal(3, receiver.Count);
    }

    [Fact]
    public async Task ASecondRotationWithin24Hours_KeepsEverySecretRotatedOutSigning_EachFor24HoursFromItsRotation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, first) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        var firstRotation = App.Time.GetUtcNow();
        var second = (await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("secret").GetString()!;
        App.Time.Advance(TimeSpan.FromHours(6));
        var secondRotation = App.Time.GetUtcNow();
        var third = (await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("secret").GetString()!;

        // Both secrets rotated out still sign, oldest first, then the current one.
        var during = await DeliverAsync(client, receiver);
        var signatures = during.Headers["webhook-signature"].Split(' ');
        Assert.Equal(3, signatures.Length);
        Assert.True(VerifiesOne(during, first, signatures[0]), "the first secret does not sign first");
        Assert.True(VerifiesOne(during, second, signatures[1]), "the second secret does not sign second");
        Assert.True(VerifiesOne(during, third, signatures[2]), "the current secret does not sign last");

        // The first secret's 24 h end with its own rotation, not with the second one's.
        App.MoveTo(firstRotation + TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var later = await DeliverAsync(client, receiver);
        Assert.Equal(2, later.Headers["webhook-signature"].Split(' ').Length);
        Assert.False(later.VerifiesWith(first, App), "the first secret signs beyond its 24 hours");
        Assert.True(later.VerifiesWith(second, App) && later.VerifiesWith(third, App));

        App.MoveTo(secondRotation + TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var last = await DeliverAsync(client, receiver);
        Assert.Single(last.Headers["webhook-signature"].Split(' '));
        Assert.True(last.VerifiesWith(third, App));
    }

    [Fact]
    public async Task MoreThanTenRotationsWithin24Hours_Answer409_AndTheOverlapsStayAsPromised()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (hook, first) = await client.CreateWebhookAsync(receiver.Url, "ProjectCreated");
        var firstRotation = App.Time.GetUtcNow();
        for (var i = 0; i < Planwerk.Webhooks.Webhook.RetiredSecretsMaxCount; i++)
        {
            await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct)).AssertStatusAsync(HttpStatusCode.OK);
            App.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var refused = await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct))
            .AssertProblemAsync(HttpStatusCode.Conflict, "secret_rotation_limit");
        Assert.Contains("At most 10 rotations within 24 hours", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var during = await DeliverAsync(client, receiver);
        Assert.Equal(11, during.Headers["webhook-signature"].Split(' ').Length);
        Assert.True(during.VerifiesWith(first, App));

        // Once the oldest secret's overlap is over, the next rotation is possible again.
        App.MoveTo(firstRotation + TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await (await client.PostAsync($"webhooks/{hook}/rotate-secret", null, Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    private async Task<ReceivedRequest> DeliverAsync(HttpClient client, WebhookReceiver receiver)
    {
        var before = receiver.Count;
        await client.CreateProjectAsync();
        await App.RunWebhookWorkerOnceAsync();
        Assert.Equal(before + 1, receiver.Count);
        return receiver.Requests[^1];
    }

    private bool VerifiesOne(ReceivedRequest request, string secret, string signature) =>
        StandardWebhooksVerifier.Verify(secret, request.WebhookId, request.Timestamp(), request.Body, signature, App.Time.GetUtcNow().ToUnixTimeSeconds());
}

public sealed class WebhookSecretTestsOnSqlite(SqliteApp app) : WebhookSecretTests(app), IClassFixture<SqliteApp>;

public sealed class WebhookSecretTestsOnPostgres(PostgresApp app) : WebhookSecretTests(app), IClassFixture<PostgresApp>;
