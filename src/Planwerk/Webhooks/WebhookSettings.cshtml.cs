using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Webhooks;

/// <summary>A webhook with what is true of it now and its newest delivery.</summary>
public sealed record WebhookRow(Webhook Webhook, WebhookStatus Status, WebhookDelivery? Last, double? SuccessRate);

/// <summary>
/// <c>/settings/integrations/webhooks</c>: the owner's webhook switch, the webhook list (the owner
/// sees every webhook, other admins their own) with each one's last delivery, and a banner for each
/// webhook that was disabled for failing.
/// </summary>
public sealed class WebhookSettingsModel(WebhookService webhooks, CloudService clouds) : WebhookPage
{
    protected override Right? Access => Right.Work;

    public IReadOnlyList<WebhookRow> Rows { get; private set; } = [];

    /// <summary>The cloud's webhooks and the most it may have (<c>Planwerk:Webhooks:MaxPerCloud</c>).</summary>
    public (int Count, int Max) Room { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Caller.Has(Right.ManageWebhooks))
        {
            return;
        }

        var rows = new List<WebhookRow>();
        var listed = await webhooks.ListWithLastDeliveryAsync(Caller, ct);
        var rates = await webhooks.SuccessRatesAsync(Caller, [.. listed.Select(l => l.Webhook.Id)], ct);
        foreach (var (webhook, last) in listed)
        {
            rows.Add(new WebhookRow(webhook, await webhooks.StatusAsync(Caller, webhook, Cloud.WebhooksEnabled, ct), last, rates.GetValueOrDefault(webhook.Id)));
        }

        Rows = rows;
        Room = await webhooks.CountAsync(Caller, ct);
    }

    public async Task<IActionResult> OnPostSwitchAsync([HiddenField] bool? enabled, CancellationToken ct)
    {
        if (!Caller.Has(Right.ManageCloud))
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses non-owners too)
        }

        var on = Required(enabled, "enabled");
        await clouds.SetWebhooksAsync(Caller, on, ct);
        Flash = on ? T["Webhooks.TurnedOn"] : T["Webhooks.TurnedOff"];
        return RedirectToPage();
    }
}
