using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the one writer (the server and the
/// CLI can share a data directory); <c>synchronous=NORMAL</c> is durable in WAL mode except for the
/// last commits before a power cut, never corrupting.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
