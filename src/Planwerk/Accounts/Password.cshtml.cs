using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>/account/password</c>: change the password (the current one is required); other sessions end within a minute.</summary>
public sealed class PasswordModel(UserManager<Account> users, SignInManager<Account> signIn) : AppPage
{
    public sealed class PasswordInput
    {
        [Display(Name = "Password.Current")]
        [Required(ErrorMessage = "Validation.Required")]
        public string Current { get; set; } = string.Empty;

        [Display(Name = "Password.New")]
        [ApiField("new", "password")]
        [Required(ErrorMessage = "Validation.Required")]
        public string New { get; set; } = string.Empty;
    }

    protected override bool AllowsNoCloud => true;

    [BindProperty]
    public PasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var account = await users.FindByIdAsync(Session.AccountId.ToString());
        if (account is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(account, Input.Current, Input.New);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "Input.Current" : "Input.New", error switch
                {
                    { Code: nameof(IdentityErrorDescriber.PasswordMismatch) } => T["Password.Wrong"],
                    WeakPasswordError weak => weak.For(T["Password.New"]),
                    _ => error.Description,
                });
            }

            return Page();
        }

        // The security stamp changed: sign this session in again so only the other sessions end within a minute.
        await signIn.RefreshSignInAsync(account);
        Flash = T["Password.Changed"];
        return RedirectToPage();
    }
}
