using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Planwerk.Webhooks;

// Why a webhook is off and why a delivery was cancelled, typed. Their wire names are what the API
// (disabledReason, cancelReason), the UI's text keys, the audit log and the database columns carry;
// they are fixed here, once.

/// <summary>Why a webhook is inactive (<see cref="Webhook.DisabledReason"/>, <c>disabledReason</c> in the API).</summary>
public enum WebhookDisabledReason
{
    /// <summary><c>manual</c>: paused by its owner; its deliveries stay pending for when it resumes.</summary>
    Manual,

    /// <summary><c>failing</c>: every delivery failed for days (auto-disabled).</summary>
    Failing,

    /// <summary><c>gone</c>: the receiver answered 410 Gone (auto-disabled).</summary>
    Gone,
}

/// <summary>Why a delivery was cancelled (<see cref="WebhookDelivery.CancelReason"/>, <c>cancelReason</c> in the API).</summary>
public enum DeliveryCancelReason
{
    /// <summary><c>webhooks_disabled</c>: the owner switched webhooks off for the cloud.</summary>
    WebhooksDisabled,

    /// <summary><c>failing</c>: its webhook was disabled for failing.</summary>
    Failing,

    /// <summary><c>gone</c>: its webhook was disabled because the receiver answered 410 Gone.</summary>
    Gone,
}

/// <summary>The wire names of the reasons, both ways.</summary>
public static class WebhookReasonNames
{
    public static string ToWire(this WebhookDisabledReason reason) => reason switch
    {
        WebhookDisabledReason.Manual => "manual",
        WebhookDisabledReason.Failing => "failing",
        WebhookDisabledReason.Gone => "gone",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static string ToWire(this DeliveryCancelReason reason) => reason switch
    {
        DeliveryCancelReason.WebhooksDisabled => "webhooks_disabled",
        DeliveryCancelReason.Failing => "failing",
        DeliveryCancelReason.Gone => "gone",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    public static WebhookDisabledReason ParseDisabledReason(string wire) => wire switch
    {
        "manual" => WebhookDisabledReason.Manual,
        "failing" => WebhookDisabledReason.Failing,
        "gone" => WebhookDisabledReason.Gone,
        _ => throw new FormatException($"Unknown webhook disabled reason \"{wire}\"."),
    };

    public static DeliveryCancelReason ParseCancelReason(string wire) => wire switch
    {
        "webhooks_disabled" => DeliveryCancelReason.WebhooksDisabled,
        "failing" => DeliveryCancelReason.Failing,
        "gone" => DeliveryCancelReason.Gone,
        _ => throw new FormatException($"Unknown delivery cancel reason \"{wire}\"."),
    };

    /// <summary>Stores a disabled reason as its wire name (the column holds the same text as before the type).</summary>
    internal static readonly ValueConverter<WebhookDisabledReason, string> DisabledReasonColumn =
        new(r => r.ToWire(), s => ParseDisabledReason(s));

    /// <summary>Stores a cancel reason as its wire name.</summary>
    internal static readonly ValueConverter<DeliveryCancelReason, string> CancelReasonColumn =
        new(r => r.ToWire(), s => ParseCancelReason(s));
}

/// <summary>Cancelling deliveries that are still to go: the one statement for every reason.</summary>
public static class WebhookDeliveryCancellation
{
    /// <summary>
    /// Cancels the deliveries among <paramref name="deliveries"/> that are still to go — pending, or claimed by a worker
    /// (their lease is dropped) — with <paramref name="reason"/>; none of them is retried. Used by the owner's switch-off
    /// (<c>webhooks_disabled</c>) and by auto-disable (<c>failing</c>, <c>gone</c>). A worker whose claimed delivery is
    /// cancelled does not send it (the database check before each request); if its request had left already, the
    /// outcome is recorded without reviving it — a 2xx makes it succeeded, a failure leaves it cancelled.
    /// </summary>
    public static Task<int> CancelPendingAsync(this IQueryable<WebhookDelivery> deliveries, DeliveryCancelReason reason, CancellationToken ct) =>
        deliveries.Where(d => d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivering)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, DeliveryStatus.Cancelled)
                .SetProperty(d => d.CancelReason, reason)
                .SetProperty(d => d.LeaseOwner, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTime?)null), ct);
}
