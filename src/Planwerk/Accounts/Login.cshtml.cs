using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>
/// <c>/login</c>: e-mail and password. One message for an unknown e-mail and a wrong password; too many failures
/// answer 429 with <c>Retry-After</c> and say when to try again (no lockout, see <see cref="SignInService"/>).
/// </summary>
public sealed class LoginModel(SignInService signIn, IStringLocalizer<Text> t) : PageModel
{
    public sealed class LoginInput
    {
        [Display(Name = "Field.Email")]
        [Required(ErrorMessage = "Validation.Required")]
        public string Email { get; set; } = string.Empty;

        [Display(Name = "Field.Password")]
        [Required(ErrorMessage = "Validation.Required")]
        public string Password { get; set; } = string.Empty;
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.SignInAsync(Input.Email, Input.Password, HttpContext.Connection.RemoteIpAddress, ct);
        switch (result.Outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/projects");
            case SignInOutcome.Throttled:
                ModelState.AddModelError(string.Empty, Throttling.Answer(Response, t, "Login.Throttled", result.RetryAfter));
                return Page();
            default:
                ModelState.AddModelError(string.Empty, t["Login.Failed"]);
                return Page();
        }
    }
}
