using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// Lets this process's SQLite write transactions take turns in a queue instead of in SQLite's busy handler.
/// </summary>
/// <remarks>
/// SQLite has one writer at a time. A transaction that finds the write lock taken is retried by SQLite's busy handler,
/// which sleeps between tries (1, 2, 5, … up to 100 ms): the lock is often free again after a millisecond and then sits
/// idle while the waiters sleep. Measured under concurrent API writes and webhook bookkeeping, that is where most of a
/// write's latency went (docs/benchmarks.md, "Writes"). This gate is an async FIFO semaphore taken before a transaction
/// begins and given back when it commits, rolls back or fails, or at the latest when its connection closes (a transaction
/// disposed without either). A connection that holds the gate passes it again (savepoints, nested work on the same
/// context). A waiter gives up waiting after <see cref="MaxWait"/> and goes on without the gate, where SQLite's own
/// busy timeout still protects it — so a mistake here can cost time, never correctness. Other processes on the same
/// file (the CLI) are not in this queue and meet the busy timeout as before.
/// </remarks>
internal sealed partial class SqliteWriteGate(ILogger<SqliteWriteGate> logger) : DbTransactionInterceptor, IDbConnectionInterceptor, IDisposable
{
    /// <summary>Longest wait in the queue; SQLite's own busy timeout is 30 s.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim turn = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, Holder> holders = [];
    private readonly ConditionalWeakTable<DbTransaction, DbConnection> connections = [];

    /// <summary>Write transactions that had to wait for another one of this process (diagnostics, tests).</summary>
    public long Waited => Interlocked.Read(ref waited);

    private long waited;

    /// <summary>True when no write transaction of this process holds the turn (tests).</summary>
    public bool IsFree => turn.CurrentCount == 1;

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        if (!Holds(connection))
        {
            Take(connection, turn.Wait(0, CancellationToken.None) || Wait(() => turn.Wait(MaxWait, CancellationToken.None)));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!Holds(connection))
        {
            var entered = turn.Wait(0, CancellationToken.None);
            if (!entered)
            {
                Interlocked.Increment(ref waited);
                entered = await turn.WaitAsync(MaxWait, cancellationToken);
                if (!entered)
                {
                    Log.WaitedTooLong(logger, MaxWait.TotalSeconds);
                }
            }

            Take(connection, entered);
        }

        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        connections.AddOrUpdate(result, connection);
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        connections.AddOrUpdate(result, connection);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(transaction);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    // A failed commit or rollback gives the turn back too: if SQLite still holds its lock, the next writer meets the busy
    // timeout as it would without the gate.
    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Release(transaction);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(transaction);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The backstop: a transaction disposed without commit or rollback (an exception inside <c>await using</c>) ends without
    /// an event; its turn is given back when its connection closes, or at the latest when its context's unit of work ends.
    /// </summary>
    public void EndOfUnitOfWork(PlanwerkDb db) => Release(db.Database.GetDbConnection());

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(connection);
        return Task.CompletedTask;
    }

    private bool Wait(Func<bool> wait)
    {
        Interlocked.Increment(ref waited);
        var entered = wait();
        if (!entered)
        {
            Log.WaitedTooLong(logger, MaxWait.TotalSeconds);
        }

        return entered;
    }

    private bool Holds(DbConnection connection) => holders.TryGetValue(connection, out var holder) && holder.Holds;

    private void Take(DbConnection connection, bool entered)
    {
        if (entered)
        {
            holders.GetOrCreateValue(connection).Holds = true;
        }
    }

    public void Dispose() => turn.Dispose();

    private void Release(DbTransaction transaction)
    {
        if (connections.TryGetValue(transaction, out var connection))
        {
            Release(connection);
        }
    }

    private void Release(DbConnection connection)
    {
        if (holders.TryGetValue(connection, out var holder) && holder.Holds)
        {
            holder.Holds = false;
            turn.Release();
        }
    }

    private sealed class Holder
    {
        public bool Holds { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "A SQLite write transaction waited {Seconds} s for this process's write queue and goes on without it")]
        public static partial void WaitedTooLong(ILogger logger, double seconds);
    }
}
