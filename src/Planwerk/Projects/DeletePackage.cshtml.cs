using Microsoft.AspNetCore.Mvc;

namespace Planwerk.Projects;

/// <summary><c>/projects/{projectId}/packages/{id}/delete</c>: names what goes with the package, then deletes it like the API's <c>DELETE</c>.</summary>
public sealed class DeletePackageModel(PackageService packages) : DeletionPage
{
    protected override Right? Access => Right.PlanProjects;

    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public override string BackTo => $"/projects/{ProjectId}/packages/{Id}/edit";

    public override string Kind => "Deletion.Package";

    public async Task OnGetAsync(CancellationToken ct)
    {
        What = (await packages.GetAsync(Caller, ProjectId, Id, ct)).Title;
        Deletion = await packages.DeletionAsync(Caller, ProjectId, Id, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var package = await packages.DeleteAsync(Caller, ProjectId, Id, ct);
        Flash = P["Deletion.Package.Done", package.Title];
        return Redirect($"/projects/{ProjectId}");
    }
}
