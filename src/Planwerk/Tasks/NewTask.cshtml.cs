using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;

namespace Planwerk.Tasks;

/// <summary><c>/projects/{projectId}/tasks/new</c>: a new task in the project or one of its packages, through <see cref="TaskService"/> like <c>POST /api/core/tasks</c>.</summary>
public sealed class NewTaskModel(TaskService tasks, ProjectService projects, PackageService packages) : TaskFormPage(projects, packages)
{
    protected override Right? Access => Right.Work;

    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    public override string Heading => P["Tasks.New"];

    public override string SubmitId => "create-task";

    public async Task<IActionResult> OnGetAsync(Guid? package, CancellationToken ct)
    {
        await LoadAsync(ProjectId, ct);
        Input.TargetParentId = package ?? ProjectId;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ProjectId, ct);
        ProjectTask? created = null;
        if (await TryAsync(async errors => created = await tasks.CreateAsync(Caller, ToInput(ProjectId), errors, ct)))
        {
            Flash = P["Tasks.Created"];
            return Redirect($"/tasks/{created!.Id}");
        }

        return Page();
    }
}
