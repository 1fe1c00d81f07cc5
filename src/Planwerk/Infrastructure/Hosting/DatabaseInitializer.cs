using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>
/// Migrates the database, and on an empty one creates the demo cloud, before the server takes
/// requests (<see cref="IHostedLifecycleService.StartingAsync"/> runs before any hosted service
/// starts, the web server included).
/// </summary>
internal sealed partial class DatabaseInitializer(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<DatabaseInitializer> logger)
    : IHostedLifecycleService
{
    /// <summary>Configuration key that turns the demo cloud off (<c>Planwerk__Demo__Enabled=false</c>).</summary>
    public const string DemoEnabledKey = "Planwerk:Demo:Enabled";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        // What a crash left of uploads (a temporary file, a file whose row never committed) goes before anyone counts it.
        await scope.ServiceProvider.GetRequiredService<Documents.IDocumentStore>().CleanUpAsync(cancellationToken);
        var where = Describe(db);
        Log.DataAt(logger, where);
        if (configuration.GetValue(DemoEnabledKey, defaultValue: true) && !await db.Clouds.AnyAsync(cancellationToken))
        {
            var demo = await scope.ServiceProvider.GetRequiredService<DemoSeed>().CreateAsync(cancellationToken);
            Console.Out.WriteLine(demo.Banner(configuration["urls"]?.Split(';')[0] ?? PlanwerkWebApp.DefaultUrl, where));
        }
    }

    /// <summary>Where the data is, for people: the SQLite file's full path, or PostgreSQL's server and database (never a password).</summary>
    private static string Describe(PlanwerkDb db)
    {
        var connection = db.Database.GetDbConnection();
        return db.Database.IsSqlite()
            ? $"SQLite file {connection.DataSource}"
            : $"PostgreSQL database {connection.Database} on {connection.DataSource}";
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Data: {Where}")]
        public static partial void DataAt(ILogger logger, string where);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
