namespace Planwerk.Webhooks;

/// <summary>
/// What is true of a webhook now, in the words the API (<c>status</c>) and the pages share: so a failing endpoint is never
/// shown as a green "active".
/// </summary>
public enum WebhookState
{
    /// <summary><c>active</c>: deliveries go, and the last attempt (if any) succeeded.</summary>
    Active,

    /// <summary><c>failing</c>: active, but attempts have failed since <see cref="Webhook.FailingSince"/>; retries go on.</summary>
    Failing,

    /// <summary><c>paused</c>: paused by hand; its pending deliveries wait.</summary>
    Paused,

    /// <summary><c>off</c>: the owner switched webhooks off for the cloud; nothing is delivered.</summary>
    Off,

    /// <summary><c>disabled</c>: switched off automatically, for <c>gone</c> or <c>failing</c> (<see cref="Webhook.DisabledReason"/>).</summary>
    Disabled,
}

/// <summary>A webhook's state with what the pages show about it: since when it fails, with what, how often in a row.</summary>
/// <param name="State">The state.</param>
/// <param name="FailingSince">When the current run of failed attempts began (also for a disabled or paused webhook).</param>
/// <param name="ConsecutiveFailures">Failed attempts in a row.</param>
/// <param name="DisabledReason">Why it is disabled or paused, if it is.</param>
/// <param name="LastFailure">The newest failed attempt's status code and error kind, when it is failing.</param>
public sealed record WebhookStatus(WebhookState State, DateTime? FailingSince, int ConsecutiveFailures, WebhookDisabledReason? DisabledReason,
    (int? StatusCode, string? ErrorKind)? LastFailure = null)
{
    /// <summary>
    /// The state of <paramref name="webhook"/> in a cloud whose webhook switch is <paramref name="webhooksOn"/>. A
    /// disabled webhook stays disabled whatever the switch (switching on does not revive it); otherwise the owner's
    /// switch-off is the reason nothing goes; then a pause by hand; then a run of failures.
    /// </summary>
    public static WebhookState StateOf(Webhook webhook, bool webhooksOn) =>
        webhook is { IsActive: false, DisabledReason: WebhookDisabledReason.Failing or WebhookDisabledReason.Gone } ? WebhookState.Disabled
        : !webhooksOn ? WebhookState.Off
        : !webhook.IsActive ? WebhookState.Paused
        : webhook.FailingSince is not null || webhook.ConsecutiveFailures > 0 ? WebhookState.Failing
        : WebhookState.Active;

    public static WebhookStatus Of(Webhook webhook, bool webhooksOn, (int? StatusCode, string? ErrorKind)? lastFailure = null) =>
        new(StateOf(webhook, webhooksOn), webhook.FailingSince, webhook.ConsecutiveFailures, webhook.IsActive ? null : webhook.DisabledReason, lastFailure);
}

/// <summary>The wire names of <see cref="WebhookState"/>.</summary>
public static class WebhookStateNames
{
    public static string ToWire(this WebhookState state) => state switch
    {
        WebhookState.Active => "active",
        WebhookState.Failing => "failing",
        WebhookState.Paused => "paused",
        WebhookState.Off => "off",
        WebhookState.Disabled => "disabled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
