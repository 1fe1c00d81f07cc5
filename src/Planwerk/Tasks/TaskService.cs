using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;

namespace Planwerk.Tasks;

/// <summary>A task. On POST <c>title</c> and <c>targetParentId</c> are required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>TaskWrite</c>).</remarks>
public sealed record TaskInput
{
    /// <summary>At most 500 characters.</summary>
    public Optional<string?> Title { get; init; }
    /// <summary>Free text.</summary>
    public Optional<string?> Description { get; init; }
    /// <summary>A package id or a project id: where the task goes. Write-only.</summary>
    public Optional<Guid?> TargetParentId { get; init; }
    /// <summary>ISO-8601 date-time.</summary>
    public Optional<DateTime?> StartDate { get; init; }
    /// <summary>ISO-8601 date-time, not before startDate.</summary>
    public Optional<DateTime?> EndDate { get; init; }
    /// <summary>A user id.</summary>
    public Optional<Guid?> OfficerId { get; init; }
    /// <summary>A user id (the person doing the task).</summary>
    public Optional<Guid?> ExecutorId { get; init; }
    /// <summary>10, 20, …, 90 or 99.</summary>
    public Optional<int?> TaskPriority { get; init; }
    /// <summary>Minutes.</summary>
    public Optional<int?> PlannedEffort { get; init; }
    /// <summary>Minutes.</summary>
    public Optional<int?> RemainingEffort { get; init; }
    /// <summary>A colour of the UI.</summary>
    public Optional<string?> ColorScheme { get; init; }
    /// <summary>Any JSON object, kept as sent.</summary>
    [SentAs(typeof(System.Text.Json.JsonElement))]
    public Optional<string?> CustomFields { get; init; }
    /// <summary>A milestone.</summary>
    public Optional<bool?> IsMilestone { get; init; }
    /// <summary>overdue, due or normal.</summary>
    public Optional<Urgency?> Urgency { get; init; }
}

