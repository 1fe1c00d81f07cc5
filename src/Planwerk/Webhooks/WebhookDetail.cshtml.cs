using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Errors;
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

    /// <summary>The console's filter, from the query string (and from the bulk redelivery's form, which carries it along).</summary>
    [BindProperty(SupportsGet = true)]
    public DeliveryFilterForm Filter { get; set; } = new();

    [FromQuery]
    public Guid? Before { get; set; }

    /// <summary>The filter as the service takes it; null while the form's filter is invalid (its errors are shown).</summary>
    public DeliveryFilter? Applied { get; private set; }

    /// <summary>The actions the filter offers: those the webhook subscribes to (all of the plan's for <c>*</c>), and Ping.</summary>
    public IReadOnlyList<string> FilterActions => [.. (Webhook.Actions.Contains(WebhookActions.All) ? WebhookActions.AvailableFor(Plan) : Webhook.Actions)
        .Append(WebhookActions.Ping).Distinct().Order(StringComparer.Ordinal)];

    public Webhook Webhook { get; private set; } = null!;

    public bool ShowSecret { get; private set; }

    /// <summary>What is true of the webhook now.</summary>
    public WebhookStatus Health { get; private set; } = null!;

    /// <summary>The webhook's health for the chart (the same figures as <c>GET /webhooks/{id}/stats</c>).</summary>
    public WebhookStatsDto Stats { get; private set; } = null!;

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

    public async Task<IActionResult> OnPostRetryNowAsync([HiddenField] Guid deliveryId, CancellationToken ct)
    {
        if (await TryAsync(() => webhooks.RetryNowAsync(Caller, Id, deliveryId, ct), "Filter"))
        {
            Flash = T["Webhooks.RetryQueued"];
            return RedirectToPage(FilterRoute());
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRedeliverFilteredAsync(CancellationToken ct)
    {
        var count = 0;
        if (await TryAsync(async errors =>
            {
                var filter = ReadFilter(errors);
                count = await webhooks.RedeliverMatchingAsync(Caller, Id, filter, errors, ct);
            }, "Filter"))
        {
            Flash = string.Format(T["Webhooks.RedeliveredFiltered"], count);
            return RedirectToPage(FilterRoute());
        }

        await LoadAsync(ct);
        return Page();
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

    /// <summary>The query string of the current filter (for the older page's link and the redirects after a post).</summary>
    public Dictionary<string, object?> FilterRoute(Guid? before = null) => FilterValues(before).ToDictionary(p => p.Key, p => (object?)p.Value);

    /// <summary>The current filter (and <paramref name="before"/>) as a query string for a link.</summary>
    public string FilterQuery(Guid? before = null) => QueryString.Create(FilterValues(before)).ToUriComponent();

    private IEnumerable<KeyValuePair<string, string?>> FilterValues(Guid? before) => new Dictionary<string, string?>
    {
        ["filter.status"] = Filter.Status?.ToString(), ["filter.action"] = Filter.Action, ["filter.from"] = Filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["filter.to"] = Filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["filter.search"] = Filter.Search, ["before"] = before?.ToString(),
    }.Where(p => !string.IsNullOrEmpty(p.Value));

    /// <summary>The request body as attempt <paramref name="number"/> sent it, indented.</summary>
    public static string PrettyBody(WebhookDelivery delivery, int number) =>
        WebhookPayload.Indented(System.Text.Encoding.UTF8.GetString(WebhookPayload.Build(delivery.Event!, delivery.WebhookId, Math.Max(1, number))));

    /// <summary>A response body excerpt, indented when it is JSON, as it came otherwise.</summary>
    public static string PrettyResponse(string body) => WebhookPayload.Indented(body);

    private DeliveryFilter ReadFilter(IInputErrors errors) => WebhooksApi.ReadFilter(Filter.Status?.ToString(), Filter.Action,
        Filter.From?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Filter.To?.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), Filter.Search, errors);

    private async Task LoadAsync(CancellationToken ct)
    {
        var errors = new FormErrors();
        var filter = ReadFilter(errors);
        try
        {
            errors.ThrowIfInvalid();
            Applied = filter;
        }
        catch (DomainException e)
        {
            FormErrors.Add(this, e, "Filter");
        }

        if (Applied is null)
        {
            Webhook = await webhooks.GetAsync(Caller, Id, ct); // the filter's errors are shown, no deliveries
        }
        else
        {
            var log = await webhooks.DeliveryLogAsync(Caller, Id, Applied, Before, PageSize, ct);
            (Webhook, Deliveries, Attempts, Older) = (log.Webhook, log.Deliveries, log.Attempts, log.Older);
        }

        Health = await webhooks.StatusAsync(Caller, Webhook, Cloud.WebhooksEnabled, ct);
        Stats = await webhooks.StatsAsync(Caller, Id, ct);
    }
}

/// <summary>The delivery console's filter form (all optional; the dates are days, both included, in UTC).</summary>
public sealed class DeliveryFilterForm
{
    [Display(Name = "Integrations.Status")]
    public DeliveryStatus? Status { get; set; }

    [Display(Name = "Webhooks.FilterAction")]
    public string? Action { get; set; }

    [Display(Name = "Webhooks.FilterFrom")]
    public DateOnly? From { get; set; }

    [Display(Name = "Webhooks.FilterTo")]
    public DateOnly? To { get; set; }

    [Display(Name = "Webhooks.FilterSearch")]
    [StringLength(100)]
    public string? Search { get; set; }

    public bool IsEmpty => Status is null && string.IsNullOrEmpty(Action) && From is null && To is null && string.IsNullOrEmpty(Search);
}
