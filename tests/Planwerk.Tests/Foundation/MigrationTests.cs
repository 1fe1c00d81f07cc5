using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

public abstract class MigrationTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task StartingTheApp_AppliesEveryMigration_AndTheModelHasNoChangesWithoutAMigration()
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();

        var all = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(Ct)).ToList();

        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run scripts/add-migration.sh NAME.");
    }

    [Fact]
    public async Task MigratingAgain_IsANoOp()
    {
        await using var scope = App.Scope();
        var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);

        Assert.Empty(applied);
    }

    [Fact]
    public void EachProvider_UsesItsOwnMigrations()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var expected = App.Provider == Provider.Sqlite ? typeof(SqlitePlanwerkDb) : typeof(PostgresPlanwerkDb);

        Assert.IsType(expected, db);
        var migrationsAssembly = db.GetInfrastructure().GetRequiredService<IMigrationsAssembly>();
        Assert.All(migrationsAssembly.Migrations.Values, m => Assert.Contains($".Migrations.{App.Provider}", m.FullName, StringComparison.Ordinal));
    }
}

public sealed class MigrationTestsOnSqlite(SqliteApp app) : MigrationTests(app), IClassFixture<SqliteApp>;

public sealed class MigrationTestsOnPostgres(PostgresApp app) : MigrationTests(app), IClassFixture<PostgresApp>;
