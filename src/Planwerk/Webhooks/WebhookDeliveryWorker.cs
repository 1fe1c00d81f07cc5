using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Audit;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// Sends pending deliveries: claims due ones with a lease (any number of workers, on any instance,
/// share the table safely), at most <see cref="WebhookOptions.MaxInFlightPerWebhook"/> per endpoint so
/// one slow receiver never holds up another, signs each attempt (Standard Webhooks), records every
/// attempt, and schedules retries. Woken at once by new work; polls as a fallback.
/// </summary>
public sealed partial class WebhookDeliveryWorker : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly DeliverySignal signal;
    private readonly WebhookSendGate gate;
    private readonly WebhookOptions options;
    private readonly ILogger<WebhookDeliveryWorker> logger;
    private readonly HttpClient http;
    private readonly ConcurrentDictionary<Guid, int> inFlightPerWebhook = new();
    private readonly ConcurrentDictionary<Task, byte> inFlight = new();
    private readonly SemaphoreSlim claimLock = new(1, 1);
    private readonly ConcurrentQueue<Recording> recordings = new();
    private int recorderRunning;
    private bool? batched;

    private bool BatchedRecording => batched ??= IsSqlite();

    /// <summary>The most outcomes recorded in one transaction.</summary>
    private const int MaxRecordBatch = 64;
    private DateTime nextPurge;

    // The queries every delivery runs, compiled once (docs/benchmarks.md, "Webhook delivery").
    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<Webhook?>>> FindWebhook = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid webhookId, CancellationToken ct) => db.Webhooks.AsNoTracking().FirstOrDefault(w => w.Id == webhookId)));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, Guid?, Guid, Guid, CancellationToken, Task<bool>>> IsSendable = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid deliveryId, Guid? leaseOwner, Guid cloudId, Guid webhookId, CancellationToken ct) => db.WebhookDeliveries.Any(d =>
            d.Id == deliveryId && d.Status == DeliveryStatus.Delivering && d.LeaseOwner == leaseOwner
            && db.Clouds.Any(c => c.Id == cloudId && c.WebhooksEnabled)
            && db.Webhooks.Any(w => w.Id == webhookId && w.IsActive))));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<FailureState?>>> FindFailureState = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid webhookId, CancellationToken ct) => db.Webhooks.AsNoTracking().Where(w => w.Id == webhookId)
            .Select(w => new FailureState(w.IsActive, w.DisabledReason, w.FailingSince, w.ConsecutiveFailures)).FirstOrDefault()));

    private sealed record FailureState(bool IsActive, string? DisabledReason, DateTime? FailingSince, int ConsecutiveFailures);

    public WebhookDeliveryWorker(IServiceScopeFactory scopes, TimeProvider time, DeliverySignal signal, WebhookSendGate gate,
        IOptions<WebhookOptions> options, WebhookUrlGuard guard, ILogger<WebhookDeliveryWorker> logger)
    {
        this.scopes = scopes;
        this.time = time;
        this.signal = signal;
        this.gate = gate;
        this.options = options.Value;
        this.logger = logger;
        // No per-host connection limit: webhooks are bounded per webhook (MaxInFlightPerWebhook) and per worker
        // (MaxInFlight) already, and a limit per host would let one slow webhook hold up every other webhook on that host.
        var handler = guard.CreateHandler(this.options.AllowPrivateNetworks, TimeSpan.FromSeconds(this.options.TimeoutSeconds));
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Planwerk-Webhooks", "1.0"));
    }

    /// <summary>A name for this worker's leases (diagnostics only).</summary>
    public Guid WorkerId { get; } = Guid.CreateVersion7();

    public override void Dispose()
    {
        http.Dispose();
        claimLock.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.WorkerEnabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await PurgeIfDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.RoundFailed(logger, e);
            }

            try
            {
                await signal.WaitAsync(TimeSpan.FromMilliseconds(options.PollIntervalMilliseconds), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(inFlight.Keys);
    }

    /// <summary>Claims what is due now (within the in-flight limits) and starts sending it; returns how many were started.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await claimLock.WaitAsync(ct);
        try
        {
            var claimed = await ClaimAsync(ct);
            foreach (var delivery in claimed)
            {
                inFlightPerWebhook.AddOrUpdate(delivery.WebhookId, 1, (_, n) => n + 1);
                var task = Task.Run(() => SendAsync(delivery, CancellationToken.None), CancellationToken.None);
                inFlight.TryAdd(task, 0);
                _ = task.ContinueWith(t =>
                {
                    // Free the webhook's slot before the task leaves inFlight, so that whoever saw DrainAsync end can claim again.
                    inFlightPerWebhook.AddOrUpdate(delivery.WebhookId, 0, (_, n) => n - 1);
                    inFlight.TryRemove(t, out _);
                    signal.Notify();
                }, TaskScheduler.Default);
            }

            return claimed.Count;
        }
        finally
        {
            claimLock.Release();
        }
    }

    /// <summary>Waits until every request this worker started has finished and been recorded.</summary>
    public async Task DrainAsync()
    {
        while (!inFlight.IsEmpty)
        {
            await Task.WhenAll(inFlight.Keys);
        }
    }

    /// <summary>Deliveries in flight right now (for tests and diagnostics).</summary>
    public int InFlightCount => inFlight.Count;

    private async Task<List<WebhookDelivery>> ClaimAsync(CancellationToken ct)
    {
        var free = options.MaxInFlight - inFlight.Count;
        if (free <= 0)
        {
            return [];
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var deliveries = db.WebhookDeliveries.IgnoreQueryFilters([PlanwerkDb.TenantFilter]);
        var now = time.GetUtcNow().UtcDateTime;
        var saturated = inFlightPerWebhook.Where(p => p.Value >= options.MaxInFlightPerWebhook).Select(p => p.Key).ToList();
        // A paused or disabled webhook's deliveries are not taken: they stay pending, ready for when it resumes.
        // Which webhooks have something due is asked per active webhook (two index seeks each on WebhookId, Status,
        // NextAttemptAt), not by collecting the distinct webhooks of every due delivery: with a backlog the latter read
        // the whole backlog on every claim (docs/benchmarks.md, "Webhook delivery").
        var webhooks = await db.Webhooks.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
            .Where(w => w.IsActive && !saturated.Contains(w.Id))
            .Where(w => deliveries.Any(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                || deliveries.Any(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now))
            // At most 64 webhooks a claim, the longest-waiting first (their oldest due delivery, one index seek each), so a
            // cloud with many busy webhooks cannot keep another's out of every claim; ties (and webhooks that only have
            // expired leases) by id, so the order is always defined.
            .OrderBy(w => deliveries.Where(d => d.WebhookId == w.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .Min(d => (DateTime?)d.NextAttemptAt))
            .ThenBy(w => w.Id)
            .Select(w => w.Id).Take(64).ToListAsync(ct);

        var claim = Guid.CreateVersion7();
        var leaseUntil = now.AddSeconds(options.LeaseSeconds);
        // On SQLite the claim's updates are one write transaction, so that they queue with the other writes of this process
        // (SqliteWriteGate) instead of meeting them in SQLite's sleeping busy handler one statement at a time.
        await using var sqliteClaim = webhooks.Count > 0 && db.Database.IsSqlite() ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var webhookId in webhooks)
        {
            var room = Math.Min(options.MaxInFlightPerWebhook - inFlightPerWebhook.GetValueOrDefault(webhookId), free);
            if (room <= 0)
            {
                continue;
            }

            // Leases that ran out first (a worker died with them), then the pending ones in the order they are due; each an
            // ordered index range that stops after `room` rows, however long the backlog.
            var taken = 0;
            if (db.Database.IsNpgsql())
            {
                // Workers on other instances skip the rows this one is taking instead of queueing behind its locks.
                taken += await db.Database.ExecuteSqlInterpolatedAsync($"""
                    UPDATE "WebhookDeliveries" SET "Status" = 'Delivering', "LeaseOwner" = {claim}, "LeaseUntil" = {leaseUntil}
                    WHERE "Id" IN (
                        SELECT "Id" FROM "WebhookDeliveries"
                        WHERE "WebhookId" = {webhookId} AND "Status" = 'Delivering' AND "LeaseUntil" < {now}
                        LIMIT {room}
                        FOR UPDATE SKIP LOCKED)
                    """, ct);
                if (taken < room)
                {
                    taken += await db.Database.ExecuteSqlInterpolatedAsync($"""
                        UPDATE "WebhookDeliveries" SET "Status" = 'Delivering', "LeaseOwner" = {claim}, "LeaseUntil" = {leaseUntil}
                        WHERE "Id" IN (
                            SELECT "Id" FROM "WebhookDeliveries"
                            WHERE "WebhookId" = {webhookId} AND "Status" = 'Pending' AND "NextAttemptAt" <= {now}
                            ORDER BY "NextAttemptAt" LIMIT {room - taken}
                            FOR UPDATE SKIP LOCKED)
                        """, ct);
                }

                free -= taken;
                continue;
            }

            // SQLite has one writer at a time; the status/lease condition is repeated in the UPDATE itself, so two
            // workers can never take the same row.
            var expired = deliveries
                .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now)
                .OrderBy(d => d.LeaseUntil).Take(room).Select(d => d.Id);
            taken += await deliveries
                .Where(d => expired.Contains(d.Id) && d.Status == DeliveryStatus.Delivering && d.LeaseUntil < now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(d => d.LeaseOwner, claim)
                    .SetProperty(d => d.LeaseUntil, leaseUntil), ct);
            if (taken < room)
            {
                var due = deliveries
                    .Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).Take(room - taken).Select(d => d.Id);
                taken += await deliveries
                    .Where(d => due.Contains(d.Id) && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(d => d.Status, DeliveryStatus.Delivering)
                        .SetProperty(d => d.LeaseOwner, claim)
                        .SetProperty(d => d.LeaseUntil, leaseUntil), ct);
            }

            free -= taken;
            if (free <= 0)
            {
                break;
            }
        }

        if (sqliteClaim is not null)
        {
            await sqliteClaim.CommitAsync(ct);
        }

        return webhooks.Count == 0 ? [] : await deliveries.AsNoTracking().Include(d => d.Event).Where(d => d.LeaseOwner == claim).ToListAsync(ct);
    }

    private async Task SendAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        try
        {
            Webhook? webhook;
            Outcome? outcome;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
                db.UseCloud(delivery.CloudId);
                webhook = await FindWebhook.For(db)(db, delivery.WebhookId, ct);
                if (webhook is null)
                {
                    return; // deleted meanwhile; its deliveries went with it
                }

                outcome = await AttemptAsync(db, delivery, webhook, ct);
                if (outcome is null)
                {
                    // Not sent (paused or disabled meanwhile, switch going off): hand it back instead of sitting on the lease, so
                    // that it shows as pending and goes as soon as it may — or, if the webhook was disabled for failing or gone,
                    // cancel it like its other pending deliveries. A switch-off cancels it; a lost lease is not ours to touch.
                    var reason = await db.Webhooks.Where(w => w.Id == delivery.WebhookId && !w.IsActive && (w.DisabledReason == "failing" || w.DisabledReason == "gone"))
                        .Select(w => w.DisabledReason).FirstOrDefaultAsync(ct);
                    await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == delivery.LeaseOwner && d.Status == DeliveryStatus.Delivering)
                        .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, reason is null ? DeliveryStatus.Pending : DeliveryStatus.Cancelled)
                            .SetProperty(d => d.CancelReason, reason)
                            .SetProperty(d => d.LeaseOwner, (Guid?)null).SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
                    return;
                }
            }

            // The slot of this delivery stays taken until its outcome is in the database (DrainAsync, MaxInFlightPerWebhook).
            await RecordQueuedAsync(new Recording(delivery, webhook, outcome));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SendFailed(logger, e, delivery.Id);
        }
    }

    /// <summary>
    /// Outcomes are recorded in batches: whatever has come back while the previous batch was being written goes into one
    /// transaction per cloud (up to <see cref="MaxRecordBatch"/>), in the order the outcomes came, each with the same
    /// statements as alone — so the failure count, auto-disable and a switch-off meanwhile behave as for one. One commit
    /// for many outcomes instead of one each: on SQLite every commit writes the touched pages to the WAL and takes the
    /// single write lock (docs/benchmarks.md, "Webhook delivery"). If a batch fails, each of its outcomes is recorded on its
    /// own, so one bad row cannot take the others with it. The recorder runs only while there is something to record.
    /// <para>
    /// Batches only on SQLite, which has one writer and no row locks. On PostgreSQL a batch held the row locks of many
    /// deliveries at once and deadlocked with an owner's switch-off cancelling the same rows in another order (found by
    /// the switch-off test); there each outcome keeps its own short transaction.
    /// </para>
    /// </summary>
    private Task RecordQueuedAsync(Recording recording)
    {
        recordings.Enqueue(recording);
        if (Interlocked.CompareExchange(ref recorderRunning, 1, 0) == 0)
        {
            _ = Task.Run(RecordLoopAsync, CancellationToken.None);
        }

        return recording.Done.Task;
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
                    await RecordAsync(scope.ServiceProvider, db, r.Delivery, r.Webhook, r.Outcome, CancellationToken.None);
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
            Log.SendFailed(logger, e, batch[0].Delivery.Id);
            batch[0].Done.TrySetResult();
        }
    }

    /// <summary>One HTTP attempt, or null when the delivery must not be sent (switch off, webhook inactive, lease lost).</summary>
    private async Task<Outcome?> AttemptAsync(PlanwerkDb db, WebhookDelivery delivery, Webhook webhook, CancellationToken ct)
    {
        if (!gate.TryEnter(delivery.CloudId))
        {
            return null;
        }

        var exited = 0;
        void Exit()
        {
            if (Interlocked.Exchange(ref exited, 1) == 0)
            {
                gate.Exit(delivery.CloudId);
            }
        }

        try
        {
            // The database has the last word: a switch changed by the CLI or another instance, a paused webhook, a lost lease.
            var sendable = await IsSendable.For(db)(db, delivery.Id, delivery.LeaseOwner, delivery.CloudId, delivery.WebhookId, ct);
            if (!sendable)
            {
                return null;
            }

            var number = delivery.Attempts + 1;
            var body = WebhookPayload.Build(delivery.Event!, webhook.Id, number);
            var started = time.GetUtcNow().UtcDateTime;
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            // During a rotation the previous secret signs first: receivers that have not switched yet are the ones the
            // overlap is for, and some verifiers (StandardWebhooks 1.1.2 for .NET) only check the first signature.
            var secrets = new List<string>(2);
            if (webhook.PreviousSecret is { } previous && webhook.PreviousSecretExpiresAt > started)
            {
                secrets.Add(previous);
            }

            secrets.Add(webhook.Secret);

            using var request = new HttpRequestMessage(HttpMethod.Post, webhook.CallbackUri)
            {
                Content = new StartSignallingContent(body, Exit),
            };
            var id = delivery.Event!.Id.ToString();
            request.Headers.TryAddWithoutValidation("webhook-id", id);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(secrets, id, timestamp, body));
            if (webhook.AuthenticationHeaderName is { Length: > 0 } name)
            {
                request.Headers.TryAddWithoutValidation(name, webhook.AuthenticationHeaderValue ?? string.Empty);
            }

            var clock = time.GetTimestamp();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                Exit();
                var text = await ReadPrefixAsync(response, linked.Token);
                var status = (int)response.StatusCode;
                var ok = status is >= 200 and < 300;
                var retryAfter = response.Headers.RetryAfter is { } ra
                    ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
                    : null;
                return new Outcome(number, started, Elapsed(clock), status, ok ? null : status is >= 300 and < 400 ? "redirect" : "status", text, ok, retryAfter);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return new Outcome(number, started, Elapsed(clock), null, "timeout", null, false, null);
            }
            catch (HttpRequestException e)
            {
                var kind = WebhookUrlNotAllowedException.IsCauseOf(e) ? "not_allowed"
                    : e.InnerException is System.Security.Authentication.AuthenticationException ? "tls" : "connection";
                return new Outcome(number, started, Elapsed(clock), null, kind, e.Message.Length > 500 ? e.Message[..500] : e.Message, false, null);
            }
        }
        finally
        {
            Exit();
        }
    }

    private int Elapsed(long since) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(since).TotalMilliseconds);

    private static async Task<string?> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[4096];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Records one outcome inside the caller's transaction (<see cref="RecordBatchAsync"/>).</summary>
    private async Task RecordAsync(IServiceProvider services, PlanwerkDb db, WebhookDelivery delivery, Webhook webhook, Outcome outcome, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // The run of failures is counted in the database, not on the loaded entity: up to MaxInFlightPerWebhook
        // attempts of one webhook end at the same time, and each must count (the row lock orders them).
        var hook = db.Webhooks.Where(w => w.Id == webhook.Id);
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

        var state = await FindFailureState.For(db)(db, webhook.Id, ct);
        if (state is null)
        {
            return; // deleted meanwhile; its deliveries went with it
        }

        db.WebhookAttempts.Add(new WebhookAttempt
        {
            CloudId = delivery.CloudId, DeliveryId = delivery.Id, Number = outcome.Number, StartedAt = outcome.StartedAt,
            DurationMs = outcome.DurationMs, StatusCode = outcome.StatusCode, ErrorKind = outcome.ErrorKind,
            ResponseBody = outcome.ResponseBody is { Length: > 4096 } body ? body[..4096] : outcome.ResponseBody, Succeeded = outcome.Succeeded,
        });

        DeliveryStatus status;
        string? cancelReason = null;
        var next = delivery.NextAttemptAt;
        var disabledBy = state.IsActive ? null : state.DisabledReason;
        if (outcome.Succeeded)
        {
            status = DeliveryStatus.Succeeded;
        }
        else
        {
            if (outcome.StatusCode == (int)HttpStatusCode.Gone)
            {
                status = DeliveryStatus.Failed;
                disabledBy = await DisableAsync(services, db, delivery.CloudId, webhook.Id, "gone", now, ct) ? "gone" : disabledBy;
            }
            else if (outcome.Number > WebhookOptions.RetrySchedule.Length)
            {
                status = DeliveryStatus.Failed;
            }
            else
            {
                status = DeliveryStatus.Pending;
                var delay = WebhookOptions.RetrySchedule[outcome.Number - 1] * (0.8 + (Random.Shared.NextDouble() * 0.4));
                if (outcome.StatusCode is 429 or 503 && outcome.RetryAfter is { } retryAfter && retryAfter > delay)
                {
                    delay = retryAfter;
                }

                next = now + delay;
            }

            if (state.IsActive && now - state.FailingSince >= TimeSpan.FromDays(options.DisableAfterDays)
                && state.ConsecutiveFailures >= options.DisableAfterFailures
                && await DisableAsync(services, db, delivery.CloudId, webhook.Id, "failing", now, ct))
            {
                status = status == DeliveryStatus.Pending ? DeliveryStatus.Failed : status;
                disabledBy = "failing";
            }

            // A webhook disabled for failing or gone while this attempt was out gets no retry; its pending deliveries
            // were cancelled, and so is this one. (A webhook paused by hand keeps its deliveries for when it resumes.)
            if (status == DeliveryStatus.Pending && disabledBy is "failing" or "gone")
            {
                status = DeliveryStatus.Cancelled;
                cancelReason = disabledBy;
            }
        }

        await db.SaveChangesAsync(ct);
        var completedAt = status is DeliveryStatus.Succeeded or DeliveryStatus.Failed ? now : (DateTime?)null;
        // Only if the delivery is still ours and still delivering: a switch-off may have cancelled it meanwhile.
        var recorded = await db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.LeaseOwner == delivery.LeaseOwner && d.Status == DeliveryStatus.Delivering)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, status)
                .SetProperty(d => d.CancelReason, cancelReason)
                .SetProperty(d => d.Attempts, outcome.Number)
                .SetProperty(d => d.NextAttemptAt, next)
                .SetProperty(d => d.LastStatusCode, outcome.StatusCode)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null)
                .SetProperty(d => d.CompletedAt, completedAt), ct);
        if (recorded == 0)
        {
            // Cancelled while its request was out (the switch went off after the request had left): the receiver got it
            // all the same, so the log tells the truth — answered with 2xx is succeeded; a failure stays cancelled, unretried.
            var cancelled = db.WebhookDeliveries.Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Cancelled && d.Attempts < outcome.Number);
            if (outcome.Succeeded)
            {
                await cancelled.ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Succeeded).SetProperty(d => d.CancelReason, (string?)null)
                    .SetProperty(d => d.Attempts, outcome.Number).SetProperty(d => d.LastStatusCode, outcome.StatusCode).SetProperty(d => d.CompletedAt, now), ct);
            }
            else
            {
                await cancelled.ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, outcome.Number).SetProperty(d => d.LastStatusCode, outcome.StatusCode), ct);
            }
        }
    }

    /// <summary>
    /// Disables a webhook (410 Gone, or failing for days): pending deliveries are cancelled, the owner is told in the
    /// audit log. Returns false when it was inactive already (several attempts can end at once; one disables it).
    /// </summary>
    private async Task<bool> DisableAsync(IServiceProvider services, PlanwerkDb db, Guid cloudId, Guid webhookId, string reason, DateTime now, CancellationToken ct)
    {
        var disabled = await db.Webhooks.Where(w => w.Id == webhookId && w.IsActive)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.IsActive, false).SetProperty(w => w.DisabledReason, reason).SetProperty(w => w.UpdatedAt, now), ct);
        if (disabled == 0)
        {
            return false;
        }

        services.GetRequiredService<AuditLog>().Record(cloudId, AuditActor.System, AuditActions.WebhookAutoDisabled, "webhook", webhookId,
            "active", $"disabled: {reason}");
        await db.WebhookDeliveries.Where(d => d.WebhookId == webhookId && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled).SetProperty(d => d.CancelReason, reason), ct);
        Log.Disabled(logger, webhookId, reason);
        return true;
    }

    /// <summary>Deletes events, deliveries and attempts older than the retention period, at most once an hour.</summary>
    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < nextPurge)
        {
            return;
        }

        nextPurge = now.AddHours(1);
        await PurgeAsync(ct);
    }

    /// <summary>Deletes what is older than <see cref="WebhookOptions.RetentionDays"/>; returns the number of events deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.RetentionDays);
        string[] all = [PlanwerkDb.TenantFilter];
        var old = db.WebhookEvents.IgnoreQueryFilters(all).Where(e => e.CreatedAt < cutoff)
            .Where(e => !db.WebhookDeliveries.IgnoreQueryFilters(all).Any(d => d.EventSequence == e.Sequence
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivering)));
        return await old.ExecuteDeleteAsync(ct); // deliveries and attempts go by cascade
    }

    private sealed record Recording(WebhookDelivery Delivery, Webhook Webhook, Outcome Outcome)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Outcome(int Number, DateTime StartedAt, int DurationMs, int? StatusCode, string? ErrorKind, string? ResponseBody,
        bool Succeeded, TimeSpan? RetryAfter);

    /// <summary>The body of a delivery; says when it has been written and flushed, i.e. the request has left.</summary>
    /// <summary>The JSON body of an attempt (<c>Content-Type: application/json</c>, which body parsers need); calls <c>started</c> once it is sent.</summary>
    private sealed class StartSignallingContent : HttpContent
    {
        private readonly byte[] body;
        private readonly Action started;

        public StartSignallingContent(byte[] body, Action started)
        {
            this.body = body;
            this.started = started;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(body);
            await stream.FlushAsync();
            started();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(body));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Webhook delivery round failed")]
        public static partial void RoundFailed(ILogger logger, Exception e);

        [LoggerMessage(2, LogLevel.Error, "Sending webhook delivery {DeliveryId} failed")]
        public static partial void SendFailed(ILogger logger, Exception e, Guid deliveryId);

        [LoggerMessage(3, LogLevel.Warning, "Webhook {WebhookId} disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, Guid webhookId, string reason);

        [LoggerMessage(4, LogLevel.Warning, "Recording a batch of {Count} webhook outcomes failed; recording them one by one")]
        public static partial void BatchFailed(ILogger logger, Exception e, int count);
    }
}
