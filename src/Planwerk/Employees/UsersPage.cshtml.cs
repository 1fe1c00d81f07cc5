using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Absences;
using Planwerk.Accounts;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Mail;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Employees;

/// <summary>
/// <c>/settings/users</c> (AllRights): the cloud's users; invite by e-mail (a new person gets an
/// invitation link to set a password; someone with an account just finds the cloud in the switcher),
/// change the security group (only the plan's groups), deactivate; each user's current and upcoming absences (kept on the
/// person's page, <c>/users/{id}</c>). The rules are EmployeeService's and AbsenceService's.
/// </summary>
public sealed class UsersPageModel(
    EmployeeService employees, AbsenceService absences, UserManager<Account> accounts, PasswordResetLinks resetLinks, MailOutbox mail,
    TimeProvider time) : AppPage
{
    public sealed class InviteForm
    {
        [Display(Name = "Field.Email")]
        public string? EmailAddress { get; set; }

        [Display(Name = "Field.FirstName")]
        public string? FirstName { get; set; }

        [Display(Name = "Field.LastName")]
        public string? LastName { get; set; }

        [Display(Name = "Users.Group")]
        public SecurityGroup SecurityGroup { get; set; } = SecurityGroup.GuestRights;
    }

    protected override Right? Access => Right.ManageUsers;

    [BindProperty]
    public InviteForm Input { get; set; } = new();

    public IReadOnlyList<Employee> Users { get; private set; } = [];

    public string? InvitationLink { get; private set; }

    /// <summary>A password-reset link the admin just made, shown once.</summary>
    public string? ResetLink { get; private set; }

    /// <summary>Accounts that may be given a reset link here: only this cloud's own (see <see cref="OnPostResetLinkAsync"/>).</summary>
    public IReadOnlySet<Guid> Resettable { get; private set; } = new HashSet<Guid>();

    /// <summary>Each user's current and upcoming absences, by the first day.</summary>
    public ILookup<Guid, Absence> Absences { get; private set; } = Array.Empty<Absence>().ToLookup(a => a.EmployeeId);

    /// <summary>The groups this cloud's plan allows.</summary>
    public IEnumerable<SecurityGroup> Groups => Enum.GetValues<SecurityGroup>().Where(g => Plan.Allows(g));

    public Task OnGetAsync(CancellationToken ct)
    {
        InvitationLink = TakeSecret(InvitationSecret);
        ResetLink = TakeSecret(ResetSecret);
        return LoadAsync(ct);
    }

    /// <summary>The kind of one-time secret an invitation link is kept as, from the invitation to the page it redirects to.</summary>
    public const string InvitationSecret = "Invitation";

    /// <summary>The kind of one-time secret a password-reset link is kept as.</summary>
    public const string ResetSecret = "PasswordReset";

    /// <summary>Whether a user has not accepted their invitation yet: their account has no password.</summary>
    public static bool IsInvited(Employee user) => user.Account is { PasswordHash: null };

    public async Task<IActionResult> OnPostInviteAsync(CancellationToken ct)
    {
        Employee? added = null;
        var input = new UserInput
        {
            EmailAddress = Input.EmailAddress?.Trim(), FirstName = Input.FirstName?.Trim(), LastName = Input.LastName?.Trim(),
            SecurityGroup = Input.SecurityGroup,
        };
        if (await TryAsync(async errors => added = await employees.CreateAsync(Caller, input, errors, ct)))
        {
            var account = await accounts.FindByIdAsync(added!.AccountId.ToString());
            var mailed = account is not null && !await accounts.HasPasswordAsync(account) && await DeliverInvitationAsync(account);
            Flash = string.Format(T[mailed ? "Users.InvitedMailed" : "Users.Invited"], account?.Email);
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGroupAsync(
        [HiddenField] Guid id, [Display(Name = "Users.Group")][ApiField("securityGroup")] SecurityGroup group, CancellationToken ct)
    {
        if (await TryAsync(errors => employees.UpdateAsync(Caller, id, new UserInput { SecurityGroup = group }, errors, ct), ""))
        {
            Flash = T["Users.GroupChanged"];
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeactivateAsync([HiddenField] Guid id, CancellationToken ct)
    {
        await employees.DeactivateAsync(Caller, id, ct);
        Flash = T["Users.Deactivated"];
        return RedirectToPage();
    }

    /// <summary>
    /// "Resend" for a user who has not accepted the invitation: a new link, and the old one stops working (a new security
    /// stamp); e-mailed when SMTP is configured, else shown once like the first.
    /// </summary>
    public async Task<IActionResult> OnPostResendAsync([HiddenField] Guid id, CancellationToken ct)
    {
        var user = await employees.GetAsync(Caller, id, ct);
        if (!IsInvited(user) || !user.IsActive)
        {
            throw DomainException.Conflict("not_invited", "This user has accepted the invitation already.");
        }

        var account = await accounts.FindByIdAsync(user.AccountId.ToString()) ?? throw DomainException.NotFound("User", id);
        await accounts.UpdateSecurityStampAsync(account);
        Flash = string.Format(T[await DeliverInvitationAsync(account) ? "Users.ResentMailed" : "Users.Resent"], account.Email);
        return RedirectToPage();
    }

    /// <summary>
    /// "Reset link": a one-time password-reset link for an active user, shown once to the admin, who passes it on. Only for
    /// an account that is in no other cloud and is not the owner's (nor the admin's own): an admin here must not take over
    /// a login that others' clouds, or this cloud's owner, rely on.
    /// </summary>
    public async Task<IActionResult> OnPostResetLinkAsync([HiddenField] Guid id, CancellationToken ct)
    {
        var user = await employees.GetAsync(Caller, id, ct);
        if (!(await ResettableAsync([user], ct)).Contains(user.AccountId))
        {
            throw DomainException.Forbidden("A reset link can only be made for an active user whose login is in no other cloud, not for the owner or oneself.");
        }

        var account = await accounts.FindByIdAsync(user.AccountId.ToString()) ?? throw DomainException.NotFound("User", id);
        KeepSecretForNextPage(ResetSecret, await resetLinks.CreateAsync(account, resetLinks.PublicBase ?? RequestBase));
        Flash = string.Format(T["Users.ResetLinkMade"], account.Email);
        return RedirectToPage();
    }

    private string RequestBase => $"{Request.Scheme}://{Request.Host}";

    /// <summary>An invitation link for <paramref name="account"/>: e-mailed (true) when SMTP and the public address are configured, else kept to be shown once.</summary>
    private async Task<bool> DeliverInvitationAsync(Account account)
    {
        var code = await accounts.GeneratePasswordResetTokenAsync(account);
        var path = $"/signup?email={Uri.EscapeDataString(account.Email!)}&code={Uri.EscapeDataString(code)}";
        if (resetLinks.PublicBase is { } publicBase
            && mail.Queue(new MailMessage(account.Email!, string.Format(T["Users.InvitationMailSubject"], Cloud.Name),
                string.Format(T["Users.InvitationMailBody"], Cloud.Name, publicBase + path))))
        {
            return true;
        }

        KeepSecretForNextPage(InvitationSecret, RequestBase + path);
        return false;
    }

    /// <summary>The accounts of <paramref name="users"/> an admin may make a reset link for.</summary>
    private async Task<HashSet<Guid>> ResettableAsync(IReadOnlyList<Employee> users, CancellationToken ct)
    {
        var candidates = users.Where(u => u.IsActive && !IsInvited(u) && u.AccountId != Cloud.OwnerAccountId && u.AccountId != Session.AccountId)
            .Select(u => u.AccountId).ToList();
        return [.. candidates.Except(await employees.InOtherCloudsAsync(Caller, candidates, ct))];
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await employees.Visible(Caller).AsNoTracking().OrderByDescending(e => e.IsActive).ThenBy(e => e.LastName).ThenBy(e => e.FirstName).ToListAsync(ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Resettable = await ResettableAsync(Users, ct);
        Absences = (await absences.List(Caller, null, today, null, null).AsNoTracking().OrderBy(a => a.StartDate).ToListAsync(ct)).ToLookup(a => a.EmployeeId);
    }
}
