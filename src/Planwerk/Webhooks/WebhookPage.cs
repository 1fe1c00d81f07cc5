using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Webhooks;

/// <summary>
/// The base of the webhook pages: the same rules as the API's webhook routes. Managing webhooks is for
/// <c>AllRights</c> users, and only while the owner's webhook switch is on (rule 3; WebhookService refuses
/// every change while it is off); the delivery log stays readable, so nothing vanishes from sight.
/// </summary>
public abstract class WebhookPage : AppPage
{
    protected override Right? Access => Right.ManageWebhooks;

    /// <summary>Refuses a form (before it is shown) while the owner has switched webhooks off, as the service refuses its change (403 <c>webhooks_disabled</c>).</summary>
    protected void RequireWebhooksOn()
    {
        if (!Cloud.WebhooksEnabled)
        {
            throw DomainException.WebhooksDisabled();
        }
    }
}
