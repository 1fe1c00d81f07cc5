using Microsoft.AspNetCore.Mvc;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary><c>/projects/{projectId}/packages/new</c>: a new package, through <see cref="PackageService"/> like the API.</summary>
public sealed class NewPackageModel(ProjectService projects, PackageService packages) : PackageFormPage(projects, packages)
{
    protected override Right? Access => Right.PlanProjects;

    public override string Heading => P["Packages.New"];

    public async Task<IActionResult> OnGetAsync(Guid? parent, CancellationToken ct)
    {
        await LoadAsync(null, ct);
        Input.ParentPackageId = parent;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await TryAsync(errors => Packages.CreateAsync(Caller, ProjectId, ToInput(), errors, ct)))
        {
            Flash = P["Packages.Created"];
            return Redirect($"/projects/{ProjectId}");
        }

        await LoadAsync(null, ct);
        return Page();
    }
}
