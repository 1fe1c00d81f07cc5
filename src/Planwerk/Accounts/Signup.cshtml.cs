using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>
/// <c>/signup</c>: a new account with a new cloud on the basic plan, whose owner it becomes. With an
/// invitation link (<c>?email=…&amp;code=…</c>) the invited person sets the password of the account an
/// admin added, and joins that cloud; without the link an existing e-mail cannot be claimed. Both are throttled
/// per client address (<see cref="LoginThrottle.SignupAttempt"/>): 429 with <c>Retry-After</c>.
/// </summary>
public sealed class SignupModel(
    SignInManager<Account> signIn, UserManager<Account> users, CloudService clouds, LoginThrottle throttle, IStringLocalizer<Text> t)
    : PageModel
{
    public sealed class SignupInput
    {
        [Display(Name = "Field.FirstName")]
        [StringLength(Employee.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? FirstName { get; set; }

        [Display(Name = "Field.LastName")]
        [StringLength(Employee.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? LastName { get; set; }

        [Display(Name = "Field.Email")]
        [ApiField("email", "emailAddress")]
        [Required(ErrorMessage = "Validation.Required")]
        [EmailAddress(ErrorMessage = "Validation.Email")]
        public string Email { get; set; } = string.Empty;

        [Display(Name = "Field.Password")]
        [Required(ErrorMessage = "Validation.Required")]
        public string Password { get; set; } = string.Empty;

        [Display(Name = "Field.CloudName")]
        [ApiField("cloudName", "name")]
        [StringLength(Cloud.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? CloudName { get; set; }
    }

    [BindProperty]
    public SignupInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public void OnGet(string? email)
    {
        Input.Email = email ?? string.Empty;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var wait = throttle.SignupAttempt(HttpContext.Connection.RemoteIpAddress);
        if (wait > TimeSpan.Zero)
        {
            ModelState.AddModelError(string.Empty, Throttling.Answer(Response, t, "Signup.Throttled", wait));
            return Page();
        }

        if (string.IsNullOrEmpty(Code))
        {
            Require(nameof(SignupInput.FirstName), "Field.FirstName", Input.FirstName);
            Require(nameof(SignupInput.LastName), "Field.LastName", Input.LastName);
            Require(nameof(SignupInput.CloudName), "Field.CloudName", Input.CloudName);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (!string.IsNullOrEmpty(Code))
        {
            return await AcceptInvitationAsync(existing);
        }

        if (existing is not null)
        {
            ModelState.AddModelError("Input.Email", t["Signup.EmailTaken"]);
            return Page();
        }

        var password = await CheckPasswordAsync();
        if (password is null)
        {
            return Page();
        }

        try
        {
            var cloud = await clouds.CreateAsync(Input.CloudName!, email, password, Plan.Basic, Input.FirstName!.Trim(), Input.LastName!.Trim(),
                new AuditActor("ui", null, email), ct);
            Response.Cookies.Append(WebCaller.CloudCookie, cloud.Id.ToString(), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
        }
        catch (DomainException e)
        {
            FormErrors.Add(this, e);
            return Page();
        }

        var account = await users.FindByEmailAsync(email);
        await signIn.SignInAsync(account!, isPersistent: true);
        return Redirect("/projects");
    }

    private async Task<IActionResult> AcceptInvitationAsync(Account? account)
    {
        if (account is null || await users.HasPasswordAsync(account))
        {
            ModelState.AddModelError(string.Empty, t["Signup.InvitationInvalid"]);
            return Page();
        }

        var result = await users.ResetPasswordAsync(account, Code!, Input.Password);
        if (!result.Succeeded)
        {
            var invalidToken = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken));
            ModelState.AddModelError(invalidToken ? string.Empty : "Input.Password",
                invalidToken ? t["Signup.InvitationInvalid"] : string.Join(" ", result.Errors.Select(e => e.Description)));
            return Page();
        }

        account.EmailConfirmed = true;
        await users.UpdateAsync(account);
        await signIn.SignInAsync(account, isPersistent: true);
        return Redirect("/projects");
    }

    /// <summary>Identity's password rules, checked before anything is written.</summary>
    private async Task<string?> CheckPasswordAsync()
    {
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, new Account { UserName = Input.Email, Email = Input.Email }, Input.Password);
            if (!result.Succeeded)
            {
                ModelState.AddModelError("Input.Password", string.Join(" ", result.Errors.Select(e => e.Description)));
                return null;
            }
        }

        return Input.Password;
    }

    private void Require(string field, string label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            ModelState.AddModelError($"Input.{field}", t["Validation.Required", t[label]]);
        }
    }
}
