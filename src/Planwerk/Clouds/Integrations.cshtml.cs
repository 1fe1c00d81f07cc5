using Planwerk.Infrastructure.Web;

namespace Planwerk.Clouds;

/// <summary><c>/settings/integrations</c>: factro's "Apps &amp; Integrations" page, a tile for the Core API and one for webhooks.</summary>
public sealed class IntegrationsModel : AppPage
{
    protected override Right? Access => Right.Work;

    public void OnGet()
    {
    }
}
