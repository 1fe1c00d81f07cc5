using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Webhooks;

/// <summary>
/// <c>/settings/integrations/webhooks/new</c> and <c>…/{id}/edit</c>: URL, actions (a grouped checklist
/// of the plan's actions only), optional static auth header (write-only once saved), description.
/// The service checks the URL (SSRF), the actions against the plan, and the header, as for the API.
/// </summary>
public sealed class WebhookEditModel(WebhookService webhooks) : WebhookPage
{
    public sealed class WebhookForm
    {
        [Display(Name = "Webhooks.Url")]
        public string? CallbackUri { get; set; }

        [Display(Name = "Webhooks.Actions")]
        [ApiField("actionTypes", "actionType")]
        public List<string> ActionTypes { get; set; } = [];

        [Display(Name = "Webhooks.HeaderName")]
        public string? AuthenticationHeaderName { get; set; }

        [Display(Name = "Webhooks.HeaderValue")]
        public string? AuthenticationHeaderValue { get; set; }

        [Display(Name = "Field.Description")]
        public string? Description { get; set; }

        [Display(Name = "Webhooks.Active")]
        public bool IsActive { get; set; } = true;
    }

    [BindProperty]
    public WebhookForm Input { get; set; } = new();

    [FromRoute]
    public Guid? Id { get; set; }

    /// <summary>The plan's actions, grouped by entity (Project, Package, Task, …).</summary>
    public IEnumerable<IGrouping<string, string>> ActionGroups =>
        WebhookActions.AvailableFor(Plan).Where(a => a != WebhookActions.Ping).GroupBy(Entity);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        RequireWebhooksOn();
        if (Id is { } id)
        {
            var webhook = await webhooks.GetAsync(Caller, id, ct);
            Input = new WebhookForm
            {
                CallbackUri = webhook.CallbackUri, ActionTypes = webhook.Actions.ToList(), AuthenticationHeaderName = webhook.AuthenticationHeaderName,
                Description = webhook.Description, IsActive = webhook.IsActive,
            };
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var input = new WebhookInput
        {
            CallbackUri = Input.CallbackUri?.Trim(),
            ActionTypes = Input.ActionTypes,
            AuthenticationHeaderName = string.IsNullOrWhiteSpace(Input.AuthenticationHeaderName) ? null : Input.AuthenticationHeaderName.Trim(),
            // The value is write-only: left empty on edit, the stored one is kept (unless the name is cleared).
            AuthenticationHeaderValue = string.IsNullOrEmpty(Input.AuthenticationHeaderValue)
                ? (Id is null || string.IsNullOrWhiteSpace(Input.AuthenticationHeaderName) ? new Optional<string?>(true, null) : default)
                : Input.AuthenticationHeaderValue,
            Description = string.IsNullOrWhiteSpace(Input.Description) ? null : Input.Description.Trim(),
            IsActive = Id is null ? default(Optional<bool?>) : Input.IsActive,
        };
        Webhook? saved = null;
        if (!await TryAsync(async errors => saved = Id is { } id
                ? await webhooks.UpdateAsync(Caller, id, input, errors, ct)
                : await webhooks.CreateAsync(Caller, input, errors, ct)))
        {
            return Page();
        }

        Flash = Id is null ? T["Webhooks.Created"] : T["Webhooks.Saved"];
        return Redirect($"/settings/integrations/webhooks/{saved!.Id}");
    }

    private static readonly string[] Entities = ["ChecklistEntry", "WorkRecord", "Project", "Package", "Task", "User", "Company", "Contact", "Team", "Appointment", "Absence", "Substitute", "Document"];

    private static string Entity(string action) =>
        action.EndsWith("RightGranted", StringComparison.Ordinal) || action.EndsWith("RightRevoked", StringComparison.Ordinal) ? "Rights"
        : Entities.First(prefix => action.StartsWith(prefix, StringComparison.Ordinal)) switch
        {
            "ChecklistEntry" => "Task",
            "Substitute" => "Absence",
            var prefix => prefix,
        };
}
