using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Webhooks;

/// <summary>
/// A webhook as the API returns it; the secret only on creation and rotation, the auth header's value never. <c>status</c>
/// is what is true now, in the pages' words too: <c>active</c>, <c>failing</c> (attempts have failed since
/// <c>failingSince</c>, <c>consecutiveFailures</c> in a row; retries go on), <c>paused</c>, <c>disabled</c> (see
/// <c>disabledReason</c>), <c>off</c> (the owner's switch; the routes answer 403 then, so the API shows it only to the pages).
/// </summary>
public sealed record WebhookDto(Guid Id, Guid EmployeeId, string CallbackUri, IReadOnlyList<string> ActionTypes, string ActionType,
    string? AuthenticationHeaderName, bool HasAuthenticationHeaderValue, string? Description, bool IsActive, string? DisabledReason,
    string Status, DateTime? FailingSince, int ConsecutiveFailures, string? Secret, DateTime CreatedAt, Guid MandantId)
{
    public static WebhookDto From(Webhook w, bool withSecret = false)
    {
        var actions = w.Actions.ToList();
        // The webhook routes answer only while the owner's switch is on (WebhooksEnabledRequirement).
        return new(w.Id, w.EmployeeId, w.CallbackUri, actions, actions.FirstOrDefault() ?? string.Empty, w.AuthenticationHeaderName,
            w.AuthenticationHeaderValue is not null, w.Description, w.IsActive, w.DisabledReason?.ToWire(), WebhookStatus.StateOf(w, webhooksOn: true).ToWire(),
            w.FailingSince, w.ConsecutiveFailures, withSecret ? w.Secret : null, w.CreatedAt, w.CloudId);
    }
}

/// <summary>
/// One HTTP attempt: when, how long until the response's headers (ms), the status or the error kind, the request's headers as
/// sent (each signature cut to its first characters, the auth header's value hidden), the response's headers and the first
/// 4 KiB of its body.
/// </summary>
public sealed record AttemptDto(int Number, DateTime StartedAt, int DurationMs, int? StatusCode, string? ErrorKind, string? ResponseBody, bool Succeeded,
    IReadOnlyDictionary<string, string> RequestHeaders, IReadOnlyDictionary<string, string> ResponseHeaders)
{
    public static AttemptDto From(WebhookAttempt a) => new(a.Number, a.StartedAt, a.DurationMs, a.StatusCode, a.ErrorKind, a.ResponseBody, a.Succeeded,
        Headers(a.RequestHeaders), Headers(a.ResponseHeaders));

    private static Dictionary<string, string> Headers(IReadOnlyList<AttemptHeader> headers) =>
        headers.DistinctBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase);
}

/// <summary>One event to one webhook; <c>redeliveryOf</c> names the delivery a redelivery sends again (same <c>payloadId</c>).</summary>
public sealed record DeliveryDto(Guid Id, Guid WebhookId, Guid PayloadId, string Action, long Sequence, string Status, string? CancelReason,
    int Attempts, DateTime? NextAttemptAt, DateTime CreatedAt, DateTime? CompletedAt, int? LastStatusCode, Guid? RedeliveryOf, IReadOnlyList<AttemptDto> AttemptLog);

/// <summary>The filter of a bulk redelivery, as <c>GET …/deliveries</c> takes it (every field optional; all of them narrow).</summary>
public sealed record DeliveryFilterWrite(string? Status, string? Action, DateTime? From, DateTime? To, string? Search);

/// <summary>How many deliveries a bulk redelivery queued.</summary>
public sealed record RedeliverResult(int Redelivered);

/// <summary>The owner's webhook switch, for the webhook routes (403 <c>webhooks_disabled</c> while off).</summary>
public sealed class WebhooksEnabledRequirement : IAuthorizationRequirement;

public sealed class WebhooksEnabledHandler(IServiceScopeFactory scopes) : AuthorizationHandler<WebhooksEnabledRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, WebhooksEnabledRequirement requirement)
    {
        if (Caller.Of(context) is not { } caller)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var enabled = await scope.ServiceProvider.GetRequiredService<PlanwerkDb>().Clouds.AsNoTracking()
            .Where(c => c.Id == caller.CloudId).Select(c => c.WebhooksEnabled).SingleAsync();
        if (enabled)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new DomainFailureReason(this, DomainException.WebhooksDisabled()));
        }
    }
}

