using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Webhooks;

/// <summary>The fields a client may send for a webhook (factro's single <c>actionType</c> is accepted too).</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>WebhookWrite</c>).</remarks>
public sealed record WebhookInput
{
    /// <summary>Absolute http/https URL, no credentials, at most 2,048 characters, not an internal address.</summary>
    public Optional<string?> CallbackUri { get; init; }
    /// <summary>Actions from GET /webhooks/actions, or ["*"].</summary>
    public Optional<IReadOnlyList<string>?> ActionTypes { get; init; }
    /// <summary>factro's single action; taken when actionTypes is absent.</summary>
    public Optional<string?> ActionType { get; init; }
    /// <summary>A static header sent on each delivery (e.g. X-Api-Key).</summary>
    public Optional<string?> AuthenticationHeaderName { get; init; }
    /// <summary>Its value; write-only.</summary>
    public Optional<string?> AuthenticationHeaderValue { get; init; }
    /// <summary>Free text.</summary>
    public Optional<string?> Description { get; init; }
    /// <summary>false pauses deliveries.</summary>
    public Optional<bool?> IsActive { get; init; }

    /// <summary>The input with factro's single <c>actionType</c> as <c>actionTypes</c>, unless those were sent too (they win).</summary>
    public WebhookInput WithActionTypes() => ActionTypes.HasValue || !ActionType.HasValue ? this
        : this with { ActionTypes = new Optional<IReadOnlyList<string>?>(true, ActionType.Value is { } single ? [single] : null), ActionType = default };
}

/// <summary>
/// Which deliveries of a webhook's log to show or redeliver: a status, an action, a time range (<paramref name="From"/>
/// inclusive, <paramref name="To"/> exclusive, of when the delivery was made) and a search — a payload id (the
/// <c>webhook-id</c> header) or a delivery id (<paramref name="SearchId"/>), or an event's sequence number.
/// </summary>
public sealed record DeliveryFilter(DeliveryStatus? Status = null, string? Action = null, DateTime? From = null, DateTime? To = null,
    Guid? SearchId = null, long? SearchSequence = null)
{
    public static readonly DeliveryFilter None = new();

    public bool IsEmpty => this == None;

    /// <summary>Reads a search as the console takes one: an id (payload or delivery) or a sequence number; false for anything else.</summary>
    public static bool TryParseSearch(string? text, out Guid? id, out long? sequence)
    {
        (id, sequence) = (null, null);
        var trimmed = text?.Trim().TrimStart('#');
        if (string.IsNullOrEmpty(trimmed))
        {
            return true;
        }

        if (Guid.TryParse(trimmed, out var g))
        {
            id = g;
            return true;
        }

        if (long.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            sequence = n;
            return true;
        }

        return false;
    }

    internal IQueryable<WebhookDelivery> Apply(IQueryable<WebhookDelivery> query)
    {
        if (Status is { } status)
        {
            query = query.Where(d => d.Status == status);
        }

        if (Action is { } action)
        {
            query = query.Where(d => d.Event!.Action == action);
        }

        if (From is { } from)
        {
            query = query.Where(d => d.CreatedAt >= from);
        }

        if (To is { } to)
        {
            query = query.Where(d => d.CreatedAt < to);
        }

        if (SearchId is { } id)
        {
            query = query.Where(d => d.Id == id || d.Event!.Id == id);
        }

        if (SearchSequence is { } sequence)
        {
            query = query.Where(d => d.EventSequence == sequence);
        }

        return query;
    }
}

/// <summary>A page of a webhook's delivery log: the deliveries (newest first), each one's attempts, the next page's cursor.</summary>
public sealed record DeliveryLog(Webhook Webhook, IReadOnlyList<WebhookDelivery> Deliveries, IReadOnlyDictionary<Guid, IReadOnlyList<WebhookAttempt>> Attempts,
    Guid? Older);

