using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Infrastructure.Data;

/// <summary>What Planwerk does while its storage takes no writes (<c>Planwerk:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Planwerk:Storage";

    /// <summary>The <c>Retry-After</c> of a 503 <c>storage_unavailable</c>.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int RetryAfterSeconds { get; set; } = 30;

    /// <summary>While storage is failing, <c>/readyz</c> tries a probe write at most this often (a load balancer polls it).</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int ProbeIntervalSeconds { get; set; } = 5;
}

/// <summary>
/// Whether the database can store writes. A write that fails because the disk (or the database's size cap) is full or
/// the storage has an I/O error marks it failing — the request answers 503 <c>storage_unavailable</c> with
/// <c>Retry-After</c>, the UI a page saying so, and <c>/readyz</c> fails so a load balancer drains the instance — until
/// a write commits again or <c>/readyz</c>'s probe write does. Nothing acknowledged is lost: the failed write rolled back
/// whole (its webhook events with it, being in the same transaction), and its caller got no success.
/// </summary>
/// <remarks>
/// Seen from the EF interceptors, so every write of every door (API, UI, CLI, webhook worker) counts, and from the
/// exception handlers, which map the failure. Recognised failures: SQLite <c>SQLITE_FULL</c> (13, also what
/// <c>PRAGMA max_page_count</c> raises) and <c>SQLITE_IOERR</c> (10, with its extended codes); PostgreSQL class 53
/// "insufficient resources" (<c>53100 disk_full</c>, <c>53000</c>, …) and <c>58030 io_error</c>.
/// </remarks>
public sealed partial class StorageHealth(TimeProvider time, ILogger<StorageHealth> logger)
    : DbCommandInterceptor, IDbTransactionInterceptor, ISaveChangesInterceptor
{
    private long failingSince = NotFailing;
    private long lastProbe = NotFailing;
    private const long NotFailing = long.MinValue;

    /// <summary>True from a failed write until a write or a probe succeeds.</summary>
    public bool IsFailing => Interlocked.Read(ref failingSince) != NotFailing;

    /// <summary>Whether <paramref name="exception"/> (or one it wraps) says the storage cannot take the write.</summary>
    public static bool IsStorageFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteErrorCode is 13 or 10:
                case PostgresException postgres when postgres.SqlState.StartsWith("53", StringComparison.Ordinal) || postgres.SqlState == "58030":
                    return true;
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="exception"/> when it is a storage failure; says whether it was.</summary>
    public bool Observe(Exception? exception)
    {
        if (!IsStorageFailure(exception))
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref failingSince, time.GetTimestamp(), NotFailing) == NotFailing)
        {
            Log.Failing(logger, exception!);
        }

        return true;
    }

    /// <summary>A write was stored: the storage works again.</summary>
    public void Stored()
    {
        if (Interlocked.Exchange(ref failingSince, NotFailing) != NotFailing)
        {
            Log.Recovered(logger);
        }
    }

    /// <summary>Whether a probe is due now (at most one per <paramref name="interval"/>); takes the slot when it is.</summary>
    internal bool ProbeDue(TimeSpan interval)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref lastProbe);
        return (last == NotFailing || time.GetElapsedTime(last, now) >= interval) && Interlocked.CompareExchange(ref lastProbe, now, last) == last;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Observe(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Observe(eventData.Exception);
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Stored();

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Stored();
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Observe(eventData.Exception);

    Task IDbTransactionInterceptor.TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken)
    {
        Observe(eventData.Exception);
        return Task.CompletedTask;
    }

    int ISaveChangesInterceptor.SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0)
        {
            Stored();
        }

        return result;
    }

    ValueTask<int> ISaveChangesInterceptor.SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken)
    {
        if (result > 0)
        {
            Stored();
        }

        return ValueTask.FromResult(result);
    }

    void ISaveChangesInterceptor.SaveChangesFailed(DbContextErrorEventData eventData) => Observe(eventData.Exception);

    Task ISaveChangesInterceptor.SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken)
    {
        Observe(eventData.Exception);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The database cannot store writes (disk full or I/O error); writes answer 503 storage_unavailable and /readyz fails until a write succeeds")]
        public static partial void Failing(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "The database stores writes again; /readyz recovers")]
        public static partial void Recovered(ILogger logger);
    }
}

/// <summary>
/// <c>/readyz</c>'s storage check: healthy unless storage is failing; then a probe write (at most every
/// <see cref="StorageOptions.ProbeIntervalSeconds"/>) decides — a table created, filled with more than the database's
/// free space and dropped in one committed transaction, so the database must really grow, and nothing stays behind.
/// </summary>
public sealed class StorageHealthCheck(StorageHealth health, PlanwerkDb db, IOptions<StorageOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!health.IsFailing)
        {
            return HealthCheckResult.Healthy();
        }

        if (!health.ProbeDue(TimeSpan.FromSeconds(options.Value.ProbeIntervalSeconds)))
        {
            return HealthCheckResult.Unhealthy("The database cannot store writes.");
        }

        try
        {
            await ProbeAsync(cancellationToken);
            health.Stored();
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (health.Observe(e))
        {
            return HealthCheckResult.Unhealthy("The database cannot store writes.", e);
        }
    }

    private async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var table = "planwerk_storage_probe_" + Guid.NewGuid().ToString("N");
        var size = 256 * 1024;
        if (db.Database.IsSqlite())
        {
            // Free pages are used before the file grows: write more than they hold, so the probe needs new space.
            var free = await db.Database.SqlQueryRaw<long>("SELECT freelist_count AS \"Value\" FROM pragma_freelist_count()").SingleAsync(cancellationToken);
            var page = await db.Database.SqlQueryRaw<long>("SELECT page_size AS \"Value\" FROM pragma_page_size()").SingleAsync(cancellationToken);
            size = (int)Math.Min(64L * 1024 * 1024, (free + 16) * page);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var create = "CREATE TABLE " + table + " (payload bytea)";
        var insert = "INSERT INTO " + table + " (payload) VALUES ({0})";
        var drop = "DROP TABLE " + table;
        await db.Database.ExecuteSqlRawAsync(create, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(insert, [RandomNumberGenerator.GetBytes(size)], cancellationToken); // random: not compressible
        await db.Database.ExecuteSqlRawAsync(drop, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Answers a storage failure of any request (the Core API, health, anything not a page) with 503 <c>storage_unavailable</c>.</summary>
public sealed class StorageExceptionHandler(StorageHealth health, IProblemDetailsService problems, IOptions<StorageOptions> options) : IExceptionHandler
{
    public const string Detail = "The server cannot store data right now (its storage is full or failing); nothing of this request was saved. Try again later.";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!health.Observe(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Storage unavailable",
                Detail = Detail,
                Extensions = { ["code"] = ErrorCodes.StorageUnavailable },
            },
        });
    }
}
