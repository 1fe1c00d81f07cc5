using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>/welcome</c>: for an account that is an active user of no cloud (removed everywhere).</summary>
public sealed class NoCloudModel : AppPage
{
    protected override bool AllowsNoCloud => true;

    public void OnGet()
    {
    }
}
