using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Api;

public abstract class TokensApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task CreateMyToken_ShowsTheSecretOnce_AndListsShowOnlyAHint()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);

        var created = await (await client.PostJsonAsync("me/tokens", new { name = "import", description = "nightly ERP import" })).AssertJsonAsync(HttpStatusCode.Created);
        var secret = created.GetProperty("token").GetString()!;
        var list = await (await client.GetAsync("me/tokens", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.True(ApiTokenFormat.IsWellFormed(secret));
        Assert.Equal("import", created.GetProperty("details").GetProperty("name").GetString());
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.Contains(ApiTokenFormat.Hint(secret), list, StringComparison.Ordinal);
        await (await App.ApiClient(secret).GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARevokedToken_FailsOnTheVeryNextRequest_AndTheRevocationIsAudited()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var mine = await (await client.GetAsync("me/tokens", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var id = mine[0].Id();

        var revoked = await (await client.DeleteAsync($"me/tokens/{id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.False(revoked.GetProperty("isActive").GetBoolean());
        await (await client.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.Where(a => a.Action == "token.revoked" && a.TargetId == id).ToListAsync(Ct));
        Assert.Equal(user.Id, Assert.Single(audit).ActorEmployeeId);
    }

    [Fact]
    public async Task TheOwner_SeesAndRevokesEveryTokenOfTheCloud_OthersMayNot()
    {
        var cloud = await App.CreateCloudAsync();
        var owner = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (admin, adminUser) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);

        await (await admin.GetAsync("tokens", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var all = await (await owner.GetAsync("tokens", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var adminsToken = all.EnumerateArray().Single(t => t.GetProperty("employeeId").GetGuid() == adminUser.Id);
        await (await owner.DeleteAsync($"tokens/{adminsToken.Id()}", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        await (await admin.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task AUserCannotRevokeSomeoneElsesToken_ItIsNotFound()
    {
        var cloud = await App.CreateCloudAsync();
        var (first, _) = await App.ApiClientAsync(cloud);
        var (second, _) = await App.ApiClientAsync(cloud);
        var secondsToken = (await (await second.GetAsync("me/tokens", Ct)).AssertJsonAsync(HttpStatusCode.OK))[0].Id();

        await (await first.DeleteAsync($"me/tokens/{secondsToken}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await second.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnExpiringToken_WorksUntilItsExpiry_ThenAnswers401()
    {
        var cloud = await App.CreateCloudAsync();
        var token = await App.CreateTokenAsync(cloud, cloud.OwnerId, App.Time.GetUtcNow().UtcDateTime.AddHours(1));
        var client = App.ApiClient(token);

        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        App.Time.Advance(TimeSpan.FromMinutes(61));

        await (await client.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task LastUsedAt_IsWrittenAtMostOnceAMinute()
    {
        var cloud = await App.CreateCloudAsync();
        var token = await App.CreateTokenAsync(cloud, cloud.OwnerId);
        var client = App.ApiClient(token);
        var hash = ApiTokenFormat.Hash(token);
        Task<DateTime?> LastUsedAsync() => App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.SecretHash == hash).Select(t => t.LastUsedAt).SingleAsync(Ct));

        await client.GetAsync("projects", Ct);
        var first = await LastUsedAsync();
        App.Time.Advance(TimeSpan.FromSeconds(30));
        await client.GetAsync("projects", Ct);
        var unchanged = await LastUsedAsync();
        App.Time.Advance(TimeSpan.FromSeconds(31));
        await client.GetAsync("projects", Ct);
        var later = await LastUsedAsync();

        Assert.NotNull(first);
        Assert.Equal(first, unchanged);
        Assert.Equal(App.Time.GetUtcNow().UtcDateTime, later!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task CreatingATokenWithoutAName_Is422_AndWithAPastExpiry_Is422()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);

        var noName = await (await client.PostJsonAsync("me/tokens", new { description = "x" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/name", noName.GetProperty("errors")[0].GetProperty("pointer").GetString());
        await (await client.PostJsonAsync("me/tokens", new { name = "x", expiresAt = "2020-01-01T00:00:00Z" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task TheAuditLog_ShowsSwitchAndTokenChangesNewestFirst_ToAdminsOnly()
    {
        var cloud = await App.CreateCloudAsync();
        var (admin, _) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);
        var (planner, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        await App.SetSwitchAsync(cloud, webhooks: false);
        App.Time.Advance(TimeSpan.FromSeconds(1));
        await (await admin.PostJsonAsync("me/tokens", new { name = "second" })).AssertStatusAsync(HttpStatusCode.Created);

        var log = await (await admin.GetAsync("audit-log", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var actions = log.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();

        Assert.Equal("token.created", actions[0]);
        Assert.Contains("cloud.webhooks_changed", actions);
        var page = await (await admin.GetAsync("audit-log?action=cloud.webhooks_changed", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var entry = Assert.Single(page.EnumerateArray());
        Assert.Equal("on", entry.GetProperty("oldValue").GetString());
        Assert.Equal("off", entry.GetProperty("newValue").GetString());
        Assert.Equal("cli", entry.GetProperty("channel").GetString());
        await (await planner.GetAsync("audit-log", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}

public sealed class TokensApiTestsOnSqlite(SqliteApp app) : TokensApiTests(app), IClassFixture<SqliteApp>;

public sealed class TokensApiTestsOnPostgres(PostgresApp app) : TokensApiTests(app), IClassFixture<PostgresApp>;
