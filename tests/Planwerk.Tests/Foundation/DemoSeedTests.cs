using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Accounts;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Foundation;

/// <summary>The demo cloud that a first start on an empty database creates.</summary>
public abstract class DemoSeedTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task TheDemoSeed_MakesAProfessionalCloudWithUsersProjectsTasksAndWorkRecords_AndAWorkingLogin()
    {
        // The demo seed runs on an empty database only, so it gets one of its own here.
        await using var app = new PlanwerkApp(App.Provider);
        await app.InitializeAsync();
        await using var scope = app.Scope();
        var demo = await scope.ServiceProvider.GetRequiredService<DemoSeed>().CreateAsync(Ct);

        Assert.Equal("Demo", demo.Cloud.Name);
        Assert.Equal(Plan.Professional, demo.Cloud.Plan);
        var counts = await app.InCloudAsync(demo.Cloud.Id, async db => new
        {
            Groups = await db.Employees.Select(e => e.SecurityGroup).ToListAsync(Ct),
            Projects = await db.Projects.CountAsync(Ct),
            Packages = await db.Packages.CountAsync(Ct),
            Tasks = await db.Tasks.CountAsync(Ct),
            WorkRecords = await db.WorkRecords.CountAsync(Ct),
            Numbers = await db.Tasks.Select(t => t.Number).OrderBy(n => n).ToListAsync(Ct),
        });
        Assert.Equal(Enum.GetValues<SecurityGroup>().Order(), counts.Groups.Order());
        Assert.Equal(3, counts.Projects);
        Assert.Equal(7, counts.Packages);
        Assert.Equal(21, counts.Tasks);
        Assert.Equal(7, counts.WorkRecords);
        Assert.Equal(Enumerable.Range(1, 21), counts.Numbers);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var owner = await users.FindByEmailAsync(DemoSeed.OwnerEmail);
        Assert.NotNull(owner);
        Assert.True(await users.CheckPasswordAsync(owner, demo.OwnerPassword));
        Assert.False(await users.CheckPasswordAsync(owner, demo.OwnerPassword + "x"));
    }

    [Fact]
    public async Task TheDemoToken_IsWellFormed_AndStoredOnlyAsItsHash_ForTheOwner()
    {
        await using var app = new PlanwerkApp(App.Provider);
        await app.InitializeAsync();
        await using var scope = app.Scope();
        var demo = await scope.ServiceProvider.GetRequiredService<DemoSeed>().CreateAsync(Ct);

        Assert.True(ApiTokenFormat.IsWellFormed(demo.ApiToken));
        var token = await app.InCloudAsync(demo.Cloud.Id, db => db.ApiTokens.SingleAsync(Ct));
        Assert.Equal(ApiTokenFormat.Hash(demo.ApiToken), token.SecretHash);
        var ownerId = await app.InCloudAsync(demo.Cloud.Id, db => db.Employees.Where(e => e.Account!.Email == DemoSeed.OwnerEmail).Select(e => e.Id).SingleAsync(Ct));
        Assert.Equal(ownerId, token.EmployeeId);
        Assert.Contains(demo.ApiToken, demo.Banner("http://127.0.0.1:5080", "SQLite file /x/planwerk.db"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFirstStartOnAnEmptyDatabase_CreatesTheDemoCloudOnce_AndASecondStartReusesTheData()
    {
        await using var database = await TestDatabase.CreateAsync(App.Provider);

        await using (var first = new DemoEnabledApp(App.Provider, database))
        {
            await first.InitializeAsync();
            Assert.Equal(["Demo"], await CloudNamesAsync(first));
        }

        await using var second = new DemoEnabledApp(App.Provider, database);
        await second.InitializeAsync();
        Assert.Equal(["Demo"], await CloudNamesAsync(second));
    }

    private static async Task<List<string>> CloudNamesAsync(PlanwerkApp app)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<PlanwerkDb>().Clouds.Select(c => c.Name).ToListAsync(Ct);
    }

    private sealed class DemoEnabledApp(Provider provider, TestDatabase database) : PlanwerkApp(provider, database)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Planwerk:Demo:Enabled"] = "true" };
    }
}

public sealed class DemoSeedTestsOnSqlite(SqliteApp app) : DemoSeedTests(app), IClassFixture<SqliteApp>;

public sealed class DemoSeedTestsOnPostgres(PostgresApp app) : DemoSeedTests(app), IClassFixture<PostgresApp>;
