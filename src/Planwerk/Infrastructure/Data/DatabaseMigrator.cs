using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Planwerk.Infrastructure.Data;

/// <summary>Brings the database to the newest migration of its provider (never <c>EnsureCreated</c>).</summary>
public sealed partial class DatabaseMigrator(PlanwerkDb db, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            Log.Applying(logger, pending.Count, db.Database.ProviderName ?? "?");
            await db.Database.MigrateAsync(cancellationToken);
        }

        return pending;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Applying {Count} migration(s) on {Provider}")]
        public static partial void Applying(ILogger logger, int count, string provider);
    }
}
