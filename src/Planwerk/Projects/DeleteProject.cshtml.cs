using Microsoft.AspNetCore.Mvc;

namespace Planwerk.Projects;

/// <summary><c>/projects/{id}/delete</c>: names what goes with the project, then deletes it like <c>DELETE /api/core/projects/{id}</c>.</summary>
public sealed class DeleteProjectModel(ProjectService projects) : DeletionPage
{
    protected override Right? Access => Right.PlanProjects;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public override string BackTo => $"/projects/{Id}";

    public override string Kind => "Deletion.Project";

    public async Task OnGetAsync(CancellationToken ct)
    {
        What = (await projects.GetAsync(Caller, Id, ct)).Title;
        Deletion = await projects.DeletionAsync(Caller, Id, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var project = await projects.DeleteAsync(Caller, Id, ct);
        Flash = P["Deletion.Project.Done", project.Title];
        return Redirect("/projects");
    }
}
