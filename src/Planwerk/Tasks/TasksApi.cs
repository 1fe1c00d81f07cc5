using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Documents;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Tags;

namespace Planwerk.Tasks;

/// <summary>A task as factro returns it (<c>targetParentId</c> is write-only and never returned).</summary>
public sealed record TaskDto(Guid Id, string Title, string? Description, Guid ProjectId, Guid? ParentPackageId, TaskState TaskState,
    int? TaskPriority, Urgency Urgency, bool IsMilestone, DateTime? StartDate, DateTime? EndDate, DateTime? PausedUntil, DateTime CreationDate,
    DateTime ChangeDate, Guid? CreatorId, Guid? OfficerId, Guid? ExecutorId, Guid? CompanyId, Guid? CompanyContactId, int? PlannedEffort,
    int RealizedEffort, int? RemainingEffort, int Number, string? ColorScheme, JsonElement CustomFields, Guid MandantId)
{
    public static TaskDto From(ProjectTask t) => new(t.Id, t.Title, t.Description, t.ProjectId, t.ParentPackageId, t.TaskState, t.TaskPriority,
        t.Urgency, t.IsMilestone, t.StartDate, t.EndDate, t.PausedUntil, t.CreationDate, t.ChangeDate, t.CreatorId, t.OfficerId, t.ExecutorId,
        t.CompanyId, t.CompanyContactId, t.PlannedEffort, t.RealizedEffort, t.RemainingEffort, t.Number, t.ColorScheme,
        CustomFieldsJson.Parse(t.CustomFields), t.CloudId);
}

/// <summary>An entry of a task's checklist.</summary>
public sealed record ChecklistEntryDto(Guid Id, Guid TaskId, string Title, bool Checked, int Position, DateTime? EndDate, Guid? AssigneeId,
    DateTime ChangeDate)
{
    public static ChecklistEntryDto From(ChecklistEntry e) => new(e.Id, e.TaskId, e.Title, e.Checked, e.Position, e.EndDate, e.AssigneeId, e.ChangeDate);
}

/// <summary>A connection from <c>taskId</c> to <c>connectedTaskId</c>.</summary>
public sealed record TaskConnectionDto(Guid TaskId, Guid ConnectedTaskId, DateTime CreationDate)
{
    public static TaskConnectionDto From(TaskConnection c) => new(c.TaskId, c.ConnectedTaskId, c.CreatedAt);
}

/// <summary>factro's tasks: <c>/api/core/tasks…</c>.</summary>
public static class TasksApi
{
    public const int BatchLimit = 500;