/// <summary>
/// The rules for tasks. Everyone but guests creates, changes and deletes tasks; a guest sees only the
/// tasks they execute and may change their state, tick their checklists and comment on them. A closed
/// task refuses every write (403 <c>task_closed</c>) except a change of its state, which reopens it.
/// </summary>
public sealed class TaskService(PlanwerkDb db, TimeProvider time, Documents.IDocumentStore documents)
{
    // GET /tasks/{id}, the hottest read: compiled once (no LINQ translation per request), not tracked. The same visibility
    // as VisibleTasks (guests: the tasks they execute); the tenant filter applies as to every query.
    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<ProjectTask?>>> FindTask = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid id, CancellationToken ct) => db.Tasks.AsNoTracking().FirstOrDefault(t => t.Id == id)));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, Guid, CancellationToken, Task<ProjectTask?>>> FindExecutedTask = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid id, Guid executorId, CancellationToken ct) => db.Tasks.AsNoTracking().FirstOrDefault(t => t.Id == id && t.ExecutorId == executorId)));

    // GET /tasks/by-project/{id} without paging, compiled the same way: the project's visibility, then its tasks by id.
    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<bool>>> ProjectExists = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid id, CancellationToken ct) => db.Projects.Any(p => p.Id == id)));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, Guid, CancellationToken, Task<bool>>> ProjectOfExecutedTaskExists = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid id, Guid executorId, CancellationToken ct) => db.Projects.Any(p => p.Id == id && db.Tasks.Any(t => t.ProjectId == p.Id && t.ExecutorId == executorId))));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, IAsyncEnumerable<ProjectTask>>> TasksOfProject = new(() => EF.CompileAsyncQuery<PlanwerkDb, Guid, ProjectTask>(
        (db, projectId) => db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Id)));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, Guid, IAsyncEnumerable<ProjectTask>>> ExecutedTasksOfProject = new(() => EF.CompileAsyncQuery<PlanwerkDb, Guid, Guid, ProjectTask>(
        (db, projectId, executorId) => db.Tasks.AsNoTracking().Where(t => t.ProjectId == projectId && t.ExecutorId == executorId).OrderBy(t => t.Id)));

    /// <summary>
    /// The visible tasks of a visible project, oldest first, streamed (as <see cref="ByProjectAsync"/> with the Core API's
    /// unpaged order); 404 for a project the caller cannot see.
    /// </summary>
    public async Task<IAsyncEnumerable<ProjectTask>> StreamByProjectAsync(Caller caller, Guid projectId, CancellationToken ct)
    {
        var view = await db.ViewAsync(caller, ct);
        if (view.Applies)
        {
            if (!await db.VisibleProjects(caller, view).AnyAsync(p => p.Id == projectId, ct))
            {
                throw DomainException.NotFound("Project", projectId);
            }

            return db.VisibleTasks(caller, view).AsNoTracking().Where(t => t.ProjectId == projectId).OrderBy(t => t.Id).AsAsyncEnumerable();
        }

        var visible = caller.IsGuest
            ? await ProjectOfExecutedTaskExists.For(db)(db, projectId, caller.EmployeeId, ct)
            : await ProjectExists.For(db)(db, projectId, ct);
        if (!visible)
        {
            throw DomainException.NotFound("Project", projectId);
        }

        return caller.IsGuest ? ExecutedTasksOfProject.For(db)(db, projectId, caller.EmployeeId) : TasksOfProject.For(db)(db, projectId);
    }

    /// <summary>A task the caller can see, for reading only (not tracked); others answer 404.</summary>
    public async Task<ProjectTask> ReadAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var view = await db.ViewAsync(caller, ct);
        var task = view.Applies ? await db.VisibleTasks(caller, view).AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct)
            : await (caller.IsGuest ? FindExecutedTask.For(db)(db, id, caller.EmployeeId, ct) : FindTask.For(db)(db, id, ct));
        return task ?? throw DomainException.NotFound("Task", id);
    }

    /// <summary>The tasks the caller can see (<see cref="Visibility"/>).</summary>
    public Task<IQueryable<ProjectTask>> VisibleAsync(Caller caller, CancellationToken ct) => db.VisibleTasksAsync(caller, ct);

    /// <summary>A task the caller can see; others answer 404, so their existence does not leak.</summary>
    public async Task<ProjectTask> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await db.VisibleTasksAsync(caller, ct)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("Task", id);

    /// <summary>A task the caller may change: visible (404), the caller may edit tasks (403 <c>forbidden</c>), not closed (403 <c>task_closed</c>).</summary>
    public async Task<ProjectTask> GetWritableAsync(Caller caller, Guid id, string what, CancellationToken ct)
    {
        var task = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.EditTasks, what);
        await db.RequireWriteAsync(caller, task, what, ct);
        RequireOpen(task);
        return task;
    }

    /// <summary>Whether the caller may change the task (its group's right and, on a restricted task, a write reason), for the UI.</summary>
    public async Task<bool> MayChangeAsync(Caller caller, ProjectTask task, CancellationToken ct) =>
        caller.Has(Right.EditTasks) && (await db.ViewAsync(caller, ct)).MayWrite(task);

    /// <summary>The visible tasks of a visible project.</summary>
    public async Task<IQueryable<ProjectTask>> ByProjectAsync(Caller caller, Guid projectId, CancellationToken ct)
    {
        var view = await db.ViewAsync(caller, ct);
        if (!await db.VisibleProjects(caller, view).AnyAsync(p => p.Id == projectId, ct))
        {
            throw DomainException.NotFound("Project", projectId);
        }

        return db.VisibleTasks(caller, view).Where(t => t.ProjectId == projectId);
    }

    /// <summary>Creates one task; its <c>number</c> is drawn in the transaction that inserts it.</summary>
    public async Task<ProjectTask> CreateAsync(Caller caller, TaskInput input, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.EditTasks, "create tasks");
        if (!input.Title.HasValue)
        {
            errors.Invalid("title", "required", "title is required.");
        }

        if (input.TargetParentId is not { HasValue: true, Value: not null })
        {
            errors.Invalid("targetParentId", "required", "targetParentId (a package or project id) is required.");
        }

        var target = await ValidateAsync(caller, input, null, errors, ct);
        errors.ThrowIfInvalid();
        await db.RequireWriteInAsync(caller, target!.Value.ProjectId, target.Value.PackageId, "create tasks here", ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var task = new ProjectTask
        {
            Title = string.Empty, CreationDate = now, CreatorId = caller.EmployeeId,
            Number = await db.NextTaskNumberAsync(caller.CloudId, ct),
        };
        Apply(task, input, target, now);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return task;
    }

    /// <summary>Changes the fields sent; a <c>targetParentId</c> moves the task (as the move routes do).</summary>
    public async Task<ProjectTask> UpdateAsync(Caller caller, Guid id, TaskInput input, IInputErrors errors, CancellationToken ct)
    {
        var task = await GetWritableAsync(caller, id, "change tasks", ct);
        if (input.TargetParentId is { HasValue: true, Value: null })
        {
            errors.Invalid("targetParentId", "required", "targetParentId cannot be cleared; a task always belongs to a project.");
        }

        var target = await ValidateAsync(caller, input, task, errors, ct);
        errors.ThrowIfInvalid();
        if (target is { } to && (to.ProjectId != task.ProjectId || to.PackageId != task.ParentPackageId))
        {
            await db.RequireWriteInAsync(caller, to.ProjectId, to.PackageId, "move tasks there", ct);
        }

        Apply(task, input, target, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>What <see cref="DeleteAsync"/> would take with the task, after the same checks (404, 403, <c>task_closed</c>).</summary>
    public async Task<Deletion> DeletionAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await GetWritableAsync(caller, id, "delete tasks", ct);
        return new Deletion(0, 1,
            await db.ChecklistEntries.CountAsync(e => e.TaskId == id, ct),
            await db.Comments.CountAsync(c => c.ReferenceType == CommentReferenceType.Task && c.ReferenceId == id, ct),
            await db.WorkRecords.CountAsync(w => w.BookedOnReferenceId == id, ct),
            await db.Documents.CountAsync(d => d.ReferenceType == Documents.DocumentReferenceType.Task && d.ReferenceId == id, ct));
    }

    /// <summary>Deletes a task with its checklist, connections, comments, documents and tags; work records stay (billing data). A closed task must be reopened first.</summary>
    public async Task<ProjectTask> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var task = await GetWritableAsync(caller, id, "delete tasks", ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Comments.Where(c => c.ReferenceType == CommentReferenceType.Task && c.ReferenceId == id).ExecuteDeleteAsync(ct);
        var documentsGone = db.Documents.Where(d => d.ReferenceType == Documents.DocumentReferenceType.Task && d.ReferenceId == id);
        var documentIds = await documentsGone.Select(d => new { d.CloudId, d.Id }).ToListAsync(ct);
        await documentsGone.ExecuteDeleteAsync(ct);
        await db.TagAssignments.Where(a => a.EntityId == id).ExecuteDeleteAsync(ct);
        await db.TaskConnections.Where(c => c.TaskId == id || c.ConnectedTaskId == id).ExecuteDeleteAsync(ct);
        await db.ChecklistEntries.Where(e => e.TaskId == id).ExecuteDeleteAsync(ct);
        db.Tasks.Remove(task);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        documents.Forget(documentIds.Select(d => (d.CloudId, d.Id)));
        return task;
    }

    /// <summary>
    /// Sets <c>taskState</c> and <c>pausedUntil</c> (cleared when not sent). The one write a closed task
    /// accepts, and the one a guest may make, on the tasks they execute.
    /// </summary>
    public async Task SetStateAsync(Caller caller, Guid id, TaskState? state, DateTime? pausedUntil, IInputErrors errors, CancellationToken ct)
    {
        var task = await GetAsync(caller, id, ct);
        Rights.Require(MaySetState(caller, task), "change the state of this task");
        await db.RequireWriteAsync(caller, task, "change the state of this task", ct);
        errors.ThrowIfInvalid();
        task.TaskState = state!.Value;
        task.PausedUntil = pausedUntil;
        task.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The security group's part of <see cref="SetStateAsync"/>'s rule: everyone but guests, and a guest on a task they
    /// execute. Per-object rights are asked apart (<see cref="StateSettableAsync"/> joins both).
    /// </summary>
    public static bool MaySetState(Caller caller, ProjectTask task) => caller.Has(Right.EditTasks) || task.ExecutorId == caller.EmployeeId;

    /// <summary>
    /// Whether the caller may change the state of a task they can see, by <see cref="SetStateAsync"/>'s whole rule (the
    /// group's part and a write reason on a restricted task), worked out once for many tasks: the pages show their state
    /// controls (the task page's form, the board's "move to") by it, so a reader without a write right sees none.
    /// </summary>
    public async Task<Func<ProjectTask, bool>> StateSettableAsync(Caller caller, CancellationToken ct)
    {
        var view = await db.ViewAsync(caller, ct);
        return task => MaySetState(caller, task) && view.MayWrite(task);
    }

    /// <summary>Moves the task into a package of its own project, or to the project's root when <paramref name="packageId"/> is null.</summary>
    public async Task<ProjectTask> MoveToPackageAsync(Caller caller, Guid id, Guid? packageId, IInputErrors errors, CancellationToken ct)
    {
        var task = await GetWritableAsync(caller, id, "move tasks", ct);
        if (packageId is { } target)
        {
            var projectOfPackage = await (await db.VisiblePackagesAsync(caller, ct)).Where(p => p.Id == target).Select(p => (Guid?)p.ProjectId).FirstOrDefaultAsync(ct);
            if (projectOfPackage is null)
            {
                errors.Invalid("packageId", "unknown_package", $"No package with id \"{target}\" in this cloud.");
            }
            else if (projectOfPackage != task.ProjectId)
            {
                errors.Invalid("packageId", "other_project", "The package belongs to another project; move the task to that project first.");
            }
        }

        errors.ThrowIfInvalid();
        await db.RequireWriteInAsync(caller, task.ProjectId, packageId, "move tasks there", ct);
        task.ParentPackageId = packageId;
        task.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>Moves the task to the root of another project.</summary>
    public async Task<ProjectTask> MoveToProjectAsync(Caller caller, Guid id, Guid? projectId, IInputErrors errors, CancellationToken ct)
    {
        var task = await GetWritableAsync(caller, id, "move tasks", ct);
        if (projectId is { } target && !await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == target, ct))
        {
            errors.Invalid("projectId", "unknown_project", $"No project with id \"{target}\" in this cloud.");
        }

        errors.ThrowIfInvalid();
        await db.RequireWriteInAsync(caller, projectId!.Value, null, "move tasks there", ct);
        task.ProjectId = projectId!.Value;
        task.ParentPackageId = null;
        task.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return task;
    }

    /// <summary>Refuses to take a task out of its project: every task belongs to one (422, after the usual 404/403 checks).</summary>
    public async Task RemoveFromProjectAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await GetWritableAsync(caller, id, "move tasks", ct);
        throw DomainException.Invalid("/",
            "A task always belongs to a project: move it with PUT /tasks/{id}/project, or to its project's root with DELETE /tasks/{id}/package.");
    }

    /// <summary>The connections from this task to tasks the caller can see.</summary>
    public async Task<IQueryable<TaskConnection>> ConnectionsAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await GetAsync(caller, id, ct);
        var visible = await db.VisibleTasksAsync(caller, ct);
        return db.TaskConnections.Where(c => c.TaskId == id && visible.Any(t => t.Id == c.ConnectedTaskId));
    }

    /// <summary>Connects this task to others (keeps the connections it has); itself and unknown ids are refused.</summary>
    public async Task ConnectAsync(Caller caller, Guid id, IReadOnlyList<Guid> taskIds, IInputErrors errors, CancellationToken ct)
    {
        await GetWritableAsync(caller, id, "connect tasks", ct);
        var known = await (await db.VisibleTasksAsync(caller, ct)).Where(t => taskIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var other in taskIds.Distinct())
        {
            if (other == id)
            {
                errors.Invalid("taskIds", "self", "A task cannot be connected to itself.");
            }
            else if (!known.Contains(other))
            {
                errors.Invalid("taskIds", "unknown_task", $"No task with id \"{other}\" in this cloud.");
            }
        }

        errors.ThrowIfInvalid();
        var present = await db.TaskConnections.Where(c => c.TaskId == id).Select(c => c.ConnectedTaskId).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var other in known.Distinct().Except(present))
        {
            db.TaskConnections.Add(new TaskConnection { TaskId = id, ConnectedTaskId = other, CreatedAt = now });
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Removes one connection and returns it (404 if there is none).</summary>
    public async Task<TaskConnection> DisconnectAsync(Caller caller, Guid id, Guid connectedTaskId, CancellationToken ct)
    {
        await GetWritableAsync(caller, id, "disconnect tasks", ct);
        var connection = await db.TaskConnections.FirstOrDefaultAsync(c => c.TaskId == id && c.ConnectedTaskId == connectedTaskId, ct)
            ?? throw DomainException.NotFound("Task connection", connectedTaskId);
        db.TaskConnections.Remove(connection);
        await db.SaveChangesAsync(ct);
        return connection;
    }

    /// <summary>403 <c>task_closed</c> for a write to a closed task.</summary>
    public static void RequireOpen(ProjectTask task)
    {
        if (task.TaskState == TaskState.Closed)
        {
            throw DomainException.Forbidden(ErrorCodes.TaskClosed, $"Task with id \"{task.Id}\" is closed; reopen it (PUT /tasks/{{id}}/state) to change it.");
        }
    }

    /// <summary>Checks the input and resolves <c>targetParentId</c> to (project, package), if sent.</summary>
    private async Task<(Guid ProjectId, Guid? PackageId)?> ValidateAsync(Caller caller, TaskInput input, ProjectTask? current, IInputErrors errors,
        CancellationToken ct)
    {
        errors.PlanningTexts(input.Title, input.Description, input.ColorScheme, input.CustomFields,
            (ProjectTask.TitleMaxLength, ProjectTask.DescriptionMaxLength, ProjectTask.ColorSchemeMaxLength, ProjectTask.CustomFieldsMaxLength));

        (Guid, Guid?)? target = null;
        if (input.TargetParentId is { HasValue: true, Value: { } parent })
        {
            var package = await (await db.VisiblePackagesAsync(caller, ct)).Where(p => p.Id == parent).Select(p => new { p.ProjectId }).FirstOrDefaultAsync(ct);
            if (package is not null)
            {
                target = (package.ProjectId, parent);
            }
            else if (await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == parent, ct))
            {
                target = (parent, null);
            }
            else
            {
                errors.Invalid("targetParentId", "unknown_parent", $"No package or project with id \"{parent}\" in this cloud.");
            }
        }

        if (input.TaskPriority is { HasValue: true, Value: { } priority } && !ProjectService.Priorities.Contains(priority))
        {
            errors.Invalid("taskPriority", "invalid", "taskPriority must be one of 10, 20, …, 90, 99.");
        }

        await errors.ActiveUserAsync(db, "officerId", input.OfficerId, ct);
        await errors.ActiveUserAsync(db, "executorId", input.ExecutorId, ct);
        errors.NotBefore("endDate", input.EndDate.Or(current?.EndDate), "startDate", input.StartDate.Or(current?.StartDate));
        errors.NotNegative("plannedEffort", input.PlannedEffort);
        errors.NotNegative("remainingEffort", input.RemainingEffort);

        return target;
    }

    private static void Apply(ProjectTask task, TaskInput input, (Guid ProjectId, Guid? PackageId)? target, DateTime now)
    {
        if (target is { } parent)
        {
            task.ProjectId = parent.ProjectId;
            task.ParentPackageId = parent.PackageId;
        }

        if (input.Title.HasValue) task.Title = input.Title.Value!.Trim();
        if (input.Description.HasValue) task.Description = input.Description.Value;
        if (input.StartDate.HasValue) task.StartDate = input.StartDate.Value;
        if (input.EndDate.HasValue) task.EndDate = input.EndDate.Value;
        if (input.OfficerId.HasValue) task.OfficerId = input.OfficerId.Value;
        if (input.ExecutorId.HasValue) task.ExecutorId = input.ExecutorId.Value;
        if (input.TaskPriority.HasValue) task.TaskPriority = input.TaskPriority.Value;
        if (input.PlannedEffort.HasValue) task.PlannedEffort = input.PlannedEffort.Value;
        if (input.RemainingEffort.HasValue) task.RemainingEffort = input.RemainingEffort.Value;
        if (input.ColorScheme.HasValue) task.ColorScheme = input.ColorScheme.Value;
        if (input.CustomFields.HasValue) task.CustomFields = input.CustomFields.Value;
        if (input.IsMilestone.HasValue) task.IsMilestone = input.IsMilestone.Value ?? false;
        if (input.Urgency.HasValue) task.Urgency = input.Urgency.Value ?? Urgency.Normal;
        task.ChangeDate = now;
    }
}
