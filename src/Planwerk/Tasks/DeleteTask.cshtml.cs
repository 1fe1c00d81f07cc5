using Microsoft.AspNetCore.Mvc;
using Planwerk.Projects;

namespace Planwerk.Tasks;

/// <summary><c>/tasks/{id}/delete</c>: names what goes with the task, then deletes it like <c>DELETE /api/core/tasks/{id}</c> (a closed task must be reopened first).</summary>
public sealed class DeleteTaskModel(TaskService tasks) : DeletionPage
{
    protected override Right? Access => Right.EditTasks;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public override string BackTo => $"/tasks/{Id}";

    public override string Kind => "Deletion.Task";

    public async Task OnGetAsync(CancellationToken ct)
    {
        What = (await tasks.GetAsync(Caller, Id, ct)).Title;
        Deletion = await tasks.DeletionAsync(Caller, Id, ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var task = await tasks.DeleteAsync(Caller, Id, ct);
        Flash = P["Deletion.Task.Done", task.Title];
        return Redirect($"/projects/{task.ProjectId}");
    }
}
