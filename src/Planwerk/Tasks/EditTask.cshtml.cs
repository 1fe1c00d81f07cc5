using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;

namespace Planwerk.Tasks;

/// <summary><c>/tasks/{id}/edit</c>: changes a task (and moves it within its project), through <see cref="TaskService"/> like <c>PUT /api/core/tasks/{id}</c>.</summary>
public sealed class EditTaskModel(TaskService tasks, ProjectService projects, PackageService packages) : TaskFormPage(projects, packages)
{
    protected override Right? Access => Right.Work;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public override string Heading => P["Tasks.Edit"];

    public override string SubmitId => "save-task";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var task = await tasks.GetWritableAsync(Caller, Id, "change tasks", ct);
        await LoadAsync(task.ProjectId, ct);
        Input = new TaskForm
        {
            Title = task.Title, Description = task.Description, TargetParentId = task.ParentPackageId ?? task.ProjectId, ExecutorId = task.ExecutorId,
            OfficerId = task.OfficerId, TaskPriority = task.TaskPriority, StartDate = Day(task.StartDate), EndDate = Day(task.EndDate),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var task = await tasks.GetAsync(Caller, Id, ct);
        await LoadAsync(task.ProjectId, ct);
        if (await TryAsync(errors => tasks.UpdateAsync(Caller, Id, ToInput(task.ProjectId), errors, ct)))
        {
            Flash = P["Tasks.Saved"];
            return Redirect($"/tasks/{Id}");
        }

        return Page();
    }
}
