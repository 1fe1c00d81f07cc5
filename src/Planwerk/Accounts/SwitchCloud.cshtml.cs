using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>POST /switch-cloud</c>: chooses another of the account's clouds (only one it is an active user of).</summary>
public sealed class SwitchCloudModel : AppPage
{
    protected override bool AllowsNoCloud => true;

    public IActionResult OnGet() => Redirect("/projects");

    public IActionResult OnPost([System.ComponentModel.DataAnnotations.Display(Name = "Layout.Cloud")] Guid cloudId)
    {
        if (Session.Clouds.Any(c => c.CloudId == cloudId))
        {
            Response.Cookies.Append(WebCaller.CloudCookie, cloudId.ToString(),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Expires = DateTimeOffset.UtcNow.AddYears(1) });
        }

        return Redirect("/projects");
    }
}
