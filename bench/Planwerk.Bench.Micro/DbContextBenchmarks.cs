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
/// a new scope with a <see cref="PlanwerkDb"/> (what every request and every webhook delivery step creates), and a
/// one-row query in a new or in an existing context. See docs/benchmarks.md, "Where the time goes".
/// </summary>
[MemoryDiagnoser]
public class DbContextBenchmarks
{
    private string directory = string.Empty;
    private string connectionString = string.Empty;
    private ServiceProvider? services;
    private IServiceScope? longScope;
    private Guid taskId;

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
}