/// <summary>Webhook management (a Planwerk extension) and factro's catch-up routes.</summary>
public static class WebhooksApi
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").WithTags("Webhooks")
            .RequireAuthorization(policy => policy.AddRequirements(new WebhooksEnabledRequirement()))
            .Require(Right.ManageWebhooks, "manage webhooks");
        hooks.MapGet("/actions", Actions).WithName("ListWebhookActions").WithSummary("The actions available in the caller's cloud");
        hooks.MapGet("/", List).WithName("ListWebhooks").WithSummary("The caller's webhooks (the owner's: all of the cloud)");
        hooks.MapPost("/", Create).WithMetadata(new RequestBodyDoc(typeof(WebhookInput), Name: "WebhookWrite")).DocumentsError(StatusCodes.Status409Conflict, "The cloud has as many webhooks as it may have (Planwerk:Webhooks:MaxPerCloud, default 50). Code: webhook_limit_reached.").WithName("CreateWebhook")
            .WithSummary("Create a webhook; the answer holds its secret, shown this once");
        hooks.MapGet("/{id:guid}", Get).WithName("GetWebhook").WithSummary("One webhook");
        hooks.MapPut("/{id:guid}", Update).WithMetadata(new RequestBodyDoc(typeof(WebhookInput), Name: "WebhookWrite")).WithName("UpdateWebhook").WithSummary("Change a webhook (only the fields sent)");
        hooks.MapDelete("/{id:guid}", Delete).WithName("DeleteWebhook").WithSummary("Delete a webhook with its delivery log; returns it");
        hooks.MapPost("/{id:guid}/test", Test).DocumentsError(StatusCodes.Status409Conflict, "The webhook is paused; activate it first. Code: webhook_inactive.").WithName("TestWebhook").WithSummary("Send a Ping delivery now");
        hooks.MapPost("/{id:guid}/rotate-secret", Rotate).DocumentsError(StatusCodes.Status409Conflict, "Ten rotations within 24 hours already; every secret rotated out keeps signing for 24 h. Code: secret_rotation_limit.").WithName("RotateWebhookSecret").WithSummary("New secret; every secret rotated out keeps signing for 24 h");
        hooks.MapGet("/{id:guid}/deliveries", Deliveries).WithName("ListWebhookDeliveries")
            .WithSummary("The delivery log, newest first, with every attempt; filtered by status, action, from/to (when the delivery was made) and search (a payload id, delivery id or sequence number)");
        hooks.MapGet("/{id:guid}/stats", Stats).WithName("GetWebhookStats")
            .WithSummary("Health: success rate and latency (p50/p95) per hour over 24 h and per day over 30 days, and the share of each failure kind");
        hooks.MapPost("/{id:guid}/deliveries/redeliver", RedeliverMatching).WithMetadata(new RequestBodyDoc(typeof(DeliveryFilterWrite)))
            .WithName("RedeliverWebhookDeliveries").WithSummary($"Send every finished delivery the filter matches again, one per event (at most {WebhookService.BulkRedeliverMax}; more: 422 too_many_deliveries)");
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", Redeliver).WithName("RedeliverWebhookDelivery").WithSummary("Send a delivery again");
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/retry", RetryNow)
            .DocumentsError(StatusCodes.Status409Conflict, "The delivery is not pending (in flight or finished; redeliver a finished one). Code: delivery_not_pending.")
            .WithName("RetryWebhookDeliveryNow").WithSummary("A pending delivery's next attempt now, not at its back-off time");
        hooks.MapPost("/{id:guid}/recover", Recover).WithMetadata(new RequestBodyDoc(typeof(RecoverWrite))).WithName("RecoverWebhook").WithSummary("Redeliver every failed or cancelled delivery since {since} (≤ 14 days)");

        var catchUp = api.MapGroup("/webhook/payload").WithTags("Webhooks")
            .RequireAuthorization(policy => policy.AddRequirements(new WebhooksEnabledRequirement()))
            .Require(Right.ManageWebhooks, "read webhook payloads");
        catchUp.MapGet("/{startDate}", Payloads).Produces<List<WebhookEventPayload>>().WithName("WebhookPayloadsSince").WithSummary("factro's catch-up: payloads of the caller's webhooks since startDate, oldest first");
        catchUp.MapGet("/type/{actionType}/{startDate}", PayloadsOfType).Produces<List<WebhookEventPayload>>().WithName("WebhookPayloadsOfTypeSince").WithSummary("factro's catch-up for one action");
    }

    private static Ok<IEnumerable<string>> Actions(HttpContext http) => TypedResults.Ok(WebhookActions.AvailableFor(http.Caller().Plan));

    private static Task<Listed<WebhookDto>> List(HttpContext http, WebhookService webhooks, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, webhooks.Visible(http.Caller()), w => WebhookDto.From(w, false), limit, cursor, ct);

    private static async Task<Ok<WebhookDto>> Get(Guid id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(WebhookDto.From(await webhooks.GetAsync(http.Caller(), id, ct)));

    private static async Task<Created<WebhookDto>> Create(JsonElement body, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var webhook = await webhooks.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/webhooks/{webhook.Id}", WebhookDto.From(webhook, withSecret: true));
    }

    private static async Task<Ok<WebhookDto>> Update(Guid id, JsonElement body, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(WebhookDto.From(await webhooks.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<WebhookDto>> Delete(Guid id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(WebhookDto.From(await webhooks.DeleteAsync(http.Caller(), id, ct)));

    private static async Task<Accepted<DeliveryDto>> Test(Guid id, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.PingAsync(http.Caller(), id, ct);
        return TypedResults.Accepted($"{CoreApi.BasePath}/webhooks/{id}/deliveries", ToDto(delivery, []));
    }

    private static async Task<Ok<WebhookDto>> Rotate(Guid id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(WebhookDto.From(await webhooks.RotateSecretAsync(http.Caller(), id, ct), withSecret: true));

    private static async Task<Ok<List<DeliveryDto>>> Deliveries(Guid id, HttpContext http, WebhookService webhooks, string? status, string? action,
        string? from, string? to, string? search, int? limit, string? cursor, CancellationToken ct)
    {
        await webhooks.GetAsync(http.Caller(), id, ct); // an unknown webhook is a 404 whatever the query says
        var errors = new QueryErrors();
        var filter = ReadFilter(status, action, Instant(from, "from", errors), Instant(to, "to", errors), search, errors);
        errors.ThrowIfInvalid();
        Guid? after = cursor is null ? null
            : Guid.TryParse(cursor, out var c) ? c : throw DomainException.BadRequest("/cursor", "cursor is not a cursor this API gave out.");
        var page = Math.Clamp(limit ?? 50, 1, Listing.MaxLimit);
        var log = await webhooks.DeliveryLogAsync(http.Caller(), id, filter, after, page, ct);
        if (log.Older is { } older)
        {
            var query = http.Request.Query.Where(q => q.Key is not ("cursor" or "limit"))
                .Select(q => $"&{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
            http.Response.Headers.Link = $"<{CoreApi.BasePath}/webhooks/{id}/deliveries?limit={page}&cursor={older}{string.Concat(query)}>; rel=\"next\"";
        }

        return TypedResults.Ok(log.Deliveries.Select(r => ToDto(r, log.Attempts.GetValueOrDefault(r.Id) ?? [])).ToList());
    }

    private static async Task<Ok<WebhookStatsDto>> Stats(Guid id, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok(await webhooks.StatsAsync(http.Caller(), id, ct));

    private static async Task<Ok<RedeliverResult>> RedeliverMatching(Guid id, JsonElement body, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var filter = ReadFilter(input.String("status").Value, input.String("action").Value, input.DateTime("from").Value, input.DateTime("to").Value,
            input.String("search").Value, input);
        input.ThrowIfInvalid();
        return TypedResults.Ok(new RedeliverResult(await webhooks.RedeliverMatchingAsync(http.Caller(), id, filter, input, ct)));
    }

    private static async Task<Accepted<DeliveryDto>> RetryNow(Guid id, Guid deliveryId, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.RetryNowAsync(http.Caller(), id, deliveryId, ct);
        return TypedResults.Accepted($"{CoreApi.BasePath}/webhooks/{id}/deliveries", ToDto(delivery, []));
    }

    /// <summary>The console's filter from its parts, each checked; problems go to <paramref name="errors"/> under the part's name.</summary>
    public static DeliveryFilter ReadFilter(string? status, string? action, DateTime? from, DateTime? to, string? search, IInputErrors errors)
    {
        DeliveryStatus? state = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var s) && !int.TryParse(status, out _))
            {
                state = s;
            }
            else
            {
                errors.Invalid("status", ErrorCodes.ValidationFailed, "status must be pending, delivering, succeeded, failed or cancelled.");
            }
        }

        if (!string.IsNullOrEmpty(action) && !WebhookActions.Exists(action))
        {
            errors.Invalid("action", "unknown_action", $"\"{action}\" is not an action.");
        }

        if (from is { } f && to is { } t && t <= f)
        {
            errors.Invalid("to", "before_start", "to must lie after from.");
        }

        if (!DeliveryFilter.TryParseSearch(search, out var searchId, out var sequence))
        {
            errors.Invalid("search", ErrorCodes.ValidationFailed, "search must be a payload id (the webhook-id header), a delivery id or a sequence number.");
        }

        return new DeliveryFilter(state, string.IsNullOrEmpty(action) ? null : action, from, to, searchId, sequence);
    }

    private static DateTime? Instant(string? text, string name, IInputErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        errors.Invalid(name, ErrorCodes.BadRequest, $"{name} must be an ISO-8601 date or date-time.");
        return null;
    }

    /// <summary>A query string's problems: all of them at once, as one 400.</summary>
    private sealed class QueryErrors : IInputErrors
    {
        private readonly List<(string Name, string Detail)> problems = [];

        public void Invalid(string name, string code, string detail) => problems.Add((name, detail));

        public void ThrowIfInvalid()
        {
            if (problems.Count > 0)
            {
                throw DomainException.BadRequest("/" + problems[0].Name, string.Join(" ", problems.Select(p => p.Detail)));
            }
        }
    }

    private static async Task<Accepted<DeliveryDto>> Redeliver(Guid id, Guid deliveryId, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var delivery = await webhooks.RedeliverAsync(http.Caller(), id, deliveryId, ct);
        return TypedResults.Accepted($"{CoreApi.BasePath}/webhooks/{id}/deliveries", ToDto(delivery, []));
    }

    private static async Task<Ok<RecoverResult>> Recover(Guid id, JsonElement body, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var since = input.DateTime("since", required: true);
        input.ThrowIfInvalid();
        return TypedResults.Ok(new RecoverResult(await webhooks.RecoverAsync(http.Caller(), id, since.Value!.Value, input, ct)));
    }

    public sealed record RecoverResult(int Redelivered);

    private static Task<Ok<List<JsonElement>>> Payloads(string startDate, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        PayloadsAsync(startDate, null, http, webhooks, ct);

    private static Task<Ok<List<JsonElement>>> PayloadsOfType(string actionType, string startDate, HttpContext http, WebhookService webhooks, CancellationToken ct) =>
        WebhookActions.Exists(actionType)
            ? PayloadsAsync(startDate, actionType, http, webhooks, ct)
            : throw DomainException.BadRequest("/actionType", $"\"{actionType}\" is not an action.");

    /// <summary>factro's catch-up (<see cref="WebhookService.CatchUpPayloadsAsync"/>); the door parses the date.</summary>
    private static async Task<Ok<List<JsonElement>>> PayloadsAsync(string startDate, string? action, HttpContext http, WebhookService webhooks, CancellationToken ct)
    {
        if (!DateTime.TryParse(startDate, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var since))
        {
            throw DomainException.BadRequest("/startDate", "startDate must be an ISO-8601 date or date-time.");
        }

        var payloads = await webhooks.CatchUpPayloadsAsync(http.Caller(), since, action, ct);
        return TypedResults.Ok(payloads.Select(p => JsonDocument.Parse(p).RootElement.Clone()).ToList());
    }

    private static DeliveryDto ToDto(WebhookDelivery d, IReadOnlyList<WebhookAttempt> attempts) => new(d.Id, d.WebhookId, d.Event?.Id ?? Guid.Empty,
        d.Event?.Action ?? string.Empty, d.EventSequence, d.Status.ToString().ToLowerInvariant(), d.CancelReason?.ToWire(), d.Attempts,
        d.Status is DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CreatedAt, d.CompletedAt, d.LastStatusCode, d.RedeliveryOf,
        attempts.Select(AttemptDto.From).ToList());

    private static WebhookInput Read(JsonBody body) => new()
    {
        CallbackUri = body.String("callbackUri"),
        ActionTypes = body.Has("actionTypes") ? body.StringList("actionTypes", Webhook.ActionNameMaxLength, Webhook.ActionTypesMaxCount) : default,
        ActionType = body.String("actionType"),
        AuthenticationHeaderName = body.String("authenticationHeaderName"),
        AuthenticationHeaderValue = body.String("authenticationHeaderValue"),
        Description = body.String("description"),
        IsActive = body.Bool("isActive"),
    };
}
