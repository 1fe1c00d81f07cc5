using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>
/// Migrates the database, and on an empty one creates the demo cloud, before the server takes
/// requests (<see cref="IHostedLifecycleService.StartingAsync"/> runs before any hosted service
/// starts, the web server included).
/// </summary>
internal sealed class DatabaseInitializer(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedLifecycleService
{
    /// <summary>Configuration key that turns the demo cloud off (<c>Planwerk__Demo__Enabled=false</c>).</summary>
    public const string DemoEnabledKey = "Planwerk:Demo:Enabled";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        if (configuration.GetValue(DemoEnabledKey, defaultValue: true))
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            if (!await db.Clouds.AnyAsync(cancellationToken))
            {
                var demo = await scope.ServiceProvider.GetRequiredService<DemoSeed>().CreateAsync(cancellationToken);
                Console.Out.WriteLine(demo.Banner(configuration["urls"]?.Split(';')[0] ?? PlanwerkWebApp.DefaultUrl));
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
