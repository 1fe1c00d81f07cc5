using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// Claims due deliveries for a worker with a lease, so that any number of workers, on any instance, share the
/// table safely: on PostgreSQL with <c>FOR UPDATE SKIP LOCKED</c>, on SQLite (one writer) by repeating the
/// status/lease condition in the update. Takes at most what the worker has room for, in all, per cloud and per webhook;
/// fair between clouds (docs/decisions/0012): the clouds with due work take turns, one webhook each a round, starting
/// after the cloud the previous claim began with; within a cloud the longest-waiting webhook first, then by id; within a
/// webhook expired leases first, then the oldest due.
/// </summary>
public sealed class WebhookDeliveryClaim(IServiceScopeFactory scopes, TimeProvider time, IOptions<WebhookOptions> options)
{
    /// <summary>The most webhooks one claim takes from.</summary>
    private const int MaxWebhooksPerClaim = 64;

    /// <summary>The most webhooks one claim looks at (per cloud at most <see cref="MaxWebhooksPerClaim"/>).</summary>
    private const int MaxCandidates = 1024;

    private readonly WebhookOptions options = options.Value;
    private readonly Lock turn = new();
    private Guid lastFirstCloud;

    /// <summary>
    /// Claims up to <paramref name="free"/> deliveries, at most <see cref="WebhookOptions.MaxInFlightPerWebhook"/> per
    /// webhook and <see cref="WebhookOptions.MaxInFlightPerCloud"/> per cloud, counting what <paramref name="inFlightPerWebhook"/>
    /// and <paramref name="inFlightPerCloud"/> say is out already; returns them with their events.
    /// </summary>
    public async Task<List<WebhookDelivery>> ClaimAsync(int free, IReadOnlyDictionary<Guid, int> inFlightPerWebhook,
        IReadOnlyDictionary<Guid, int> inFlightPerCloud, CancellationToken ct)
    {
        if (free <= 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters([PlanwerkDb.TenantFilter]);
        var now = time.GetUtcNow().UtcDateTime;
        var saturated = inFlightPerWebhook.Where(p => p.Value >= options.MaxInFlightPerWebhook).Select(p => p.Key).ToList();
        var saturatedClouds = inFlightPerCloud.Where(p => p.Value >= options.MaxInFlightPerCloud).Select(p => p.Key).ToList();
        // A paused or disabled webhook's deliveries are not taken: they stay pending, ready for when it resumes.
        // Which webhooks have something due is asked per active webhook (two index seeks each on WebhookId, Status,
        // NextAttemptAt), not by collecting the distinct webhooks of every due delivery: with a backlog the latter read
        // the whole backlog on every claim (docs/benchmarks.md, "Webhook delivery"). A cloud at its in-flight share is
        // left out, so its webhooks cannot crowd the others out of the candidates either.
        var candidates = await db.Webhooks.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
            .Where(w => w.IsActive && !saturated.Contains(w.Id) && !saturatedClouds.Contains(w.CloudId))
            .Where(w => deliveries.Any(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                || deliveries.Any(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now))
            // The longest-waiting first (their oldest due delivery, one index seek each); ties (and webhooks that only
            // have expired leases) by id, so the order is always defined.
            .OrderBy(w => deliveries.Where(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .Min(d => (DateTime?)d.NextAttemptAt))
            .ThenBy(w => w.Id)
            .Select(w => new { w.Id, w.CloudId }).Take(MaxCandidates).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        var webhooks = TakeTurns(candidates.Select(c => (c.Id, c.CloudId)).ToList());
        var roomPerCloud = webhooks.Select(w => w.CloudId).Distinct()
            .ToDictionary(c => c, c => options.MaxInFlightPerCloud - inFlightPerCloud.GetValueOrDefault(c));

        var lease = new Lease(Guid.CreateVersion7(), now, now.AddSeconds(options.LeaseSeconds));
        var postgres = db.Database.IsNpgsql();
        // On SQLite the claim's updates are one write transaction, so that they queue with the other writes of this process
        // (SqliteWriteGate) instead of meeting them in SQLite's sleeping busy handler one statement at a time.
        await using var sqliteClaim = postgres ? null : await db.Database.BeginTransactionAsync(ct);
        foreach (var (webhookId, cloudId) in webhooks)
        {
            var room = Math.Min(Math.Min(options.MaxInFlightPerWebhook - inFlightPerWebhook.GetValueOrDefault(webhookId), roomPerCloud[cloudId]), free);
            if (room <= 0)
            {
                continue;
            }

            // Leases that ran out first (a worker died with them), then the pending ones in the order they are due; each an
            // ordered index range that stops after `room` rows, however long the backlog.
            var taken = postgres ? await TakeOnPostgresAsync(db, webhookId, room, lease, ct) : await TakeOnSqliteAsync(deliveries, webhookId, room, lease, ct);
            free -= taken;
            roomPerCloud[cloudId] -= taken;
            if (free <= 0)
            {
                break;
            }
        }

        if (sqliteClaim is not null)
        {
            await sqliteClaim.CommitAsync(ct);
        }

        return await deliveries.AsNoTracking().Include(d => d.Event).Where(d => d.LeaseOwner == lease.Owner).ToListAsync(ct);
    }

    /// <summary>
    /// Round robin between clouds: the first webhook (in the order given) of each cloud, then the second of each, and so
    /// on, at most <see cref="MaxWebhooksPerClaim"/>; the clouds in the order of their first webhook, but starting after
    /// the cloud the previous claim started with, so that with more clouds than room every cloud comes first in turn.
    /// </summary>
    private List<(Guid Id, Guid CloudId)> TakeTurns(List<(Guid Id, Guid CloudId)> candidates)
    {
        var perCloud = candidates.GroupBy(c => c.CloudId).Select(g => g.ToList()).ToList();
        lock (turn)
        {
            var after = perCloud.FindIndex(g => g[0].CloudId == lastFirstCloud);
            var start = perCloud.Count > 1 && after >= 0 ? (after + 1) % perCloud.Count : 0;
            perCloud = [.. perCloud.Skip(start), .. perCloud.Take(start)];
            lastFirstCloud = perCloud[0][0].CloudId;
        }

        var order = new List<(Guid Id, Guid CloudId)>(Math.Min(candidates.Count, MaxWebhooksPerClaim));
        for (var round = 0; order.Count < MaxWebhooksPerClaim && order.Count < candidates.Count; round++)
        {
            foreach (var cloud in perCloud.Where(g => round < g.Count))
            {
                order.Add(cloud[round]);
                if (order.Count == MaxWebhooksPerClaim)
                {
                    break;
                }
            }
        }

        return order;
    }

    /// <summary>Workers on other instances skip the rows this one is taking instead of queueing behind its locks.</summary>
    private static async Task<int> TakeOnPostgresAsync(PlanwerkDb db, Guid webhookId, int room, Lease lease, CancellationToken ct)
    {
        var (owner, now, until) = lease;
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE "WebhookDeliveries" SET "Status" = 'Delivering', "LeaseOwner" = {owner}, "LeaseUntil" = {until}
            WHERE "Id" IN (
                SELECT "Id" FROM "WebhookDeliveries"
                WHERE "WebhookId" = {webhookId} AND "Status" = 'Delivering' AND "LeaseUntil" < {now}
                LIMIT {room}
                FOR UPDATE SKIP LOCKED)
            """, ct);
        if (taken < room)
        {
            taken += await db.Database.ExecuteSqlInterpolatedAsync($"""
                UPDATE "WebhookDeliveries" SET "Status" = 'Delivering', "LeaseOwner" = {owner}, "LeaseUntil" = {until}
                WHERE "Id" IN (
                    SELECT "Id" FROM "WebhookDeliveries"
                    WHERE "WebhookId" = {webhookId} AND "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                    ORDER BY "NextAttemptAt" LIMIT {room - taken}
                    FOR UPDATE SKIP LOCKED)
                """, ct);
        }

        return taken;
    }

    /// <summary>
    /// SQLite has one writer at a time; the status/lease condition is repeated in the UPDATE itself, so two workers can
    /// never take the same row.
    /// </summary>
    private static async Task<int> TakeOnSqliteAsync(IQueryable<WebhookDelivery> deliveries, Guid webhookId, int room, Lease lease, CancellationToken ct)
    {
        var (owner, now, until) = lease;
        var expired = deliveries
            .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now)
            .OrderBy(d => d.LeaseUntil).Take(room).Select(d => d.Id);
        var taken = await deliveries
            .Where(d => expired.Contains(d.Id) && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.LeaseOwner, owner)
                .SetProperty(d => d.LeaseUntil, until), ct);
        if (taken < room)
        {
            var due = deliveries
                .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .OrderBy(d => d.NextAttemptAt).Take(room - taken).Select(d => d.Id);
            taken += await deliveries
                .Where(d => due.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.Status, DeliveryStatus.Delivering)
                    .SetProperty(d => d.LeaseOwner, owner)
                    .SetProperty(d => d.LeaseUntil, until), ct);
        }

        return taken;
    }

    /// <summary>One claim's lease: who holds it, the time it was taken at, and until when.</summary>
    private readonly record struct Lease(Guid Owner, DateTime Now, DateTime Until);
}
