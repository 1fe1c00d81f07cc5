using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Hosting;
using Planwerk.Tasks;

namespace Planwerk.Bench.Micro;

/// <summary>
/// What a request pays for its data access on SQLite, in parts: a raw Microsoft.Data.Sqlite open and query (the floor),
/// a new scope with a <see cref="PlanwerkDb"/> (what every request and every webhook delivery step creates; pooled since
/// <see cref="PlanwerkDbPool"/>), a one-row query in an unpooled (as before the pool), a pooled or an existing context, and
/// the same query compiled once (as the token and task look-ups are). See docs/benchmarks.md, "Where the time goes".
/// </summary>
[MemoryDiagnoser]
public class DbContextBenchmarks
{
    private string directory = string.Empty;
    private string connectionString = string.Empty;
    private ServiceProvider? services;
    private IServiceScope? longScope;
    private Guid taskId;
    private DbContextOptions<SqlitePlanwerkDb>? unpooled;

    private static readonly Func<PlanwerkDb, Guid, ProjectTask?> CompiledFind = EF.CompileQuery(
        (PlanwerkDb db, Guid id) => db.Tasks.IgnoreQueryFilters().AsNoTracking().FirstOrDefault(t => t.Id == id));

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("planwerk-bench-").FullName;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [DataServiceCollectionExtensions.DataDirectoryKey] = directory })
            .Build();
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        collection.AddPlanwerkCore(configuration);
        services = collection.BuildServiceProvider();
        using (var scope = services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
            var cloud = scope.ServiceProvider.GetRequiredService<Clouds.CloudService>()
                .CreateAsync("Bench", "bench@bench.local", "bench-bench-bench", Clouds.Plan.Professional, "Bench", "Owner", Audit.AuditActor.System,
                    CancellationToken.None).GetAwaiter().GetResult();
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            var project = new Projects.Project { Title = "Bench", CreationDate = DateTime.UtcNow, ChangeDate = DateTime.UtcNow };
            db.Projects.Add(project);
            var task = new ProjectTask { Title = "Bench", ProjectId = project.Id, Number = 1, CreationDate = DateTime.UtcNow, ChangeDate = DateTime.UtcNow };
            db.Tasks.Add(task);
            db.SaveChanges();
            taskId = task.Id;
        }

        connectionString = $"Data Source={Path.Combine(directory, "planwerk.db")};Foreign Keys=True";
        longScope = services.CreateScope();
        unpooled = new DbContextOptionsBuilder<SqlitePlanwerkDb>().UseSqlite(connectionString).Options;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        longScope?.Dispose();
        services?.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public string? RawOpenAndQuery()
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Title\" FROM \"Tasks\" WHERE \"Id\" = $id";
        command.Parameters.AddWithValue("$id", taskId.ToString().ToUpperInvariant());
        return command.ExecuteScalar() as string;
    }

    [Benchmark]
    public object NewScopeAndContext()
    {
        using var scope = services!.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        return db.Tasks.EntityType;
    }

    [Benchmark]
    public ProjectTask? NewContextOneQuery()
    {
        using var scope = services!.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        return db.Tasks.IgnoreQueryFilters().AsNoTracking().FirstOrDefault(t => t.Id == taskId);
    }

    [Benchmark]
    public ProjectTask? SameContextOneQuery()
    {
        var db = longScope!.ServiceProvider.GetRequiredService<PlanwerkDb>();
        return db.Tasks.IgnoreQueryFilters().AsNoTracking().FirstOrDefault(t => t.Id == taskId);
    }

    [Benchmark]
    public ProjectTask? UnpooledContextOneQuery()
    {
        using var db = new SqlitePlanwerkDb(unpooled!);
        return db.Tasks.IgnoreQueryFilters().AsNoTracking().FirstOrDefault(t => t.Id == taskId);
    }

    [Benchmark]
    public ProjectTask? PooledContextCompiledQuery()
    {
        using var scope = services!.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        return CompiledFind(db, taskId);
    }
}
