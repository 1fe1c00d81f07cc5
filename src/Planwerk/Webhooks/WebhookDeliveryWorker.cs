using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// The delivery loop: claims what is due (<see cref="WebhookDeliveryClaim"/>), within
/// <see cref="WebhookOptions.MaxInFlight"/> in all, <see cref="WebhookOptions.MaxInFlightPerCloud"/> per cloud and
/// <see cref="WebhookOptions.MaxInFlightPerWebhook"/> per endpoint so one slow receiver (or one cloud's many) never holds up another, sends each claimed delivery (<see cref="WebhookSender"/>) and has its
/// outcome recorded (<see cref="WebhookOutcomeRecorder"/>, which applies <see cref="WebhookDeliveryPolicy"/>); purges the
/// log hourly (<see cref="WebhookRetention"/>). Woken at once by new work; polls as a fallback. Only the in-flight
/// bookkeeping is this worker's own: any number of workers, on any instance, share the table safely.
/// </summary>
public sealed partial class WebhookDeliveryWorker : BackgroundService
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;
    private readonly DeliverySignal signal;
    private readonly WebhookDeliveryClaim claim;
    private readonly WebhookSender sender;
    private readonly WebhookOutcomeRecorder recorder;
    private readonly WebhookRetention retention;
    private readonly WebhookOptions options;
    private readonly ILogger<WebhookDeliveryWorker> logger;
    private readonly ConcurrentDictionary<Guid, int> inFlightPerWebhook = new();
    private readonly ConcurrentDictionary<Guid, int> inFlightPerCloud = new();
    private readonly ConcurrentDictionary<Task, byte> inFlight = new();
    private readonly SemaphoreSlim claimLock = new(1, 1);
    // Cancelled when the worker is disposed: its requests still out are torn down, and nothing of them is recorded.
    private readonly CancellationTokenSource abandon = new();
    private int disposed;
    private DateTime nextPurge;

    public WebhookDeliveryWorker(IServiceScopeFactory scopes, TimeProvider time, DeliverySignal signal, WebhookDeliveryClaim claim, WebhookSender sender,
        WebhookOutcomeRecorder recorder, WebhookRetention retention, IOptions<WebhookOptions> options, ILogger<WebhookDeliveryWorker> logger)
    {
        this.scopes = scopes;
        this.time = time;
        this.signal = signal;
        this.claim = claim;
        this.sender = sender;
        this.recorder = recorder;
        this.retention = retention;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>A name for this worker (diagnostics only).</summary>
    public Guid WorkerId { get; } = Guid.CreateVersion7();

    /// <summary>Deliveries in flight right now (for tests and diagnostics).</summary>
    public int InFlightCount => inFlight.Count;

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            abandon.Cancel();
            abandon.Dispose();
            claimLock.Dispose();
        }

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
            var claimed = await claim.ClaimAsync(options.MaxInFlight - inFlight.Count, inFlightPerWebhook, inFlightPerCloud, ct);
            var abandoned = abandon.Token;
            foreach (var delivery in claimed)
            {
                inFlightPerWebhook.AddOrUpdate(delivery.WebhookId, 1, (_, n) => n + 1);
                inFlightPerCloud.AddOrUpdate(delivery.CloudId, 1, (_, n) => n + 1);
                var task = Task.Run(() => DeliverAsync(delivery, abandoned), CancellationToken.None);
                inFlight.TryAdd(task, 0);
                _ = task.ContinueWith(t =>
                {
                    // Free the webhook's slot before the task leaves inFlight, so that whoever saw DrainAsync end can claim again.
                    inFlightPerWebhook.AddOrUpdate(delivery.WebhookId, 0, (_, n) => n - 1);
                    inFlightPerCloud.AddOrUpdate(delivery.CloudId, 0, (_, n) => n - 1);
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

    /// <summary>Deletes what is older than <see cref="WebhookOptions.RetentionDays"/>; returns the number of events deleted.</summary>
    public Task<int> PurgeAsync(CancellationToken ct) => retention.PurgeAsync(ct);

    /// <summary>Sends one claimed delivery and records its outcome, or hands it back when it may not be sent.</summary>
    private async Task DeliverAsync(WebhookDelivery delivery, CancellationToken ct)
    {
        try
        {
            AttemptOutcome? outcome;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
                db.UseCloud(delivery.CloudId);
                var webhook = await WebhookSender.FindWebhookAsync(db, delivery.WebhookId, ct);
                if (webhook is null)
                {
                    return; // deleted meanwhile; its deliveries went with it
                }

                outcome = await sender.SendAsync(db, delivery, webhook, ct);
                if (outcome is null)
                {
                    await recorder.HandBackAsync(db, delivery, ct);
                    return;
                }
            }

            // The slot of this delivery stays taken until its outcome is in the database (DrainAsync, MaxInFlightPerWebhook).
            await recorder.RecordAsync(delivery, outcome);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.SendFailed(logger, e, delivery.Id);
        }
    }

    /// <summary>Purges at most once an hour.</summary>
    private async Task PurgeIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (now < nextPurge)
        {
            return;
        }

        nextPurge = now.AddHours(1);
        await retention.PurgeAsync(ct);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Webhook delivery round failed")]
        public static partial void RoundFailed(ILogger logger, Exception e);

        [LoggerMessage(2, LogLevel.Error, "Sending webhook delivery {DeliveryId} failed")]
        public static partial void SendFailed(ILogger logger, Exception e, Guid deliveryId);
    }
}
