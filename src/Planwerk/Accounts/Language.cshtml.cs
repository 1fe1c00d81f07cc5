using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>POST /language</c>: remembers the chosen language (English or German) in a cookie.</summary>
public sealed class LanguageModel : PageModel
{
    public IActionResult OnGet() => Redirect("/projects");

    public IActionResult OnPost([HiddenField] string? culture, [HiddenField] string? returnUrl)
    {
        if (WebUi.Cultures.Any(c => c.Name == culture))
        {
            Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture!)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/projects");
    }
}
