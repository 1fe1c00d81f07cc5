namespace Planwerk.Webhooks;

// The delivery pipeline's rules, as a pure function: what an attempt's outcome means for its delivery and its
// webhook (retry when, fail, cancel, disable). No database, no clock, no randomness of its own — the recorder
// reads the webhook's failure state, passes the time and a jitter sample in, and applies the decision.

/// <summary>One HTTP attempt as the sender classified it.</summary>
/// <param name="Number">The attempt's number, from 1 (the first try) up.</param>
/// <param name="StartedAt">When the request began.</param>
/// <param name="DurationMs">How long until the response's headers came (or the attempt gave up).</param>
/// <param name="StatusCode">The response's status; null when none came (timeout, refused, TLS, not allowed).</param>
/// <param name="ErrorKind"><c>timeout</c>, <c>connection</c>, <c>tls</c>, <c>redirect</c>, <c>status</c>, <c>not_allowed</c>; null on success.</param>
/// <param name="ResponseBody">The first 4 KiB of the response, if any.</param>
/// <param name="Succeeded">Answered with 2xx.</param>
/// <param name="RetryAfter">The response's <c>Retry-After</c> (seconds, or a date less the time it was read); null without one.</param>
public sealed record AttemptOutcome(int Number, DateTime StartedAt, int DurationMs, int? StatusCode, string? ErrorKind, string? ResponseBody,
    bool Succeeded, TimeSpan? RetryAfter)
{
    /// <summary>The request's headers as the console keeps them (<see cref="AttemptHeaders.OfRequest"/>).</summary>
    public IReadOnlyList<AttemptHeader> RequestHeaders { get; init; } = [];

    /// <summary>The response's headers as the console keeps them; none when no response came.</summary>
    public IReadOnlyList<AttemptHeader> ResponseHeaders { get; init; } = [];
}

/// <summary>The webhook as the recorder reads it once this attempt's success or failure has been counted.</summary>
/// <param name="IsActive">Whether it is active.</param>
/// <param name="DisabledReason">Why it is not, if it is not.</param>
/// <param name="FailingSince">When its current run of failures began; null while deliveries succeed.</param>
/// <param name="ConsecutiveFailures">Failed attempts in a row, this one included.</param>
public sealed record WebhookFailureState(bool IsActive, WebhookDisabledReason? DisabledReason, DateTime? FailingSince, int ConsecutiveFailures);

/// <summary>What becomes of the delivery and its webhook.</summary>
/// <param name="Status">The delivery's new status.</param>
/// <param name="NextAttemptAt">When it is tried again (pending); otherwise what it was.</param>
/// <param name="CompletedAt">Set when the delivery ends succeeded or failed.</param>
/// <param name="Disable">Disable the webhook for this reason (and cancel its pending deliveries); null to leave it.</param>
/// <param name="CancelReason">Set when the delivery is cancelled instead of retried.</param>
public sealed record DeliveryDecision(DeliveryStatus Status, DateTime NextAttemptAt, DateTime? CompletedAt, WebhookDisabledReason? Disable,
    DeliveryCancelReason? CancelReason);

