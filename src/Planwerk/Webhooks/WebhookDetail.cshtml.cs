using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Webhooks;

/// <summary>
/// <c>/settings/integrations/webhooks/{id}</c>: one webhook, its secret (revealed on demand, rotated
/// with a 24 h overlap), "send test", and the delivery log with every attempt, the request and
/// response bodies, and redelivery.
/// </summary>
public sealed class WebhookDetailModel(WebhookService webhooks, TimeProvider time) : WebhookPage
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    private const int PageSize = 50;

    [FromRoute]
    public Guid Id { get; set; }

    [FromQuery]
    public DeliveryStatus? Status { get; set; }

    [FromQuery]
    public Guid? Before { get; set; }

    public Webhook Webhook { get; private set; } = null!;

    public bool ShowSecret { get; private set; }

    /// <summary>What is true of the webhook now.</summary>
    public WebhookStatus Health { get; private set; } = null!;

    public IReadOnlyList<WebhookDelivery> Deliveries { get; private set; } = [];

    public IReadOnlyDictionary<Guid, IReadOnlyList<WebhookAttempt>> Attempts { get; private set; } = new Dictionary<Guid, IReadOnlyList<WebhookAttempt>>();

    /// <summary>The cursor of the next (older) page, if there is one.</summary>
    public Guid? Older { get; private set; }

    /// <summary>
    /// Set by a reveal or a rotation for the page their post redirects to: that page shows the secret (read from the
    /// webhook, which holds it to sign with), a reload no longer does. Only the flag travels, never the secret.
    /// </summary>
    [TempData]
    public bool? RevealSecret { get; set; }

    public Task OnGetAsync(CancellationToken ct)
    {
        ShowSecret = RevealSecret == true;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRevealAsync(CancellationToken ct)
    {
        await LoadAsync(ct); // the webhook must be the caller's to see
        RevealSecret = true;
        Flash = T["Webhooks.SecretShown"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRotateAsync(CancellationToken ct)
    {
        await webhooks.RotateSecretAsync(Caller, Id, ct);
        RevealSecret = true;
        Flash = T["Webhooks.Rotated"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostTestAsync(CancellationToken ct)
    {
        await webhooks.PingAsync(Caller, Id, ct);
        Flash = T["Webhooks.TestQueued"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRedeliverAsync([HiddenField] Guid deliveryId, CancellationToken ct)
    {
        await webhooks.RedeliverAsync(Caller, Id, deliveryId, ct);
        Flash = T["Webhooks.Redelivering"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRecoverAsync([Display(Name = "Webhooks.RecoverSince")] DateOnly since, CancellationToken ct)
    {
        var count = 0;
        if (await TryAsync(async errors => count = await webhooks.RecoverAsync(Caller, Id, since.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), errors, ct), ""))
        {
            Flash = string.Format(T["Webhooks.Recovered"], count);
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        await webhooks.DeleteAsync(Caller, Id, ct);
        Flash = T["Webhooks.Deleted"];
        return Redirect("/settings/integrations/webhooks");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var log = await webhooks.DeliveryLogAsync(Caller, Id, Status, Before, PageSize, ct);
        (Webhook, Deliveries, Attempts, Older) = (log.Webhook, log.Deliveries, log.Attempts, log.Older);
        Health = await webhooks.StatusAsync(Caller, Webhook, Cloud.WebhooksEnabled, ct);
    }
}
