using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Foundation;

/// <summary>The admin CLI, run as the real binary against the same database as the application.</summary>
public abstract class CliTests(PlanwerkApp app) : ProviderTest(app)
{
    private Task<CliResult> Cli(params string[] args) => CliProcess.RunAsync(App.Database, args);

    [Fact]
    public async Task CloudCreate_PrintsTheNewCloudsId_AndCloudListShowsIt()
    {
        var name = "Cli" + Guid.NewGuid().ToString("N")[..6];
        var owner = $"owner-{Guid.NewGuid():N}@example.test";

        var created = await Cli("cloud", "create", "--name", name, "--owner", owner, "--password", "amber kettle orbit", "--plan", "team");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.True(Guid.TryParse(created.Output, out var id), created.ToString());
        var list = await Cli("cloud", "list");
        Assert.Equal(0, list.ExitCode);
        var line = Assert.Single(list.Output.Split('\n'), l => l.StartsWith(id.ToString(), StringComparison.Ordinal));
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.Contains("team", line, StringComparison.Ordinal);
        Assert.Contains(owner, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserSetPassword_WithoutAPassword_PrintsANewOne_ThatSignsIn_LiftsALockout_AndIsAudited()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var owner = (await users.FindByEmailAsync(cloud.OwnerEmail))!;
            await users.SetLockoutEndDateAsync(owner, DateTimeOffset.UtcNow.AddYears(1));
        }

        var result = await Cli("user", "set-password", "--email", cloud.OwnerEmail);

        Assert.True(result.ExitCode == 0, result.ToString());
        var password = result.Output.Trim();
        Assert.True(password.Length >= 16, result.ToString());
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var owner = (await users.FindByEmailAsync(cloud.OwnerEmail))!;
            Assert.True(await users.CheckPasswordAsync(owner, password));
            Assert.False(await users.CheckPasswordAsync(owner, "correct horse battery"));
            Assert.False(await users.IsLockedOutAsync(owner));
        }

        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.PasswordSet).ToListAsync(Ct));
        var entry = Assert.Single(audit);
        Assert.Equal("cli", entry.Channel);
        Assert.Equal(cloud.OwnerId, entry.TargetId);
    }

    [Fact]
    public async Task UserSetPassword_WithAWeakPasswordOrAnUnknownEmail_Exits1WithOneLine_AndChangesNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);

        var weak = await Cli("user", "set-password", "--email", cloud.OwnerEmail, "--password", "short");
        var unknown = await Cli("user", "set-password", "--email", $"nobody-{Guid.NewGuid():N}@example.test", "--password", "amber kettle orbit");

        Assert.True(weak.ExitCode == 1, weak.ToString());
        Assert.Contains("password", weak.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Single(weak.Error.Trim().Split('\n'));
        Assert.True(unknown.ExitCode == 1, unknown.ToString());
        Assert.Contains("not found", unknown.Error, StringComparison.OrdinalIgnoreCase);
        await using var scope = App.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(cloud.OwnerEmail))!, "correct horse battery"));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PasswordSet, Ct)));
    }

    [Fact]
    public async Task CloudSet_ChangesSwitchesAndPlan_AndAuditsEachChangeAsDoneByTheCli()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);

        var result = await Cli("cloud", "set", cloud.Name, "--api", "off", "--webhooks", "off", "--plan", "business");

        Assert.True(result.ExitCode == 0, result.ToString());
        var stored = await App.InCloudAsync(cloud.Id, db => db.Clouds.AsNoTracking().SingleAsync(c => c.Id == cloud.Id, Ct));
        Assert.False(stored.ApiAccessEnabled);
        Assert.False(stored.WebhooksEnabled);
        Assert.Equal(Plan.Business, stored.Plan);
        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Channel == "cli" && e.Action.StartsWith("cloud.") && e.Action != AuditActions.CloudCreated).ToListAsync(Ct));
        Assert.Contains(audit, e => e.Action == AuditActions.ApiAccessChanged && e.OldValue == "on" && e.NewValue == "off");
        Assert.Contains(audit, e => e.Action == AuditActions.WebhooksChanged && e.OldValue == "on" && e.NewValue == "off");
        Assert.Contains(audit, e => e.Action == AuditActions.PlanChanged && e.OldValue == "basic" && e.NewValue == "business");
        Assert.Equal(3, audit.Count);
    }

    [Fact]
    public async Task ASwitchTurnedOffByTheCli_RefusesTheServersNextApiRequest_AndOnAgainRestoresTheToken()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(System.Net.HttpStatusCode.OK);

        Assert.Equal(0, (await Cli("cloud", "set", cloud.Name, "--api", "off")).ExitCode);
        await (await client.GetAsync("projects", Ct)).AssertProblemAsync(System.Net.HttpStatusCode.Forbidden, "api_access_disabled");

        Assert.Equal(0, (await Cli("cloud", "set", cloud.Name, "--api", "on")).ExitCode);
        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task UserAdd_ThenTokenCreate_PrintsOnlyTheToken_WhichIsStoredAsItsSha256Only()
    {
        var cloud = await App.CreateCloudAsync();
        var email = $"planer-{Guid.NewGuid():N}@example.test";
        var added = await Cli("user", "add", cloud.Id.ToString(), "--email", email, "--first", "Paula", "--last", "Planer", "--group", "AdvancedRights");
        Assert.True(added.ExitCode == 0, added.ToString());

        var result = await Cli("token", "create", cloud.Name, "--email", email, "--name", "import", "--expires-days", "30");

        Assert.True(result.ExitCode == 0, result.ToString());
        var token = result.Output;
        Assert.True(ApiTokenFormat.IsWellFormed(token), $"not a Planwerk token: '{token}'");
        var stored = await App.InCloudAsync(cloud.Id, db => db.ApiTokens.AsNoTracking().SingleAsync(t => t.EmployeeId == Guid.Parse(added.Output), Ct));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored.SecretHash);
        Assert.DoesNotContain(token, stored.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain(token[3..^6], $"{stored.Name}{stored.Description}{stored.Hint}", StringComparison.Ordinal);
        Assert.True(stored.ExpiresAt > DateTime.UtcNow.AddDays(29) && stored.ExpiresAt < DateTime.UtcNow.AddDays(31));
        await AssertTokenTextIsNowhereInTheDatabaseAsync(token);
    }

    [Theory]
    [InlineData("cloud create --owner a@b.test --password longenough1 --plan basic", 2, "--name")]
    [InlineData("cloud create --name X --owner a@b.test --password longenough1 --plan gold", 2, "gold")]
    [InlineData("cloud create --name SixteenCharsLong --owner a@b.test --password longenough1 --plan basic", 1, "at most 15")]
    [InlineData("cloud create --name X --owner not-an-email --password longenough1 --plan basic", 1, "e-mail")]
    [InlineData("cloud create --name X --owner {new} --password short --plan basic", 1, "at least 10")]
    [InlineData("cloud set no-such-cloud --api off", 1, "not found")]
    [InlineData("cloud set {cloud}", 2, "at least one of")]
    [InlineData("cloud set {cloud} --api maybe", 2, "maybe")]
    [InlineData("cloud set {cloud} --plan gold", 2, "gold")]
    [InlineData("user add {cloud} --email {new} --first A --last B --group Superuser", 2, "Superuser")]
    [InlineData("user add {basic} --email {new} --first A --last B --group AdvancedRights", 1, "plan_feature_unavailable")]
    [InlineData("user add {cloud} --email {owner} --first A --last B --group BasicRights", 1, "already a user")]
    [InlineData("token create {cloud} --email nobody@example.test --name t", 1, "No user")]
    [InlineData("token create {cloud} --email {owner} --name t --expires-days 0", 2, "between 1 and 3650")]
    [InlineData("token create {cloud} --email {owner} --name t --expires-days abc", 2, "abc")]
    [InlineData("token create {off} --email {offowner} --name t", 1, "api_access_disabled")]
    [InlineData("frobnicate", 2, "Unknown command")]
    public async Task BadInput_GivesAOneLineError_ANonZeroExit_AndWritesNothing(string command, int exitCode, string fragment)
    {
        var cloud = await App.CreateCloudAsync();
        var basic = await App.CreateCloudAsync(Plan.Basic);
        var off = await App.CreateCloudAsync();
        await App.SetSwitchAsync(off, api: false);
        var args = command
            .Replace("{cloud}", cloud.Name, StringComparison.Ordinal)
            .Replace("{basic}", basic.Name, StringComparison.Ordinal)
            .Replace("{offowner}", off.OwnerEmail, StringComparison.Ordinal)
            .Replace("{off}", off.Name, StringComparison.Ordinal)
            .Replace("{owner}", cloud.OwnerEmail, StringComparison.Ordinal)
            .Replace("{new}", $"new-{Guid.NewGuid():N}@example.test", StringComparison.Ordinal)
            .Split(' ');
        var before = await CountRowsAsync();

        var result = await Cli(args);

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal(string.Empty, result.Output);
        var line = Assert.Single(result.Error.Split('\n'));
        Assert.StartsWith("planwerk: ", line, StringComparison.Ordinal);
        Assert.Contains(fragment, line, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<(int Clouds, int Accounts, int Employees, int Tokens, int Audit)> CountRowsAsync()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        string[] filter = [PlanwerkDb.TenantFilter];
        return (await db.Clouds.CountAsync(Ct), await db.Users.CountAsync(Ct),
            await db.Employees.IgnoreQueryFilters(filter).CountAsync(Ct), await db.ApiTokens.IgnoreQueryFilters(filter).CountAsync(Ct),
            await db.AuditEntries.IgnoreQueryFilters(filter).CountAsync(Ct));
    }

    private async Task AssertTokenTextIsNowhereInTheDatabaseAsync(string token)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        string[] filter = [PlanwerkDb.TenantFilter];
        var texts = await db.AuditEntries.IgnoreQueryFilters(filter)
            .Select(a => a.ActorName + a.Action + a.OldValue + a.NewValue).ToListAsync(Ct);
        texts.AddRange(await db.ApiTokens.IgnoreQueryFilters(filter).Select(t => t.Name + t.Description + t.Hint).ToListAsync(Ct));
        Assert.DoesNotContain(texts, t => t.Contains(token[3..^6], StringComparison.Ordinal));
    }
}

public sealed class CliTestsOnSqlite(SqliteApp app) : CliTests(app), IClassFixture<SqliteApp>;

public sealed class CliTestsOnPostgres(PostgresApp app) : CliTests(app), IClassFixture<PostgresApp>;
