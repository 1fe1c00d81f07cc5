using Microsoft.AspNetCore.Mvc;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary><c>/projects/new</c>: a new project, through <see cref="ProjectService"/> like <c>POST /api/core/projects</c>.</summary>
public sealed class NewProjectModel(ProjectService projects) : ProjectFormPage
{
    protected override Right? Access => Right.PlanProjects;

    public override string Heading => P["Projects.New"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Project? created = null;
        if (await TryAsync(async errors => created = await projects.CreateAsync(Caller, ToInput(), errors, ct)))
        {
            Flash = P["Projects.Created"];
            return Redirect($"/projects/{created!.Id}");
        }

        await LoadAsync(ct);
        return Page();
    }
}
