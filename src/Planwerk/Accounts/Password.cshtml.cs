using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary><c>/account/password</c>: change the password (the current one is required); other sessions end within a minute.</summary>
public sealed class PasswordModel(UserManager<Account> users, SignInManager<Account> signIn, AccountService accounts) : AppPage
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

    /// <summary>The zones offered, by id (every IANA zone the server knows).</summary>
    public static IReadOnlyList<string> Zones { get; } =
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC").Order(StringComparer.Ordinal)];

    /// <summary>The zone chosen, or the refused value typed (null: the browser's).</summary>
    public string? TimeZone { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        TimeZone = await users.Users.Where(a => a.Id == Session.AccountId).Select(a => a.TimeZone).FirstOrDefaultAsync(ct);

    /// <summary>Chooses the zone times are shown in (empty: the browser's); an unknown one is refused under the field's label.</summary>
    public async Task<IActionResult> OnPostTimeZoneAsync([FromForm(Name = "timeZone"), Display(Name = "Time.Zone")] string? timeZone, CancellationToken ct)
    {
        ModelState.Clear(); // the password form's fields are not part of this form
        if (!await accounts.SetTimeZoneAsync(Session.AccountId, timeZone, ct))
        {
            TimeZone = timeZone;
            ModelState.AddModelError("timeZone", string.Format(System.Globalization.CultureInfo.CurrentCulture, T["Time.UnknownZone"], T["Time.Zone"]));
            return Page();
        }

        Flash = string.IsNullOrWhiteSpace(timeZone) ? T["Time.ZoneBrowser"] : string.Format(System.Globalization.CultureInfo.CurrentCulture, T["Time.ZoneSaved"], timeZone.Trim());
        return Redirect("/account/password#time-zone");
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
