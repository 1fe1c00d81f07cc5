using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Webhooks;

/// <summary>A webhook with its newest delivery.</summary>
public sealed record WebhookRow(Webhook Webhook, WebhookDelivery? Last);

/// <summary>
/// <c>/settings/integrations/webhooks</c>: the owner's webhook switch, the webhook list (the owner
/// sees every webhook, other admins their own) with each one's last delivery, and a banner for each
/// webhook that was disabled for failing.
/// </summary>
public sealed class WebhookSettingsModel(WebhookService webhooks, CloudService clouds, PlanwerkDb db) : WebhookPage
{
    protected override PageAccess Access => PageAccess.NotGuest;

    public IReadOnlyList<WebhookRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!Caller.IsAdmin)
        {
            return;
        }

        var hooks = await webhooks.Visible(Caller).AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(ct);
        var ids = hooks.Select(h => h.Id).ToList();
        var newest = await db.WebhookDeliveries.AsNoTracking().Where(d => ids.Contains(d.WebhookId))
            .GroupBy(d => d.WebhookId).Select(g => g.OrderByDescending(d => d.Id).First()).ToListAsync(ct);
        Rows = hooks.Select(h => new WebhookRow(h, newest.FirstOrDefault(d => d.WebhookId == h.Id))).ToList();
    }

    public async Task<IActionResult> OnPostSwitchAsync(bool? enabled, CancellationToken ct)
    {
        if (!Caller.IsOwner)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses non-owners too)
        }

        var on = Required(enabled, "enabled");
        await clouds.SetWebhooksAsync(Caller, on, ct);
        Flash = on ? T["Webhooks.TurnedOn"] : T["Webhooks.TurnedOff"];
        return RedirectToPage();
    }
}
