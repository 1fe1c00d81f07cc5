using System.ComponentModel.DataAnnotations;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Infrastructure.Data;

/// <summary>Which database Planwerk uses (<c>Planwerk:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Planwerk:Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// A cap on the SQLite file in pages (of 4 KiB; 262144 = 1 GiB), unset for none. At the cap writes fail as on a full
    /// disk (503 <c>storage_unavailable</c>) while the disk keeps room for the rest; read on every connection, so a change
    /// in the configuration applies without a restart.
    /// </summary>
    [Range(typeof(long), "1", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long? SqliteMaxPageCount { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
