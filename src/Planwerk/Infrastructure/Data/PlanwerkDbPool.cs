using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// The pool of <see cref="PlanwerkDb"/> instances. Creating a context and its EF services was the largest single cost of
/// a token-authenticated read (docs/benchmarks.md, "Reads"); a pooled one is reused.
/// </summary>
/// <remarks>
/// The pool is not registered as an <see cref="IDbContextFactory{TContext}"/>: the only way to a context is
/// <see cref="Rent"/> (the scoped <see cref="PlanwerkDb"/> registration), which starts a new unit of work on it — no cloud,
/// no user — so that a context never carries one request's tenant into the next. The scope's end disposes the context,
/// which returns it to the pool; EF then clears its change tracker and transaction.
/// </remarks>
public sealed class PlanwerkDbPool
{
    /// <summary>Instances kept for reuse; beyond that many at once, contexts are created and disposed as before.</summary>
    public const int Size = 128;

    private readonly Func<PlanwerkDb> create;
    private readonly Action<PlanwerkDb>? onEnd;

    private PlanwerkDbPool(Func<PlanwerkDb> create, Action<PlanwerkDb>? onEnd)
    {
        this.create = create;
        this.onEnd = onEnd;
    }

    /// <param name="options">The provider's options.</param>
    /// <param name="onEnd">Runs when a unit of work ends, before its context goes back (SQLite: the write queue's backstop).</param>
    internal static PlanwerkDbPool For<TContext>(DbContextOptions<TContext> options, Action<PlanwerkDb>? onEnd = null)
        where TContext : PlanwerkDb
    {
        var factory = new PooledDbContextFactory<TContext>(options, Size);
        return new PlanwerkDbPool(factory.CreateDbContext, onEnd);
    }

    /// <summary>A context for one unit of work; dispose it exactly once (a DI scope does).</summary>
    public PlanwerkDb Rent(WebhookOutbox? outbox)
    {
        var db = create();
        db.BeginUnitOfWork(outbox, onEnd);
        return db;
    }
}
