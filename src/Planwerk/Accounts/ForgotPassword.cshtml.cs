using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Mail;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>
/// <c>/account/forgot-password</c> (anyone): e-mails a password-reset link to the address, if an account has it. The
/// answer never tells: a known and an unknown address get the same redirect and the same message, and the mail goes out
/// in the background (<see cref="MailOutbox"/>), so not even the response time differs by the SMTP server's. Posts are
/// throttled per client address like sign-up. Works only with SMTP and <c>Planwerk:PublicUrl</c> configured (an
/// e-mailed link never takes the request's <c>Host</c>); otherwise the page says to ask an admin for a link.
/// </summary>
public sealed class ForgotPasswordModel(
    UserManager<Account> users, PasswordResetLinks links, MailOutbox mail, LoginThrottle throttle, IStringLocalizer<Text> t) : PageModel
{
    public sealed class ForgotInput
    {
        [Display(Name = "Field.Email")]
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        public string Email { get; set; } = string.Empty;
    }

    [BindProperty]
    public ForgotInput Input { get; set; } = new();

    /// <summary>Whether links can be e-mailed here.</summary>
    public bool CanSend => mail.Configured && links.PublicBase is not null;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var wait = throttle.SignupAttempt(HttpContext.Connection.RemoteIpAddress);
        if (wait > TimeSpan.Zero)
        {
            ModelState.AddModelError(string.Empty, Throttling.Answer(Response, t, "Signup.Throttled", wait));
            return Page();
        }

        if (!ModelState.IsValid || !CanSend)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(Input.Email.Trim()) is { Email: { } email } account)
        {
            var link = await links.CreateAsync(account, links.PublicBase!);
            mail.Queue(new MailMessage(email, t["Reset.MailSubject"],
                string.Format(CultureInfo.CurrentCulture, t["Reset.MailBody"], link, (int)PasswordResetTokenProvider.Lifetime.TotalHours)));
        }

        TempData["Flash"] = t["Forgot.Sent"].Value;
        return Redirect("/account/forgot-password");
    }
}
