using System.Globalization;
using System.Net;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// The Core API's rate limits per token, per user and per cloud (token 5, user 7, cloud 10 a minute here): a user's
/// second token does not add to the user's limit, a cloud's users share the cloud's, and the RateLimit headers always
/// report the tightest limit that applies. Time moves on the application's fake clock.
/// </summary>
public abstract class RateLimitTests(RateLimitTests.LimitedApp app) : ProviderTest(app)
{
    [Fact]
    public async Task TwoTokensOfOneUser_ShareTheUsersLimit_AndTheHeadersReportTheTighterOne()
    {
        var cloud = await App.CreateCloudAsync();
        var user = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AllRights);
        using var first = App.ApiClient(user.Token);
        using var second = App.ApiClient(await App.CreateTokenAsync(cloud, user.Id));

        for (var i = 1; i <= 5; i++)
        {
            var (limit, left) = await OkAsync(first);
            Assert.Equal((5, 5 - i), (limit, left)); // the token's 5 is tighter than the user's 7
        }

        await RefusedAsync(first, "This token");
        var (userLimit, userLeft) = await OkAsync(second);
        Assert.Equal((7, 1), (userLimit, userLeft)); // the second token has 4 left, the user 1: the user's limit is reported
        await OkAsync(second);
        var refusal = await RefusedAsync(second, "This token's user");
        Assert.Contains("7 requests per 60 s", refusal, StringComparison.Ordinal);

        App.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal((5, 4), await OkAsync(second));
    }

    [Fact]
    public async Task TheUsersOfACloud_ShareTheCloudsLimit_AndAnotherCloudIsNotTouched()
    {
        var cloud = await App.CreateCloudAsync();
        var other = await App.CreateCloudAsync();
        var clients = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            clients.Add(App.ApiClient((await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AllRights)).Token));
        }

        using var outsider = App.ApiClient((await App.CreateUserWithTokenAsync(other, SecurityGroup.AllRights)).Token);
        for (var i = 0; i < 4; i++)
        {
            await OkAsync(clients[0]);
            await OkAsync(clients[1]);
        }

        // 8 of the cloud's 10 are used; the third user's token (5 left) and user (7 left) are looser than the cloud (2 left).
        Assert.Equal((10, 1), await OkAsync(clients[2]));
        Assert.Equal((10, 0), await OkAsync(clients[2]));
        var refusal = await RefusedAsync(clients[2], "The users of this cloud together");
        Assert.Contains("10 requests per 60 s", refusal, StringComparison.Ordinal);
        await RefusedAsync(clients[0], "The users of this cloud together");

        Assert.Equal((5, 4), await OkAsync(outsider));

        App.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal((5, 4), await OkAsync(clients[2]));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task ARefusedRequest_DoesNotCount_AgainstTheOtherLimits()
    {
        var cloud = await App.CreateCloudAsync();
        var user = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AllRights);
        using var first = App.ApiClient(user.Token);
        using var second = App.ApiClient(await App.CreateTokenAsync(cloud, user.Id));
        for (var i = 0; i < 5; i++)
        {
            await OkAsync(first);
        }

        for (var i = 0; i < 10; i++)
        {
            await RefusedAsync(first, "This token");
        }

        // The ten refusals took nothing from the user (2 left of 7) or the cloud.
        Assert.Equal((7, 1), await OkAsync(second));
    }

    [Fact]
    public async Task RetryAfter_IsWhenTheExhaustedLimitFreesUp_AndThenTheRequestPasses()
    {
        var cloud = await App.CreateCloudAsync();
        var user = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AllRights);
        using var first = App.ApiClient(user.Token);
        await OkAsync(first);
        App.Time.Advance(TimeSpan.FromSeconds(20)); // the user's and the token's windows started 20 s ago
        using var second = App.ApiClient(await App.CreateTokenAsync(cloud, user.Id));
        for (var i = 0; i < 6; i++)
        {
            await OkAsync(i < 4 ? first : second);
        }

        using var refused = await second.GetAsync("projects", Ct);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("\"default\";r=0;t=40", string.Join(',', refused.Headers.GetValues("RateLimit")));

        App.Time.Advance(TimeSpan.FromSeconds(39));
        await RefusedAsync(second, "This token's user");
        App.Time.Advance(TimeSpan.FromSeconds(1));
        await OkAsync(second);
    }

    private static async Task<(int Limit, int Left)> OkAsync(HttpClient client)
    {
        using var response = await client.GetAsync("projects", Ct);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        var policy = string.Join(',', response.Headers.GetValues("RateLimit-Policy"));
        var state = string.Join(',', response.Headers.GetValues("RateLimit"));
        Assert.Matches("^\"default\";q=\\d+;w=60$", policy);
        Assert.Matches("^\"default\";r=\\d+;t=\\d+$", state);
        return (Number(policy, "q="), Number(state, "r="));
    }

    private static async Task<string> RefusedAsync(HttpClient client, string whose)
    {
        using var response = await client.GetAsync("projects", Ct);
        var problem = await response.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        Assert.StartsWith("\"default\";r=0;", string.Join(',', response.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith(whose, detail, StringComparison.Ordinal);
        return detail;
    }

    private static int Number(string header, string key)
    {
        var start = header.IndexOf(key, StringComparison.Ordinal) + key.Length;
        var end = header.IndexOf(';', start) is var e and >= 0 ? e : header.Length;
        return int.Parse(header[start..end], CultureInfo.InvariantCulture);
    }

    /// <summary>The application with small limits: 5 per token, 7 per user, 10 per cloud, a minute.</summary>
    public class LimitedApp(Provider provider) : PlanwerkApp(provider)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:RateLimit:PermitLimit"] = "5",
            ["Planwerk:RateLimit:UserPermitLimit"] = "7",
            ["Planwerk:RateLimit:CloudPermitLimit"] = "10",
        };
    }

    public sealed class LimitedSqliteApp() : LimitedApp(Provider.Sqlite);

    public sealed class LimitedPostgresApp() : LimitedApp(Provider.Postgres);
}

public sealed class RateLimitTestsOnSqlite(RateLimitTests.LimitedSqliteApp app) : RateLimitTests(app), IClassFixture<RateLimitTests.LimitedSqliteApp>;

public sealed class RateLimitTestsOnPostgres(RateLimitTests.LimitedPostgresApp app) : RateLimitTests(app), IClassFixture<RateLimitTests.LimitedPostgresApp>;