/// <summary>
/// The rules for webhooks: AllRights users manage their own, the owner sees and manages all; URLs
/// are checked against internal addresses; actions must exist on the plan. Used by the API and the UI.
/// </summary>
public sealed class WebhookService(PlanwerkDb db, AuditLog audit, TimeProvider time, WebhookUrlGuard guard, IOptions<WebhookOptions> options,
    DeliverySignal signal)
{
    public const string UrlNotAllowed = "webhook_url_not_allowed";
    public const string SecretRotationLimit = "secret_rotation_limit";
    public const string LimitReached = "webhook_limit_reached";
    public const string DeliveryNotPending = "delivery_not_pending";
    public const string TooManyDeliveries = "too_many_deliveries";
    /// <summary>The most deliveries one bulk redelivery sends again; a larger filtered set is refused (narrow the filter).</summary>
    public const int BulkRedeliverMax = 1000;
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);
    public static readonly TimeSpan RecoverWindow = TimeSpan.FromDays(14);

    private static readonly HashSet<string> ReservedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "host", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature",
        "transfer-encoding", "connection", "expect", "upgrade", "te", "trailer",
    };

    /// <summary>The webhooks the caller may manage: the owner all, other admins their own.</summary>
    public IQueryable<Webhook> Visible(Caller caller) => caller.Has(Right.ManageCloud) ? db.Webhooks : db.Webhooks.Where(w => w.EmployeeId == caller.EmployeeId);

    public async Task<Webhook> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await Visible(caller).FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw DomainException.NotFound("Webhook", id);

    public async Task<Webhook> CreateAsync(Caller caller, WebhookInput input, IInputErrors errors, CancellationToken ct)
    {
        input = input.WithActionTypes();
        await RequireEnabledAsync(caller, ct);
        CheckPlan(caller, input);
        if (!input.CallbackUri.HasValue)
        {
            errors.Invalid("callbackUri", "required", "callbackUri is required.");
        }

        if (!input.ActionTypes.HasValue)
        {
            errors.Invalid("actionTypes", "required", "actionTypes (or factro's actionType) is required.");
        }

        Validate(input, errors);
        errors.ThrowIfInvalid();
        await RequireRoomAsync(caller, ct);
        await CheckUrlAsync(input, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var webhook = new Webhook
        {
            EmployeeId = caller.EmployeeId, CallbackUri = string.Empty, ActionTypes = string.Empty,
            Secret = WebhookSignature.NewSecret(), CreatedAt = now,
        };
        Apply(webhook, input, now);
        db.Webhooks.Add(webhook);
        audit.Record(caller.CloudId, caller.Actor, AuditActions.WebhookCreated, "webhook", webhook.Id, newValue: $"{webhook.CallbackUri} [{webhook.ActionTypes}]");
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    public async Task<Webhook> UpdateAsync(Caller caller, Guid id, WebhookInput input, IInputErrors errors, CancellationToken ct)
    {
        input = input.WithActionTypes();
        await RequireEnabledAsync(caller, ct);
        CheckPlan(caller, input);
        var webhook = await GetAsync(caller, id, ct);
        Validate(input, errors);
        errors.ThrowIfInvalid();
        await CheckUrlAsync(input, ct);
        var before = $"{webhook.CallbackUri} [{webhook.ActionTypes}] {(webhook.IsActive ? "active" : "inactive")}";
        Apply(webhook, input, time.GetUtcNow().UtcDateTime);
        audit.Record(caller.CloudId, caller.Actor, AuditActions.WebhookUpdated, "webhook", webhook.Id, before,
            $"{webhook.CallbackUri} [{webhook.ActionTypes}] {(webhook.IsActive ? "active" : "inactive")}");
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    public async Task<Webhook> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, id, ct);
        db.Webhooks.Remove(webhook);
        audit.Record(caller.CloudId, caller.Actor, AuditActions.WebhookDeleted, "webhook", webhook.Id, oldValue: webhook.CallbackUri);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    /// <summary>
    /// A new secret; the one rotated out keeps signing for 24 h so receivers can switch without losing deliveries. Every
    /// secret rotated out in the last 24 h keeps signing until its own 24 h are over, so a second rotation does not cut the
    /// first one's overlap short; at most <see cref="Webhook.RetiredSecretsMaxCount"/> rotations in 24 h (409
    /// <c>secret_rotation_limit</c> beyond, rather than silently ending an overlap that was promised).
    /// </summary>
    public async Task<Webhook> RotateSecretAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var stillSigning = webhook.RetiredSecrets.Where(r => r.Until > now).ToList();
        if (stillSigning.Count >= Webhook.RetiredSecretsMaxCount)
        {
            throw DomainException.Conflict(SecretRotationLimit,
                $"At most {Webhook.RetiredSecretsMaxCount} rotations within 24 hours; the next is possible after {stillSigning[0].Until:yyyy-MM-dd HH:mm:ss} UTC, "
                + "when the oldest secret rotated out stops signing.");
        }

        webhook.RetiredSecrets = [.. stillSigning, new RetiredSecret(webhook.Secret, now + RotationOverlap)];
        webhook.Secret = WebhookSignature.NewSecret();
        webhook.UpdatedAt = now;
        audit.Record(caller.CloudId, caller.Actor, AuditActions.WebhookSecretRotated, "webhook", webhook.Id);
        await db.SaveChangesAsync(ct);
        return webhook;
    }

    /// <summary>Queues a <c>Ping</c> delivery to this webhook now (even if it is paused), to test a receiver.</summary>
    public async Task<WebhookDelivery> PingAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, id, ct);
        if (!webhook.IsActive)
        {
            throw DomainException.Conflict("webhook_inactive", "The webhook is paused; activate it to send a test delivery.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var @event = new WebhookEvent
        {
            CloudId = caller.CloudId, Action = WebhookActions.Ping, EntityType = "webhook", EntityId = webhook.Id, ChangedBy = caller.EmployeeId, CreatedAt = now,
        };
        var delivery = new WebhookDelivery { WebhookId = webhook.Id, Event = @event, Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now };
        db.WebhookEvents.Add(@event);
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return delivery;
    }

    /// <summary>
    /// One page of the delivery log of a webhook the caller may see (404 otherwise), newest first: up to
    /// <paramref name="limit"/> deliveries older than <paramref name="before"/>, with their events and attempts, and the
    /// cursor of the next page. The API's <c>GET /webhooks/{id}/deliveries</c> and the detail page both read it here.
    /// </summary>
    public async Task<DeliveryLog> DeliveryLogAsync(Caller caller, Guid webhookId, DeliveryFilter filter, Guid? before, int limit, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        var webhook = await GetAsync(caller, webhookId, ct);
        var query = filter.Apply(db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).Where(d => d.WebhookId == webhook.Id));
        if (before is { } cursor)
        {
            query = query.Where(d => d.Id.CompareTo(cursor) < 0);
        }

        var rows = await query.OrderByDescending(d => d.Id).Take(limit + 1).ToListAsync(ct);
        Guid? older = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(limit);
            older = rows[^1].Id;
        }

        var ids = rows.Select(r => r.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).OrderBy(a => a.Number).ToListAsync(ct))
            .GroupBy(a => a.DeliveryId).ToDictionary(g => g.Key, g => (IReadOnlyList<WebhookAttempt>)g.ToList());
        return new DeliveryLog(webhook, rows, attempts, older);
    }

    /// <summary>A webhook's health (<see cref="WebhookStats"/>): success rate and latency per hour and per day, and the kinds of failure.</summary>
    public async Task<WebhookStatsDto> StatsAsync(Caller caller, Guid webhookId, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        var webhook = await GetAsync(caller, webhookId, ct);
        return await WebhookStats.ComputeAsync(db, webhook.Id, time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The last 24 hours' success rate of each of <paramref name="webhooks"/> (which the caller has listed), for the list's bar.</summary>
    public async Task<IReadOnlyDictionary<Guid, double?>> SuccessRatesAsync(Caller caller, IReadOnlyCollection<Guid> webhooks, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        var visible = await Visible(caller).Where(w => webhooks.Contains(w.Id)).Select(w => w.Id).ToListAsync(ct);
        return await WebhookStats.SuccessRatesAsync(db, visible, time.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>The newest delivery of each of the caller's webhooks (for the list's "last delivery").</summary>
    public async Task<IReadOnlyList<(Webhook Webhook, WebhookDelivery? Last)>> ListWithLastDeliveryAsync(Caller caller, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        var hooks = await Visible(caller).AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var ids = hooks.Select(h => h.Id).ToList();
        var newest = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.WebhookId))
            .GroupBy(d => d.WebhookId).Select(g => g.OrderByDescending(d => d.Id).First()).ToListAsync(ct);
        return hooks.Select(h => (h, newest.FirstOrDefault(d => d.WebhookId == h.Id))).ToList();
    }

    /// <summary>
    /// What is true of the webhook now (<see cref="WebhookStatus"/>), with its newest failed attempt's status code or error
    /// kind while it is failing, for the list and the detail page.
    /// </summary>
    public async Task<WebhookStatus> StatusAsync(Caller caller, Webhook webhook, bool webhooksOn, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        if (WebhookStatus.StateOf(webhook, webhooksOn) != WebhookState.Failing)
        {
            return WebhookStatus.Of(webhook, webhooksOn);
        }

        var last = await (from d in db.WebhookDeliveries.AsNoTracking()
                          where d.WebhookId == webhook.Id
                          join a in db.WebhookAttempts.AsNoTracking() on d.Id equals a.DeliveryId
                          where !a.Succeeded
                          orderby a.StartedAt descending, a.Id descending
                          select new { a.StatusCode, a.ErrorKind }).FirstOrDefaultAsync(ct);
        return WebhookStatus.Of(webhook, webhooksOn, last is null ? null : (last.StatusCode, last.ErrorKind));
    }

    /// <summary>
    /// factro's catch-up: the payloads (UTF-8 JSON, one per event and webhook) of the caller's webhooks whose events happened since
    /// <paramref name="since"/>, of one action or all, oldest first, at most 10,000.
    /// </summary>
    public async Task<IReadOnlyList<byte[]>> CatchUpPayloadsAsync(Caller caller, DateTime since, string? action, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "read webhook payloads");
        var visible = Visible(caller);
        var rows = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event)
            .Where(d => d.Event!.CreatedAt >= since && (action == null || d.Event.Action == action))
            .Where(d => visible.Any(w => w.Id == d.WebhookId))
            .OrderBy(d => d.EventSequence).Take(10_000).ToListAsync(ct);
        return rows.DistinctBy(d => (d.EventSequence, d.WebhookId)).Select(d => WebhookPayload.Build(d.Event!, d.WebhookId, d.Attempts)).ToList();
    }

    /// <summary>Sends a delivery's event again as a new delivery (same payload id, so receivers can de-duplicate).</summary>
    public async Task<WebhookDelivery> RedeliverAsync(Caller caller, Guid webhookId, Guid deliveryId, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, webhookId, ct);
        var original = await db.WebhookDeliveries.Include(d => d.Event).FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == webhook.Id, ct)
            ?? throw DomainException.NotFound("Delivery", deliveryId);
        var copy = Requeue(original);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return copy;
    }

    /// <summary>Redelivers every failed or cancelled delivery of the webhook since <paramref name="since"/> (at most 14 days back).</summary>
    public async Task<int> RecoverAsync(Caller caller, Guid webhookId, DateTime since, IInputErrors errors, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, webhookId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (since < now - RecoverWindow)
        {
            errors.Invalid("since", "too_old", "since may lie at most 14 days back.");
        }

        errors.ThrowIfInvalid();
        var lost = await db.WebhookDeliveries
            .Where(d => d.WebhookId == webhook.Id && d.CreatedAt >= since && (d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled))
            .ToListAsync(ct);
        // A delivery of an event that was redelivered already and is pending or done again is not sent twice.
        var events = lost.Select(d => d.EventSequence).Distinct().ToList();
        var alreadyAgain = await db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id && events.Contains(d.EventSequence)
            && d.Status != DeliveryStatus.Failed && d.Status != DeliveryStatus.Cancelled).Select(d => d.EventSequence).ToListAsync(ct);
        foreach (var delivery in lost.Where(d => !alreadyAgain.Contains(d.EventSequence)).DistinctBy(d => d.EventSequence))
        {
            Requeue(delivery);
        }

        var count = db.ChangeTracker.Entries<WebhookDelivery>().Count(e => e.State == EntityState.Added);
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return count;
    }

    /// <summary>
    /// Sends again every finished delivery (succeeded, failed or cancelled) of the webhook that <paramref name="filter"/>
    /// matches, one redelivery per event, leaving out events that are pending or in flight again already. More than
    /// <see cref="BulkRedeliverMax"/> matching deliveries are refused (422 <c>too_many_deliveries</c>) and nothing is sent.
    /// </summary>
    public async Task<int> RedeliverMatchingAsync(Caller caller, Guid webhookId, DeliveryFilter filter, IInputErrors errors, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, webhookId, ct);
        var finished = filter.Apply(db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id))
            .Where(d => d.Status == DeliveryStatus.Succeeded || d.Status == DeliveryStatus.Failed || d.Status == DeliveryStatus.Cancelled);
        errors.ThrowIfInvalid();
        var matching = await finished.OrderByDescending(d => d.Id).Take(BulkRedeliverMax + 1).ToListAsync(ct);
        if (matching.Count > BulkRedeliverMax)
        {
            throw DomainException.Invalid(TooManyDeliveries, "/", $"More than {BulkRedeliverMax} deliveries match; narrow the filter (status, action, from, to).");
        }

        var events = matching.Select(d => d.EventSequence).Distinct().ToList();
        var inFlight = await db.WebhookDeliveries.Where(d => d.WebhookId == webhook.Id && events.Contains(d.EventSequence)
            && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivering)).Select(d => d.EventSequence).ToListAsync(ct);
        var count = 0;
        foreach (var delivery in matching.Where(d => !inFlight.Contains(d.EventSequence)).DistinctBy(d => d.EventSequence))
        {
            Requeue(delivery);
            count++;
        }

        await db.SaveChangesAsync(ct);
        signal.Notify();
        return count;
    }

    /// <summary>A pending delivery's next attempt, now rather than at its back-off time (409 <c>delivery_not_pending</c> otherwise).</summary>
    public async Task<WebhookDelivery> RetryNowAsync(Caller caller, Guid webhookId, Guid deliveryId, CancellationToken ct)
    {
        await RequireEnabledAsync(caller, ct);
        var webhook = await GetAsync(caller, webhookId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        // One statement, so a worker that claims the delivery meanwhile is not overridden: only a pending one is moved.
        var moved = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.WebhookId == webhook.Id && d.Status == DeliveryStatus.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, now), ct);
        var delivery = await db.WebhookDeliveries.AsNoTracking().Include(d => d.Event).FirstOrDefaultAsync(d => d.Id == deliveryId && d.WebhookId == webhook.Id, ct)
            ?? throw DomainException.NotFound("Delivery", deliveryId);
        if (moved == 0)
        {
            throw DomainException.Conflict(DeliveryNotPending, $"The delivery is {delivery.Status.ToString().ToLowerInvariant()}, not pending; only a pending delivery can be retried now (redeliver a finished one).");
        }

        signal.Notify();
        return delivery;
    }

    private WebhookDelivery Requeue(WebhookDelivery original)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var copy = new WebhookDelivery
        {
            CloudId = original.CloudId, WebhookId = original.WebhookId, EventSequence = original.EventSequence,
            Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now, RedeliveryOf = original.Id, Event = original.Event,
        };
        db.WebhookDeliveries.Add(copy);
        return copy;
    }

    /// <summary>
    /// Webhooks are managed only while the owner's switch is on (rule 3), whichever door a change comes
    /// through: the API refuses earlier (in its authorization, before the body is read), the UI and any
    /// other caller here. Reading (the list, the delivery log) stays possible.
    /// </summary>
    private async Task RequireEnabledAsync(Caller caller, CancellationToken ct)
    {
        if (!await db.Clouds.AsNoTracking().Where(c => c.Id == caller.CloudId).Select(c => c.WebhooksEnabled).FirstOrDefaultAsync(ct))
        {
            throw DomainException.WebhooksDisabled();
        }
    }

    /// <summary>The cloud's webhooks (every owner's, also paused and disabled ones) against <see cref="WebhookOptions.MaxPerCloud"/>.</summary>
    public async Task<(int Count, int Max)> CountAsync(Caller caller, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageWebhooks, "manage webhooks");
        return (await db.Webhooks.CountAsync(ct), options.Value.MaxPerCloud);
    }

    private async Task RequireRoomAsync(Caller caller, CancellationToken ct)
    {
        var (count, max) = await CountAsync(caller, ct);
        if (count >= max)
        {
            throw DomainException.Conflict(LimitReached, $"This cloud has {count} webhooks, the most it may have ({max}); delete one before creating another.");
        }
    }

    private static void CheckPlan(Caller caller, WebhookInput input)
    {
        if (input.ActionTypes is { HasValue: true, Value: { } actions }
            && actions.FirstOrDefault(a => WebhookActions.Exists(a) && !WebhookActions.IsAvailable(a, caller.Plan)) is { } missing)
        {
            PlanGate.Require(caller.Plan, WebhookActions.RequiredFeature(missing)!.Value, "/actionTypes");
        }
    }

    private static void Validate(WebhookInput input, IInputErrors errors)
    {
        errors.MaxLengths(("callbackUri", input.CallbackUri.Value, Webhook.UriMaxLength),
            ("authenticationHeaderName", input.AuthenticationHeaderName.Value, Webhook.AuthenticationHeaderNameMaxLength),
            ("authenticationHeaderValue", input.AuthenticationHeaderValue.Value, Webhook.AuthenticationHeaderValueMaxLength),
            ("description", input.Description.Value, Webhook.DescriptionMaxLength));
        if (input.ActionTypes is { HasValue: true, Value: var actions })
        {
            if (actions is null || actions.Count == 0)
            {
                errors.Invalid("actionTypes", "required", "Name at least one action, or \"*\" for all.");
            }
            else if (actions.FirstOrDefault(a => a != WebhookActions.All && !WebhookActions.Exists(a)) is { } unknown)
            {
                errors.Invalid("actionTypes", "unknown_action", $"\"{unknown}\" is not an action; GET /api/core/webhooks/actions lists them.");
            }
        }

        if (input.AuthenticationHeaderName is { HasValue: true, Value: { Length: > 0 } name })
        {
            if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') || ReservedHeaders.Contains(name))
            {
                errors.Invalid("authenticationHeaderName", "invalid_header", $"\"{name}\" cannot be used as the authentication header's name.");
            }
        }

        errors.HttpHeaderValue("authenticationHeaderValue", input.AuthenticationHeaderValue.Value);
    }

    private async Task CheckUrlAsync(WebhookInput input, CancellationToken ct)
    {
        if (input.CallbackUri.HasValue && await guard.ValidateAsync(input.CallbackUri.Value, options.Value.AllowPrivateNetworks, ct) is { } reason)
        {
            throw DomainException.Invalid(UrlNotAllowed, "/callbackUri", reason);
        }
    }

    private static void Apply(Webhook webhook, WebhookInput input, DateTime now)
    {
        if (input.CallbackUri.HasValue) webhook.CallbackUri = input.CallbackUri.Value!;
        if (input.ActionTypes.HasValue) webhook.ActionTypes = string.Join(',', input.ActionTypes.Value!.Distinct());
        if (input.AuthenticationHeaderName.HasValue) webhook.AuthenticationHeaderName = input.AuthenticationHeaderName.Value;
        if (input.AuthenticationHeaderValue.HasValue) webhook.AuthenticationHeaderValue = input.AuthenticationHeaderValue.Value;
        if (input.Description.HasValue) webhook.Description = input.Description.Value;
        if (input.IsActive is { HasValue: true, Value: { } active } && active != webhook.IsActive)
        {
            webhook.IsActive = active;
            webhook.DisabledReason = active ? null : WebhookDisabledReason.Manual;
            webhook.FailingSince = null;
            webhook.ConsecutiveFailures = 0;
        }

        webhook.UpdatedAt = now;
    }
}