/// <summary>The retry schedule, auto-disable and cancellation rules of a delivery (WEBHOOKS.md "Retries").</summary>
public static class WebhookDeliveryPolicy
{
    /// <summary>
    /// Decides on one attempt's outcome. <paramref name="jitter"/> is a sample in [0, 1]: it spreads the planned wait
    /// over 80 % to 120 % of <see cref="WebhookOptions.RetrySchedule"/>, so receivers coming back are not hit in waves.
    /// </summary>
    /// <param name="outcome">The attempt.</param>
    /// <param name="webhook">Its webhook, with this attempt counted.</param>
    /// <param name="nextAttemptAt">The delivery's next attempt time as it stands (kept unless a retry is planned).</param>
    /// <param name="options">The auto-disable thresholds.</param>
    /// <param name="now">The time the outcome is recorded at.</param>
    /// <param name="jitter">A sample in [0, 1] (the recorder draws it at random).</param>
    public static DeliveryDecision Decide(AttemptOutcome outcome, WebhookFailureState webhook, DateTime nextAttemptAt, WebhookOptions options,
        DateTime now, double jitter)
    {
        if (jitter is not (>= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "The jitter sample must lie in [0, 1].");
        }

        if (outcome.Succeeded)
        {
            return new(DeliveryStatus.Succeeded, nextAttemptAt, now, null, null);
        }

        DeliveryStatus status;
        WebhookDisabledReason? disable = null;
        var next = nextAttemptAt;
        if (outcome.StatusCode == 410)
        {
            // Gone: this delivery ends, and the webhook is disabled at once (unless it is off already).
            status = DeliveryStatus.Failed;
            disable = webhook.IsActive ? WebhookDisabledReason.Gone : null;
        }
        else if (outcome.Number > WebhookOptions.RetrySchedule.Length)
        {
            status = DeliveryStatus.Failed; // that was the last attempt
        }
        else
        {
            status = DeliveryStatus.Pending;
            next = now + RetryDelay(outcome, jitter, TimeSpan.FromSeconds(options.MaxRetryAfterSeconds));
        }

        if (disable is null && webhook.IsActive && IsFailingTooLong(webhook, options, now))
        {
            disable = WebhookDisabledReason.Failing;
            status = status == DeliveryStatus.Pending ? DeliveryStatus.Failed : status;
        }

        // A webhook disabled for failing or gone while this attempt was out gets no retry: its pending deliveries were
        // cancelled, and so is this one. (A webhook paused by hand keeps its deliveries for when it resumes.)
        var cancel = status == DeliveryStatus.Pending ? CancelReasonFor(disable ?? (webhook.IsActive ? null : webhook.DisabledReason)) : null;
        if (cancel is not null)
        {
            status = DeliveryStatus.Cancelled;
        }

        return new(status, next, status is DeliveryStatus.Failed ? now : null, disable, cancel);
    }

    /// <summary>
    /// How long to wait after failed attempt <c>outcome.Number</c>: its step of the schedule with jitter, or the
    /// receiver's <c>Retry-After</c> on a 429 or 503 when that is longer (never shorter than the schedule), but at most
    /// <paramref name="maxRetryAfter"/> (<see cref="WebhookOptions.MaxRetryAfterSeconds"/>); the schedule's own steps are
    /// not cut by it.
    /// </summary>
    public static TimeSpan RetryDelay(AttemptOutcome outcome, double jitter, TimeSpan maxRetryAfter)
    {
        var delay = WebhookOptions.RetrySchedule[outcome.Number - 1] * (0.8 + (jitter * 0.4));
        if (outcome.StatusCode is not (429 or 503) || outcome.RetryAfter is not { } retryAfter)
        {
            return delay;
        }

        var asked = retryAfter < maxRetryAfter ? retryAfter : maxRetryAfter;
        return asked > delay ? asked : delay;
    }

    /// <summary>Failing for <see cref="WebhookOptions.DisableAfterDays"/> and at least <see cref="WebhookOptions.DisableAfterFailures"/> times in a row.</summary>
    public static bool IsFailingTooLong(WebhookFailureState webhook, WebhookOptions options, DateTime now) =>
        now - webhook.FailingSince >= TimeSpan.FromDays(options.DisableAfterDays) && webhook.ConsecutiveFailures >= options.DisableAfterFailures;

    /// <summary>
    /// Why a delivery of a webhook disabled for <paramref name="disabled"/> is cancelled rather than kept pending:
    /// failing and gone cancel; a pause by hand (or an active webhook) keeps it.
    /// </summary>
    public static DeliveryCancelReason? CancelReasonFor(WebhookDisabledReason? disabled) => disabled switch
    {
        WebhookDisabledReason.Failing => DeliveryCancelReason.Failing,
        WebhookDisabledReason.Gone => DeliveryCancelReason.Gone,
        _ => null,
    };
}
