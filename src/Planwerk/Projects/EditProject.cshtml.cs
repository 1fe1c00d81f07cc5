using Microsoft.AspNetCore.Mvc;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary><c>/projects/{id}/edit</c>: changes a project, through <see cref="ProjectService"/> like <c>PUT /api/core/projects/{id}</c>.</summary>
public sealed class EditProjectModel(ProjectService projects) : ProjectFormPage
{
    protected override Right? Access => Right.Work;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Project? Project { get; private set; }

    /// <summary>Whether the caller may delete the project (shown as a link to its confirmation).</summary>
    public bool MayDelete { get; private set; }

    public override string Heading => P["Projects.Edit"];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var project = Project = await projects.GetAsync(Caller, Id, ct);
        if (!Caller.Has(Right.PlanProjects))
        {
            return ForbiddenPage();
        }

        Input = new ProjectForm
        {
            Title = project.Title, Description = project.Description, ProjectState = project.ProjectState, Priority = project.Priority,
            PlannedStartDate = Day(project.PlannedStartDate), PlannedEndDate = Day(project.PlannedEndDate), OfficerId = project.OfficerId,
            IsDraft = project.IsDraft,
        };
        MayDelete = await projects.MayChangeAsync(Caller, project, ct);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await TryAsync(errors => projects.UpdateAsync(Caller, Id, ToInput(), errors, ct)))
        {
            Flash = P["Projects.Saved"];
            return Redirect($"/projects/{Id}");
        }

        Project = await projects.GetAsync(Caller, Id, ct);
        MayDelete = await projects.MayChangeAsync(Caller, Project, ct);
        await LoadAsync(ct);
        return Page();
    }
}
