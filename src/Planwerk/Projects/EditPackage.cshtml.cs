using Microsoft.AspNetCore.Mvc;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary><c>/projects/{projectId}/packages/{id}/edit</c>: changes a package, through <see cref="PackageService"/> like the API.</summary>
public sealed class EditPackageModel(ProjectService projects, PackageService packages) : PackageFormPage(projects, packages)
{
    protected override Right? Access => Right.Work;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public override string Heading => P["Packages.Edit"];

    /// <summary>Whether the caller may delete the package (shown as a link to its confirmation).</summary>
    public bool MayDelete { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var package = await Packages.GetAsync(Caller, ProjectId, Id, ct);
        await LoadAsync(Id, ct);
        if (!Caller.Has(Right.PlanProjects))
        {
            return ForbiddenPage();
        }

        MayDelete = await Packages.MayChangeAsync(Caller, package, ct);
        Input = new PackageForm
        {
            Title = package.Title, Description = package.Description, ParentPackageId = package.ParentPackageId, OfficerId = package.OfficerId,
            StartDate = Day(package.StartDate), EndDate = Day(package.EndDate),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await TryAsync(errors => Packages.UpdateAsync(Caller, ProjectId, Id, ToInput(), errors, ct)))
        {
            Flash = P["Packages.Saved"];
            return Redirect($"/projects/{ProjectId}");
        }

        MayDelete = await Packages.MayChangeAsync(Caller, await Packages.GetAsync(Caller, ProjectId, Id, ct), ct);
        await LoadAsync(Id, ct);
        return Page();
    }
}
