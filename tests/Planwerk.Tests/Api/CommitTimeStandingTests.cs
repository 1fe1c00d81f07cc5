using Planwerk.Access;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Audit;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Api;

/// <summary>
/// Decisions at commit time (ADR 7): a write whose body is still coming is authorized before its body, so what changed
/// meanwhile — the API switch, the token, the user, the user's security group — is checked again right before the write
/// commits. A change that returned before the commit wins: the write is refused and nothing is written.
/// And the body itself must arrive in time: a slow one is 408 <c>request_timeout</c>, with nothing written.
/// </summary>
public abstract class CommitTimeStandingTests(PlanwerkApp app) : ProviderTest(app)
{
    private ApiConcurrencyLimiter Limiter => App.Services.GetRequiredService<ApiConcurrencyLimiter>();

    [Theory]
    [InlineData("api switched off", HttpStatusCode.Forbidden, "api_access_disabled")]
    [InlineData("token revoked", HttpStatusCode.Unauthorized, "invalid_token")]
    [InlineData("user deactivated", HttpStatusCode.Unauthorized, "invalid_token")]
    [InlineData("user demoted", HttpStatusCode.Forbidden, "forbidden")]
    public async Task AChangeThatReturnedWhileTheBodyWasComing_RefusesTheWriteAtCommit_AndNothingIsWritten(string change, HttpStatusCode status, string code)
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = client.PostAsync("projects", new HeldContent("""{"title":"late"}""", release.Task, sentAtOnce: 5), Ct);
        await WaitUntilAsync(() => Limiter.ReadingBodies == 1); // authorized, and reading the body

        await ChangeAsync(change, cloud, user); // returns before the body is complete
        release.SetResult();

        await (await write).AssertProblemAsync(status, code);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task AHeldWrite_WithNothingChangedMeanwhile_Commits()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = client.PostAsync("projects", new HeldContent("""{"title":"late"}""", release.Task, sentAtOnce: 5), Ct);
        await WaitUntilAsync(() => Limiter.ReadingBodies == 1);
        var (other, _) = await App.ApiClientAsync(cloud); // changes meanwhile, but none to the caller's standing
        await PackagesApiTests.CreateProjectAsync(other, "meanwhile");

        release.SetResult();

        await (await write).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task ATokenThatRevokesItself_IsNotRefusedByItsOwnChange()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud);
        var token = await App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.EmployeeId == user.Id).Select(t => t.Id).SingleAsync(Ct));

        (await client.DeleteAsync($"me/tokens/{token}", Ct)).EnsureSuccessStatusCode();

        Assert.NotNull(await App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.Id == token).Select(t => t.RevokedAt).SingleAsync(Ct)));
        await (await client.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task ABodyThatComesTooSlowly_Is408RequestTimeout_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = client.PostAsync("projects", new HeldContent("""{"title":"slow"}""", release.Task, sentAtOnce: 5), Ct);
        await WaitUntilAsync(() => Limiter.ReadingBodies == 1);

        // 5 bytes in 2 s is below the minimum rate (1 KiB/s after the first second), long before the 30 s in total.
        App.Time.Advance(TimeSpan.FromSeconds(2));

        var response = await write.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await response.AssertProblemAsync(HttpStatusCode.RequestTimeout, "request_timeout");
        Assert.Equal(0, Limiter.ReadingBodies);
        Assert.Equal(0, Limiter.InFlight); // it never held a place
        release.SetResult();
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    private async Task ChangeAsync(string change, TestCloud cloud, TestUser user)
    {
        switch (change)
        {
            case "api switched off":
                await App.SetSwitchAsync(cloud, api: false);
                break;
            case "token revoked":
                await using (var scope = App.Scope())
                {
                    var id = await App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.EmployeeId == user.Id).Select(t => t.Id).SingleAsync(Ct));
                    await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync(Caller.System(cloud.Id, cloud.Plan), id, TokenScope.Cloud, Ct);
                }

                break;
            default:
                await App.InCloudAsync(cloud.Id, async db =>
                {
                    var employee = await db.Employees.SingleAsync(e => e.Id == user.Id, Ct);
                    if (change == "user deactivated")
                    {
                        employee.IsActive = false;
                    }
                    else
                    {
                        employee.SecurityGroup = SecurityGroup.BasicRights;
                    }

                    return await db.SaveChangesAsync(Ct);
                });
                break;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(5, Ct);
        }

        Assert.True(condition(), "The condition did not come true.");
    }
}

public sealed class CommitTimeStandingTestsOnSqlite(SqliteApp app) : CommitTimeStandingTests(app), IClassFixture<SqliteApp>;

public sealed class CommitTimeStandingTestsOnPostgres(PostgresApp app) : CommitTimeStandingTests(app), IClassFixture<PostgresApp>;
