using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Clouds;

/// <summary>
/// <c>/settings/plan</c> (owner only): the plan (a change that removes features lists them and asks
/// again), the cloud's name, and handing the cloud to another admin.
/// </summary>
public sealed class PlanSettingsModel(CloudService clouds, Documents.DocumentService documents) : AppPage
{
    /// <summary>The cloud's document quota and what is used of it.</summary>
    public Documents.DocumentQuota DocumentQuota { get; private set; } = new(0, 0);

    protected override Right? Access => Right.ManageCloud;

    /// <summary>A plan change waiting for confirmation, because it removes features.</summary>
    public Plan? Proposed { get; private set; }

    public IReadOnlyList<PlanFeature> Removed { get; private set; } = [];

    public IReadOnlyList<Employee> Admins { get; private set; } = [];

    /// <summary>The users who block the proposed downgrade (a security group it lacks): named and linked, the change is not offered.</summary>
    public IReadOnlyList<Employee> Blocking { get; private set; } = [];

    /// <summary>The name the rename form sent (shown again when it is refused).</summary>
    public string? Name { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync([Display(Name = "PlanPage.ChangeTo")] string? plan, [HiddenField] bool confirmed, CancellationToken ct)
    {
        if (!PlanFeatures.TryParse(plan, out var next))
        {
            ModelState.AddModelError(string.Empty, T["PlanPage.UnknownPlan"]);
            await LoadAsync(ct);
            return Page();
        }

        var removed = Plan.Lacks().Count() < next.Lacks().Count() ? next.Lacks().Except(Plan.Lacks()).ToList() : [];
        if (removed.Count > 0 && !confirmed)
        {
            Proposed = next;
            Removed = removed;
            Blocking = await clouds.BlockingUsersAsync(Caller, next, ct);
            await LoadAsync(ct);
            return Page();
        }

        if (await TryAsync(() => clouds.SetPlanAsync(Caller, next, ct)))
        {
            Flash = string.Format(T["PlanPage.Changed"], T["Plan." + next.ToWire()]);
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(
        [Display(Name = "PlanPage.CloudName")][Required(ErrorMessage = "Validation.Required")]
        [StringLength(Cloud.NameMaxLength, ErrorMessage = "Validation.TooLong")] string? name,
        CancellationToken ct)
    {
        Name = name;
        if (await TryAsync(() => clouds.RenameAsync(Caller, name ?? string.Empty, ct), ""))
        {
            Flash = T["PlanPage.Renamed"];
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTransferAsync([Display(Name = "PlanPage.NewOwner")] Guid employeeId, CancellationToken ct)
    {
        await clouds.TransferOwnershipAsync(Caller, employeeId, ct);
        Flash = T["PlanPage.Transferred"];
        return Redirect("/projects");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Admins = await clouds.TransferCandidatesAsync(Caller, ct);
        DocumentQuota = await documents.QuotaAsync(Caller, ct);
    }
}
