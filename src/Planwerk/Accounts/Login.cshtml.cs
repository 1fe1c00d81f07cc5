using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>/login</c>: e-mail and password; five failures lock the account for 15 minutes.</summary>
public sealed class LoginModel(SignInManager<Account> signIn, IStringLocalizer<Text> t) : PageModel
{
    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Validation.Required")]
        public string Email { get; set; } = string.Empty;

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

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/projects");
        }

        ModelState.AddModelError(string.Empty, result.IsLockedOut ? t["Login.LockedOut"] : t["Login.Failed"]);
        return Page();
    }
}
