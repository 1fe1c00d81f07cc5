using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the one writer (the server and the
/// CLI can share a data directory); <c>synchronous=NORMAL</c> is durable in WAL mode except for the
/// last commits before a power cut, never corrupting. <c>max_page_count</c> is the optional size cap
/// (<see cref="DatabaseOptions.SqliteMaxPageCount"/>), set on every open because pooled connections keep it.
/// </summary>
internal sealed class SqliteConnectionSetup(IOptionsMonitor<DatabaseOptions> options) : DbConnectionInterceptor
{
    // SQLite's own upper bound: no cap.
    private const long Uncapped = 4294967294;

    private string Pragmas => string.Create(CultureInfo.InvariantCulture,
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA max_page_count={options.CurrentValue.SqliteMaxPageCount ?? Uncapped};");

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
