using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Audit;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// Writes what became of each attempt: the attempt row, the webhook's run of failures, and the delivery's new state
/// as <see cref="WebhookDeliveryPolicy"/> decides it (retry, fail, cancel; disabling the webhook when the policy says
/// so). Also hands back a claimed delivery that was not sent.
/// <para>
/// Outcomes are recorded in batches: whatever has come back while the previous batch was being written goes into one
/// transaction per cloud (up to <see cref="MaxRecordBatch"/>), in the order the outcomes came, each with the same
/// statements as alone — so the failure count, auto-disable and a switch-off meanwhile behave as for one. One commit
/// for many outcomes instead of one each: on SQLite every commit writes the touched pages to the WAL and takes the
/// single write lock (docs/benchmarks.md, "Webhook delivery"). If a batch fails, each of its outcomes is recorded on its
/// own, so one bad row cannot take the others with it. The recorder runs only while there is something to record.
/// </para>
/// <para>
/// Batches only on SQLite, which has one writer and no row locks. On PostgreSQL a batch held the row locks of many
/// deliveries at once and deadlocked with an owner's switch-off cancelling the same rows in another order (found by
/// the switch-off test); there each outcome keeps its own short transaction.
/// </para>
/// </summary>
public sealed partial class WebhookOutcomeRecorder(IServiceScopeFactory scopes, TimeProvider time, IOptions<WebhookOptions> options,
    ILogger<WebhookOutcomeRecorder> logger)
{
    /// <summary>The most outcomes recorded in one transaction.</summary>
    private const int MaxRecordBatch = 64;

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<WebhookFailureState?>>> FindFailureState = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid webhookId, CancellationToken ct) => db.Webhooks.AsNoTracking().Where(w => w.Id == webhookId)
            .Select(w => new WebhookFailureState(w.IsActive, w.DisabledReason, w.FailingSince, w.ConsecutiveFailures)).FirstOrDefault()));

    private readonly ConcurrentQueue<Recording> recordings = new();
    private int recorderRunning;
    private bool? batched;

    private bool BatchedRecording => batched ??= IsSqlite();

    /// <summary>Records the outcome of a delivery's attempt; completes once it is in the database (or failed to get there, logged).</summary>
    public Task RecordAsync(WebhookDelivery delivery, AttemptOutcome outcome)
    {
        var recording = new Recording(delivery, outcome);
        recordings.Enqueue(recording);
        if (Interlocked.CompareExchange(ref recorderRunning, 1, 0) == 0)
        {
            _ = Task.Run(RecordLoopAsync, CancellationToken.None);
        }

        return recording.Done.Task;
    }

    /// <summary>
    /// Hands back a claimed delivery that was not sent (paused or disabled meanwhile, switch going off) instead of sitting on
    /// the lease, so that it shows as pending and goes as soon as it may — or, if its webhook was disabled for failing or
    /// gone, cancels it like its other pending deliveries. A switch-off cancels it; a lost lease is not ours to touch.
    /// </summary>
    public async Task HandBackAsync(PlanwerkDb db, WebhookDelivery delivery, CancellationToken ct)
    {
        var disabled = await db.Webhooks
            .Where(w => w.Id == delivery.WebhookId && !w.IsActive && (w.DisabledReason == WebhookDisabledReason.Failing || w.DisabledReason == WebhookDisabledReason.Gone))
            .Select(w => w.DisabledReason).FirstOrDefaultAsync(ct);
        var reason = WebhookDeliveryPolicy.CancelReasonFor(disabled);
        await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == delivery.LeaseOwner && d.Status == DeliveryStatus.Delivering)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, reason is null ? DeliveryStatus.Pending : DeliveryStatus.Cancelled)
                .SetProperty(d => d.CancelReason, reason)
                .SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
    }

    private async Task RecordLoopAsync()
    {
        while (true)
        {
            var batch = new List<Recording>();
            while (batch.Count < MaxRecordBatch && recordings.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref recorderRunning, 0);
                // Something enqueued after the last TryDequeue and before the flag went down has no recorder yet: take it on.
                if (recordings.IsEmpty || Interlocked.CompareExchange(ref recorderRunning, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            if (!BatchedRecording)
            {
                foreach (var r in batch)
                {
                    await RecordBatchAsync([r]);
                }

                continue;
            }

            foreach (var cloud in batch.GroupBy(r => r.Delivery.CloudId))
            {
                await RecordBatchAsync([.. cloud]);
            }
        }
    }

    private bool IsSqlite()
    {
        using var scope = scopes.CreateScope();
        return scope.ServiceProvider.GetRequiredService<PlanwerkDb>().Database.IsSqlite();
    }

    private async Task RecordBatchAsync(List<Recording> batch)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
                db.UseCloud(batch[0].Delivery.CloudId);
                await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
                foreach (var r in batch)
                {
                    await RecordOneAsync(scope.ServiceProvider, db, r.Delivery, r.Outcome, CancellationToken.None);
                }

                await transaction.CommitAsync(CancellationToken.None);
            }

            foreach (var r in batch)
            {
                r.Done.TrySetResult();
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            Log.BatchFailed(logger, e, batch.Count);
            foreach (var r in batch)
            {
                await RecordBatchAsync([r]);
            }
        }
        catch (Exception e)
        {
            Log.RecordFailed(logger, e, batch[0].Delivery.Id);
            batch[0].Done.TrySetResult();
        }
    }

    /// <summary>Records one outcome inside the caller's transaction (<see cref="RecordBatchAsync"/>).</summary>
    private async Task RecordOneAsync(IServiceProvider services, PlanwerkDb db, WebhookDelivery delivery, AttemptOutcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // The run of failures is counted in the database, not on the loaded entity: up to MaxInFlightPerWebhook
        // attempts of one webhook end at the same time, and each must count (the row lock orders them).
        var hook = db.Webhooks.Where(w => w.Id == delivery.WebhookId);
        if (outcome.Succeeded)
        {
            // Written only when there is a run of failures to end: most successes follow a success and change nothing.
            await hook.Where(w => w.ConsecutiveFailures != 0 || w.FailingSince != null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, (DateTime?)null).SetProperty(w => w.ConsecutiveFailures, 0), ct);
        }
        else
        {
            await hook.ExecuteUpdateAsync(s => s.SetProperty(w => w.FailingSince, w => w.FailingSince ?? now)
                .SetProperty(w => w.ConsecutiveFailures, w => w.ConsecutiveFailures + 1), ct);
        }

        // Read after the count, inside this transaction: the webhook's row is locked (PostgreSQL) or the database is
        // (SQLite) until the commit, so what the policy decides on is what the disable below finds.
        var state = await FindFailureState.For(db)(db, delivery.WebhookId, ct);
        if (state is null)
        {
            return; // deleted meanwhile; its deliveries went with it
        }

        db.WebhookAttempts.Add(new WebhookAttempt
        {
            CloudId = delivery.CloudId, DeliveryId = delivery.Id, Number = outcome.Number, StartedAt = outcome.StartedAt,
            DurationMs = outcome.DurationMs, StatusCode = outcome.StatusCode, ErrorKind = outcome.ErrorKind,
            ResponseBody = outcome.ResponseBody is { Length: > 4096 } body ? body[..4096] : outcome.ResponseBody, Succeeded = outcome.Succeeded,
            RequestHeaders = outcome.RequestHeaders, ResponseHeaders = outcome.ResponseHeaders,
        });

        var decision = WebhookDeliveryPolicy.Decide(outcome, state, delivery.NextAttemptAt, options.Value, now, Random.Shared.NextDouble());
        if (decision.Disable is { } reason)
        {
            await DisableAsync(services, db, delivery, reason, now, ct);
        }

        await db.SaveChangesAsync(ct);
        // Only if the delivery is still ours and still delivering: a switch-off may have cancelled it meanwhile.
        var recorded = await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == delivery.LeaseOwner && d.Status == DeliveryStatus.Delivering)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, decision.Status)
                .SetProperty(d => d.CancelReason, decision.CancelReason)
                .SetProperty(d => d.Attempts, outcome.Number)
                .SetProperty(d => d.NextAttemptAt, decision.NextAttemptAt)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.CompletedAt, decision.CompletedAt), ct);
        if (recorded == 0)
        {
            // Cancelled while its request was out (the switch went off, or another attempt disabled the webhook, after the
            // request had left): the receiver got it all the same, so the log tells the truth — answered with 2xx is
            // succeeded; a failure stays cancelled, unretried.
            var cancelled = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Cancelled && d.Attempts < outcome.Number);
            if (outcome.Succeeded)
            {
                await cancelled.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Succeeded).SetProperty(d => d.CancelReason, (DeliveryCancelReason?)null)
                    .SetProperty(d => d.Attempts, outcome.Number).SetProperty(d => d.LastStatusCode, outcome.StatusCode).SetProperty(d => d.CompletedAt, now), ct);
            }
            else
            {
                await cancelled.ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, outcome.Number).SetProperty(d => d.LastStatusCode, outcome.StatusCode), ct);
            }
        }
    }

    /// <summary>
    /// Disables the webhook of <paramref name="delivery"/> (410 Gone, or failing for days): its other deliveries that are
    /// still to go are cancelled — pending ones, and claimed ones whose attempt is out or whose worker died — and the
    /// owner is told in the audit log. Does nothing when it was inactive already (several attempts can end at once; one
    /// disables it). The delivery itself ends as the policy decided.
    /// </summary>
    private async Task DisableAsync(IServiceProvider services, PlanwerkDb db, WebhookDelivery delivery, WebhookDisabledReason reason, DateTime now,
        CancellationToken ct)
    {
        var (cloudId, webhookId) = (delivery.CloudId, delivery.WebhookId);
        var disabled = await db.Webhooks.Where(w => w.Id == webhookId && w.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false).SetProperty(w => w.DisabledReason, reason).SetProperty(w => w.UpdatedAt, now), ct);
        if (disabled == 0)
        {
            return;
        }

        services.GetRequiredService<AuditLog>().Record(cloudId, AuditActor.System, AuditActions.WebhookAutoDisabled, "webhook", webhookId,
            "active", $"disabled: {reason.ToWire()}");
        if (WebhookDeliveryPolicy.CancelReasonFor(reason) is { } cancel)
        {
            await db.WebhookDeliveries.Where(d => d.WebhookId == webhookId && d.Id != delivery.Id).CancelPendingAsync(cancel, ct);
        }

        Log.Disabled(logger, webhookId, reason.ToWire());
    }

    private sealed record Recording(WebhookDelivery Delivery, AttemptOutcome Outcome)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Error, "Sending webhook delivery {DeliveryId} failed")]
        public static partial void RecordFailed(ILogger logger, Exception e, Guid deliveryId);

        [LoggerMessage(3, LogLevel.Warning, "Webhook {WebhookId} disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, Guid webhookId, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Recording a batch of {Count} webhook outcomes failed; recording them one by one")]
        public static partial void BatchFailed(ILogger logger, Exception e, int count);
    }
}
