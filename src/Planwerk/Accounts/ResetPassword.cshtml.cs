using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Audit;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>
/// <c>/account/reset-password?id=…&amp;code=…</c> (anyone with the link): sets a new password with a reset link
/// (<see cref="PasswordResetLinks"/>: the CLI's, the users page's or the one "Forgot password?" e-mailed), under the same
/// strength rule as everywhere; the new security stamp ends the account's sessions and the link. A used, expired or forged
/// link says so and sets nothing.
/// </summary>
public sealed class ResetPasswordModel(PasswordResetLinks links, UserManager<Account> users, AccountService accounts, IStringLocalizer<Text> t) : PageModel
{
    public sealed class ResetInput
    {
        [Display(Name = "Password.New")]
        [ApiField("password")]
        [Required(ErrorMessage = "Validation.Required")]
        public string New { get; set; } = string.Empty;
    }

    [BindProperty]
    public ResetInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    [HiddenField]
    public Guid? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    [HiddenField]
    public string? Code { get; set; }

    /// <summary>Whether the link works (checked on every request, so a used one says so before anyone types).</summary>
    public bool LinkWorks { get; private set; }

    public string? Email { get; private set; }

    public async Task OnGetAsync()
    {
        var account = await links.AccountAsync(Id, Code);
        LinkWorks = account is not null;
        Email = account?.Email;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var account = await links.AccountAsync(Id, Code);
        LinkWorks = account is not null;
        Email = account?.Email;
        if (account is null)
        {
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var refused = false;
        foreach (var validator in users.PasswordValidators)
        {
            foreach (var error in (await validator.ValidateAsync(users, account, Input.New)).Errors)
            {
                ModelState.AddModelError("Input.New", error is WeakPasswordError weak ? weak.For(t["Password.New"]) : error.Description);
                refused = true;
            }
        }

        if (refused)
        {
            return Page();
        }

        await accounts.SetPasswordAsync(account.Email!, Input.New, new AuditActor("ui", null, account.Email!), ct);
        TempData["Flash"] = t["Reset.Done"].Value;
        return Redirect("/login");
    }
}
