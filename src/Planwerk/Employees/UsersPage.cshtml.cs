using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Absences;
using Planwerk.Accounts;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Employees;

/// <summary>
/// <c>/settings/users</c> (AllRights): the cloud's users; invite by e-mail (a new person gets an
/// invitation link to set a password; someone with an account just finds the cloud in the switcher),
/// change the security group (only the plan's groups), deactivate; each user's current and upcoming absences (kept on the
/// person's page, <c>/users/{id}</c>). The rules are EmployeeService's and AbsenceService's.
/// </summary>
public sealed class UsersPageModel(EmployeeService employees, AbsenceService absences, UserManager<Account> accounts, TimeProvider time) : AppPage
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

    /// <summary>Each user's current and upcoming absences, by the first day.</summary>
    public ILookup<Guid, Absence> Absences { get; private set; } = Array.Empty<Absence>().ToLookup(a => a.EmployeeId);

    /// <summary>The groups this cloud's plan allows.</summary>
    public IEnumerable<SecurityGroup> Groups => Enum.GetValues<SecurityGroup>().Where(g => Plan.Allows(g));

    public Task OnGetAsync(CancellationToken ct)
    {
        InvitationLink = TakeSecret(InvitationSecret);
        return LoadAsync(ct);
    }

    /// <summary>The kind of one-time secret an invitation link is kept as, from the invitation to the page it redirects to.</summary>
    public const string InvitationSecret = "Invitation";

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
            if (account is not null && !await accounts.HasPasswordAsync(account))
            {
                var code = await accounts.GeneratePasswordResetTokenAsync(account);
                KeepSecretForNextPage(InvitationSecret,
                    $"{Request.Scheme}://{Request.Host}/signup?email={Uri.EscapeDataString(account.Email!)}&code={Uri.EscapeDataString(code)}");
            }

            Flash = string.Format(T["Users.Invited"], account?.Email);
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

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await employees.Visible(Caller).AsNoTracking().OrderByDescending(e => e.IsActive).ThenBy(e => e.LastName).ThenBy(e => e.FirstName).ToListAsync(ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Absences = (await absences.List(Caller, null, today, null, null).AsNoTracking().OrderBy(a => a.StartDate).ToListAsync(ct)).ToLookup(a => a.EmployeeId);
    }
}