    /// <summary>Everyone but guests edits tasks (<see cref="Right.EditTasks"/>); guests only set the state and tick checklists of tasks they execute.</summary>
    public static void MapTasks(this RouteGroupBuilder api)
    {
        var tasks = api.MapGroup("/tasks").WithTags("Tasks");
        tasks.MapGet("/", List).WithName("ListTasks").WithSummary("All tasks the caller can see");
        tasks.MapGet("/by-project/{projectId:guid}", ListByProject).WithName("ListTasksOfProject").WithSummary("The tasks of a project the caller can see");
        tasks.MapPost("/", Create).Require(Right.EditTasks, "create tasks").WithMetadata(new RequestBodyDoc(typeof(TaskInput), Name: "TaskWrite")).WithName("CreateTask").WithSummary("Create a task in a package or at a project's root (targetParentId)");
        tasks.MapPost("/tasks", CreateMany).Require(Right.EditTasks, "create tasks").WithMetadata(new RequestBodyDoc(typeof(TaskInput), IsArray: true, Name: "TaskWrite")).WithName("CreateTasks").WithSummary("Create many tasks; one result per item (not atomic)");
        tasks.MapPut("/tasks", UpdateMany).Require(Right.EditTasks, "change tasks").WithMetadata(new RequestBodyDoc(typeof(TaskInput), IsArray: true, Name: "TaskWrite")).WithName("UpdateTasks").WithSummary("Change many tasks, each item with its id; one result per item (not atomic)");
        tasks.MapTagList(TagKind.Task, Right.EditTasks);

        var task = tasks.MapGroup("/{id:guid}");
        task.MapObjectRights(ObjectKind.Task);
        task.MapGet("/", Get).WithName("GetTask").WithSummary("One task");
        task.MapPut("/", Update).Require(Right.EditTasks, "change tasks").WithMetadata(new RequestBodyDoc(typeof(TaskInput), Name: "TaskWrite")).WithName("UpdateTask").WithSummary("Change a task (only the fields sent)");
        task.MapDelete("/", Delete).Require(Right.EditTasks, "delete tasks").WithName("DeleteTask").WithSummary("Delete a task with its checklist and connections; returns it");
        task.MapPut("/state", SetState).WithMetadata(new RequestBodyDoc(typeof(TaskStateWrite))).WithName("SetTaskState").WithSummary("Set the task's state (and pausedUntil); the only change a closed task accepts");
        task.MapComments(CommentReferenceType.Task);
        task.MapDocuments(DocumentReferenceType.Task, Right.EditTasks);

        task.MapGet("/checklist", Checklist).WithName("GetTaskChecklist").WithSummary("The task's checklist");
        task.MapPost("/checklist", AddChecklistEntry).Require(Right.EditTasks, "change checklists").WithMetadata(new RequestBodyDoc(typeof(ChecklistEntryInput), Name: "ChecklistEntryWrite")).WithName("AddTaskChecklistEntry").WithSummary("Add an entry to the task's checklist");
        task.MapPut("/checklist/{entryId:guid}", UpdateChecklistEntry).WithMetadata(new RequestBodyDoc(typeof(ChecklistEntryInput), Name: "ChecklistEntryWrite")).WithName("UpdateTaskChecklistEntry")
            .WithSummary("Change a checklist entry (guests executing the task may tick it: {checked})");
        task.MapDelete("/checklist/{entryId:guid}", DeleteChecklistEntry).Require(Right.EditTasks, "change checklists").WithName("DeleteTaskChecklistEntry").WithSummary("Remove a checklist entry; returns it");

        task.MapTagging(TagKind.Task, Right.EditTasks);

        task.MapPut("/package", MoveToPackage).Require(Right.EditTasks, "move tasks").WithMetadata(new RequestBodyDoc(typeof(MoveWrite))).WithName("MoveTaskToPackage").WithSummary("Move the task into {packageId} of the same project");
        task.MapDelete("/package", MoveToProjectRoot).Require(Right.EditTasks, "move tasks").WithName("MoveTaskToProjectRoot").WithSummary("Move the task to its project's root");
        task.MapPut("/project", MoveToProject).Require(Right.EditTasks, "move tasks").WithMetadata(new RequestBodyDoc(typeof(MoveWrite))).WithName("MoveTaskToProject").WithSummary("Move the task to the root of {projectId}");
        task.MapDelete("/project", RemoveFromProject).Require(Right.EditTasks, "move tasks").WithName("RemoveTaskFromProject")
            .WithSummary("Refused with 422: a task always belongs to a project (use PUT to move it, or DELETE /package for the root)");

        task.MapGet("/task_connections", Connections).WithName("GetTaskConnections").WithSummary("The task's connections to other tasks");
        task.MapPut("/task_connections", Connect).Require(Right.EditTasks, "connect tasks").WithMetadata(new RequestBodyDoc(typeof(TaskIdsWrite))).WithName("ConnectTasks")
            .WithSummary("Connect the task to other tasks (body: array of task ids or {taskIds}); keeps the connections it has");
        task.MapDelete("/task_connections/{connectedTaskId:guid}", Disconnect).Require(Right.EditTasks, "connect tasks").WithName("DisconnectTasks").WithSummary("Remove one connection; returns it");

        task.MapCrmLinks<ProjectTask, TaskDto>("task",
            (http, id, ct) => http.RequestServices.GetRequiredService<TaskService>().GetWritableAsync(http.Caller(), id, "change tasks", ct),
            Right.EditTasks, t => TaskDto.From(t));
    }

