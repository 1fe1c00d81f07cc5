using System.ComponentModel.DataAnnotations;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Webhooks;

/// <summary>Webhook delivery settings (<c>Planwerk:Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Planwerk:Webhooks";

    /// <summary>Allow loopback and private ranges for intranet receivers (on in development and tests). Link-local, multicast and unspecified addresses are never allowed.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Run the delivery worker in this process (<c>planwerk serve --role web</c> turns it off).</summary>
    public bool WorkerEnabled { get; set; } = true;

    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int TimeoutSeconds { get; set; } = 15;

    /// <summary>The most webhooks one cloud may have; creating one more answers 409 <c>webhook_limit_reached</c>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxPerCloud { get; set; } = 50;

    /// <summary>Requests in flight per endpoint, so one slow receiver never delays others.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxInFlightPerWebhook { get; set; } = 8;

    /// <summary>
    /// Requests in flight per cloud (per worker), so one cloud's slow or dead endpoints, however many, never take every
    /// place of <see cref="MaxInFlight"/> (docs/decisions/0012).
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxInFlightPerCloud { get; set; } = 64;

    /// <summary>Requests in flight per worker in all.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxInFlight { get; set; } = 256;

    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>How long a claimed delivery stays with a worker before another may take it over.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int LeaseSeconds { get; set; } = 120;

    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int RetentionDays { get; set; } = 30;

    /// <summary>Failing for this long (and at least <see cref="DisableAfterFailures"/> times in a row) disables a webhook.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int DisableAfterDays { get; set; } = 5;

    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int DisableAfterFailures { get; set; } = 10;

    /// <summary>
    /// The longest wait a receiver's <c>Retry-After</c> (on 429 or 503) is honoured for; a longer one waits this long. So a
    /// receiver cannot park its deliveries beyond the retention period, or for ever, with one header.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxRetryAfterSeconds { get; set; } = 3600;

    /// <summary>The retry schedule after the first attempt (±20 % jitter): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h.</summary>
    public static readonly TimeSpan[] RetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];
}