    private static async Task<Listed<TaskDto>> List(HttpContext http, TaskService tasks, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await tasks.VisibleAsync(http.Caller(), ct), t => TaskDto.From(t), limit, cursor, ct);

    private static async Task<Listed<TaskDto>> ListByProject(Guid projectId, HttpContext http, TaskService tasks, int? limit, string? cursor, CancellationToken ct) =>
        limit is null && cursor is null
            ? new Listed<TaskDto>(TypedResults.Ok((await tasks.StreamByProjectAsync(http.Caller(), projectId, ct)).Select(TaskDto.From)))
            : await Listing.ListAsync(http, await tasks.ByProjectAsync(http.Caller(), projectId, ct), t => TaskDto.From(t), limit, cursor, ct);

    private static async Task<Ok<TaskDto>> Get(Guid id, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(TaskDto.From(await tasks.ReadAsync(http.Caller(), id, ct)));

    private static async Task<Created<TaskDto>> Create(JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var task = await tasks.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/tasks/{task.Id}", TaskDto.From(task));
    }

    private static async Task<Ok<List<BatchItemResult<TaskDto>>>> CreateMany(JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var caller = http.Caller();
        var results = await PerItemBatch.RunAsync(http, JsonBody.Items(body, BatchLimit), StatusCodes.Status201Created,
            async item => TaskDto.From(await tasks.CreateAsync(caller, Read(item), item, ct)));
        return TypedResults.Ok(results);
    }

    private static async Task<Ok<List<BatchItemResult<TaskDto>>>> UpdateMany(JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var caller = http.Caller();
        var results = await PerItemBatch.RunAsync(http, JsonBody.Items(body, BatchLimit), StatusCodes.Status200OK, async item =>
        {
            var id = item.Guid("id", required: true);
            var input = Read(item);
            if (id.Value is not { } taskId)
            {
                item.ThrowIfInvalid();
                throw new InvalidOperationException("An item without id must have been refused.");
            }

            return TaskDto.From(await tasks.UpdateAsync(caller, taskId, input, item, ct));
        });
        return TypedResults.Ok(results);
    }

    private static async Task<Ok<TaskDto>> Update(Guid id, JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(TaskDto.From(await tasks.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<TaskDto>> Delete(Guid id, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(TaskDto.From(await tasks.DeleteAsync(http.Caller(), id, ct)));

    private static async Task<NoContent> SetState(Guid id, JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var state = input.Enum("state", WireNames.TaskStates, required: true);
        var pausedUntil = input.DateTime("pausedUntil");
        await tasks.SetStateAsync(http.Caller(), id, state.Value, pausedUntil.Value, input, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Listed<ChecklistEntryDto>> Checklist(Guid id, HttpContext http, ChecklistService checklist, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await checklist.ListAsync(http.Caller(), id, ct), e => ChecklistEntryDto.From(e), limit, cursor, ct);

    private static async Task<Created<ChecklistEntryDto>> AddChecklistEntry(Guid id, JsonElement body, HttpContext http, ChecklistService checklist,
        CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var entry = await checklist.AddAsync(http.Caller(), id, ReadChecklistEntry(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/tasks/{id}/checklist/{entry.Id}", ChecklistEntryDto.From(entry));
    }

    private static async Task<Ok<ChecklistEntryDto>> UpdateChecklistEntry(Guid id, Guid entryId, JsonElement body, HttpContext http,
        ChecklistService checklist, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(ChecklistEntryDto.From(await checklist.UpdateAsync(http.Caller(), id, entryId, ReadChecklistEntry(input), input, ct)));
    }

    private static async Task<Ok<ChecklistEntryDto>> DeleteChecklistEntry(Guid id, Guid entryId, HttpContext http, ChecklistService checklist,
        CancellationToken ct) =>
        TypedResults.Ok(ChecklistEntryDto.From(await checklist.DeleteAsync(http.Caller(), id, entryId, ct)));

    private static async Task<Ok<TaskDto>> MoveToPackage(Guid id, JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var package = input.Guid("packageId", required: true);
        return TypedResults.Ok(TaskDto.From(await tasks.MoveToPackageAsync(http.Caller(), id, package.Value, input, ct)));
    }

    private static async Task<Ok<TaskDto>> MoveToProjectRoot(Guid id, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var none = JsonBody.Of(JsonDocument.Parse("{}").RootElement);
        return TypedResults.Ok(TaskDto.From(await tasks.MoveToPackageAsync(http.Caller(), id, null, none, ct)));
    }

    private static async Task<Ok<TaskDto>> MoveToProject(Guid id, JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var project = input.Guid("projectId", required: true);
        return TypedResults.Ok(TaskDto.From(await tasks.MoveToProjectAsync(http.Caller(), id, project.Value, input, ct)));
    }

    /// <summary>
    /// <c>DELETE /tasks/{id}/project</c>: factro's route exists, but a task without a project cannot exist here,
    /// so after the usual 404/403/<c>task_closed</c> checks it is refused with 422 <c>validation_failed</c>,
    /// naming the routes that do move a task (PUT <c>/project</c>, DELETE <c>/package</c> for the project's root).
    /// </summary>
    private static async Task<NoContent> RemoveFromProject(Guid id, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        await tasks.RemoveFromProjectAsync(http.Caller(), id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<List<TaskConnectionDto>>> Connections(Guid id, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(await ConnectionsOf(id, http, tasks, ct));

    private static async Task<Ok<List<TaskConnectionDto>>> Connect(Guid id, JsonElement body, HttpContext http, TaskService tasks, CancellationToken ct)
    {
        // Like tagging: factro clients send the ids as an array; an object {"taskIds": [...]} is accepted too.
        var input = JsonBody.Of(body.ValueKind == JsonValueKind.Array ? JsonDocument.Parse($"{{\"taskIds\":{body.GetRawText()}}}").RootElement : body);
        var ids = input.GuidList("taskIds", 100, required: true);
        await tasks.ConnectAsync(http.Caller(), id, ids.Value ?? [], input, ct);
        return TypedResults.Ok(await ConnectionsOf(id, http, tasks, ct));
    }

    private static async Task<Ok<TaskConnectionDto>> Disconnect(Guid id, Guid connectedTaskId, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(TaskConnectionDto.From(await tasks.DisconnectAsync(http.Caller(), id, connectedTaskId, ct)));

    /// <summary>Connections have no id of their own (so no cursor); a task has few, so the list comes whole.</summary>
    private static async Task<List<TaskConnectionDto>> ConnectionsOf(Guid id, HttpContext http, TaskService tasks, CancellationToken ct) =>
        await (await tasks.ConnectionsAsync(http.Caller(), id, ct))
            .OrderBy(c => c.CreatedAt).ThenBy(c => c.ConnectedTaskId)
            .Select(c => TaskConnectionDto.From(c))
            .ToListAsync(ct);

    internal static TaskInput Read(JsonBody body) => new()
    {
        Title = body.String("title"),
        Description = body.String("description"),
        TargetParentId = body.Guid("targetParentId"),
        StartDate = body.DateTime("startDate"),
        EndDate = body.DateTime("endDate"),
        OfficerId = body.Guid("officerId"),
        ExecutorId = body.Guid("executorId"),
        TaskPriority = body.Int("taskPriority"),
        PlannedEffort = body.Int("plannedEffort"),
        RemainingEffort = body.Int("remainingEffort"),
        ColorScheme = body.String("colorScheme"),
        CustomFields = body.RawObject("customFields"),
        IsMilestone = body.Bool("isMilestone"),
        Urgency = body.Enum("urgency", WireNames.Urgencies),
    };

    internal static ChecklistEntryInput ReadChecklistEntry(JsonBody body) => new()
    {
        Title = body.String("title"),
        Checked = body.Bool("checked"),
        Position = body.Int("position"),
        EndDate = body.DateTime("endDate"),
        AssigneeId = body.Guid("assigneeId"),
    };
}
