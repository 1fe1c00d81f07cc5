using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Tags;
using Planwerk.Tasks;

namespace Planwerk.Projects;

/// <summary>The fields a client may send for a project (all optional on PUT; <c>title</c> required on POST).</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>ProjectWrite</c>).</remarks>
public sealed record ProjectInput
{
    /// <summary>The project's title (at most 500 characters).</summary>
    public Optional<string?> Title { get; init; }
    /// <summary>Free text.</summary>
    public Optional<string?> Description { get; init; }
    /// <summary>A colour name or code of the UI.</summary>
    public Optional<string?> ColorScheme { get; init; }
    /// <summary>The project officer ("Projektverantwortlicher"), a user id. Not on the basic plan.</summary>
    public Optional<Guid?> OfficerId { get; init; }
    /// <summary>Any JSON object; kept and returned as sent.</summary>
    [SentAs(typeof(System.Text.Json.JsonElement))]
    public Optional<string?> CustomFields { get; init; }
    /// <summary>Archived projects are hidden in the UI's lists.</summary>
    public Optional<bool?> IsArchived { get; init; }
    /// <summary>A draft project. Not on the basic plan.</summary>
    public Optional<bool?> IsDraft { get; init; }
    /// <summary>10, 20, …, 90 or 99.</summary>
    public Optional<int?> Priority { get; init; }
    /// <summary>planned (not on basic), inProcess, closed, pushedBack, stopped.</summary>
    public Optional<ProjectState?> ProjectState { get; init; }
    /// <summary>ISO-8601 date-time.</summary>
    public Optional<DateTime?> PlannedStartDate { get; init; }
    /// <summary>ISO-8601 date-time, not before plannedStartDate.</summary>
    public Optional<DateTime?> PlannedEndDate { get; init; }
    /// <summary>ISO-8601 date-time.</summary>
    public Optional<DateTime?> StartDate { get; init; }
    /// <summary>ISO-8601 date-time, not before startDate.</summary>
    public Optional<DateTime?> EndDate { get; init; }
    /// <summary>Minutes.</summary>
    public Optional<int?> PlannedEffort { get; init; }
    /// <summary>Minutes.</summary>
    public Optional<int?> RemainingEffort { get; init; }
}

/// <summary>The rules for projects. The API, batch routes and the UI all come through here.</summary>
public sealed class ProjectService(PlanwerkDb db, TimeProvider time, Documents.IDocumentStore documents)
{
    /// <summary>factro's priorities.</summary>
    public static readonly int[] Priorities = [10, 20, 30, 40, 50, 60, 70, 80, 90, 99];

    /// <summary>The projects the caller can see (<see cref="Visibility"/>).</summary>
    public Task<IQueryable<Project>> VisibleAsync(Caller caller, CancellationToken ct) => db.VisibleProjectsAsync(caller, ct);

    public async Task<Project> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await db.VisibleProjectsAsync(caller, ct)).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw DomainException.NotFound("Project", id);

    /// <summary>A project the caller may change: visible (404), the caller plans projects and holds a write reason if it is restricted (403).</summary>
    public async Task<Project> GetWritableAsync(Caller caller, Guid id, string what, CancellationToken ct)
    {
        var project = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.PlanProjects, what);
        await db.RequireWriteAsync(caller, project, what, ct);
        return project;
    }

    /// <summary>
    /// The project's tree as the caller sees it: visible packages and tasks, each under its parent; one whose parent
    /// the caller cannot see hangs at the root, so nothing visible is lost and nothing hidden is named.
    /// </summary>
    public async Task<StructureNode> StructureAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var project = await GetAsync(caller, id, ct);
        var packages = await (await db.VisiblePackagesAsync(caller, ct)).AsNoTracking().Where(p => p.ProjectId == id).OrderBy(p => p.Number)
            .Select(p => new { p.Id, p.ParentPackageId, p.Title }).ToListAsync(ct);
        var tasks = await (await db.VisibleTasksAsync(caller, ct)).AsNoTracking().Where(t => t.ProjectId == id).OrderBy(t => t.Number)
            .Select(t => new { t.Id, t.ParentPackageId, t.Title }).ToListAsync(ct);
        var visiblePackages = packages.Select(p => p.Id).ToHashSet();

        List<StructureNode> ChildrenOf(Guid? parent) =>
        [
            .. packages.Where(p => p.ParentPackageId == parent || (parent is null && p.ParentPackageId is { } pp && !visiblePackages.Contains(pp)))
                .Select(p => new StructureNode(p.Id, "package", p.Title, ChildrenOf(p.Id))),
            .. tasks.Where(t => t.ParentPackageId == parent || (parent is null && t.ParentPackageId is { } tp && !visiblePackages.Contains(tp)))
                .Select(t => new StructureNode(t.Id, "task", t.Title, [])),
        ];

        return new StructureNode(project.Id, "project", project.Title, ChildrenOf(null));
    }

    public async Task<Project> CreateAsync(Caller caller, ProjectInput input, IInputErrors errors, CancellationToken ct)
    {
        var created = await CreateManyAsync(caller, [(input, errors)], ct);
        return created[0];
    }

    /// <summary>Creates all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Project>> CreateManyAsync(Caller caller, IReadOnlyList<(ProjectInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (input, _) in items)
        {
            CheckPlan(caller, input);
        }

        Rights.Require(caller, Right.PlanProjects, "create projects");
        foreach (var (input, errors) in items)
        {
            if (!input.Title.HasValue)
            {
                errors.Invalid("title", "required", "title is required.");
            }

            await ValidateAsync(input, null, errors, ct);
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var projects = new List<Project>();
        foreach (var (input, _) in items)
        {
            var project = new Project { Title = string.Empty, CreationDate = now, CreatorId = caller.EmployeeId, Number = await db.NextProjectNumberAsync(caller.CloudId, ct) };
            Apply(project, input, now);
            db.Projects.Add(project);
            projects.Add(project);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return projects;
    }

    public async Task<Project> UpdateAsync(Caller caller, Guid id, ProjectInput input, IInputErrors errors, CancellationToken ct)
    {
        var updated = await UpdateManyAsync(caller, [(id, input, errors)], ct);
        return updated[0];
    }

    /// <summary>Updates all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Project>> UpdateManyAsync(Caller caller, IReadOnlyList<(Guid Id, ProjectInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (_, input, _) in items)
        {
            CheckPlan(caller, input);
        }

        var projects = new List<Project>();
        foreach (var (id, _, _) in items)
        {
            projects.Add(await GetAsync(caller, id, ct));
        }

        Rights.Require(caller, Right.PlanProjects, "change projects");
        foreach (var project in projects)
        {
            await db.RequireWriteAsync(caller, project, "change this project", ct);
        }

        for (var i = 0; i < items.Count; i++)
        {
            await ValidateAsync(items[i].Input, projects[i], items[i].Errors, ct);
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        var now = time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < items.Count; i++)
        {
            Apply(projects[i], items[i].Input, now);
        }

        await db.SaveChangesAsync(ct);
        return projects;
    }

    /// <summary>Whether the caller may change or delete the project (planners with a write reason if it is restricted), for the UI.</summary>
    public async Task<bool> MayChangeAsync(Caller caller, Project project, CancellationToken ct) =>
        caller.Has(Right.PlanProjects) && (await db.ViewAsync(caller, ct)).MayWrite(project);

    /// <summary>What <see cref="DeleteAsync"/> would take with the project, after the same checks (404, 403).</summary>
    public async Task<Deletion> DeletionAsync(Caller caller, Guid id, CancellationToken ct)
    {
        await GetWritableAsync(caller, id, "delete this project", ct);
        var taskIds = db.Tasks.Where(t => t.ProjectId == id).Select(t => t.Id);
        var packageIds = db.Packages.Where(p => p.ProjectId == id).Select(p => p.Id);
        return new Deletion(
            await packageIds.CountAsync(ct),
            await taskIds.CountAsync(ct),
            await db.ChecklistEntries.CountAsync(e => taskIds.Contains(e.TaskId), ct),
            await db.Comments.CountAsync(c => c.ReferenceId == id || taskIds.Contains(c.ReferenceId) || packageIds.Contains(c.ReferenceId), ct),
            await db.WorkRecords.CountAsync(w => w.BookedOnReferenceId == id || taskIds.Contains(w.BookedOnReferenceId) || packageIds.Contains(w.BookedOnReferenceId), ct),
            await db.Documents.CountAsync(d => d.ReferenceId == id || taskIds.Contains(d.ReferenceId) || packageIds.Contains(d.ReferenceId), ct));
    }

    /// <summary>Deletes a project with its packages, tasks, checklists, comments, documents and tags; work records stay (they are billing data).</summary>
    public async Task<Project> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var project = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.PlanProjects, "delete projects");
        await db.RequireWriteAsync(caller, project, "delete this project", ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var taskIds = db.Tasks.Where(t => t.ProjectId == id).Select(t => t.Id);
        var packageIds = db.Packages.Where(p => p.ProjectId == id).Select(p => p.Id);
        await db.ObjectRights.Where(r => r.ReferenceId == id || taskIds.Contains(r.ReferenceId) || packageIds.Contains(r.ReferenceId)).ExecuteDeleteAsync(ct);
        await db.Comments.Where(c => c.ReferenceId == id || taskIds.Contains(c.ReferenceId) || packageIds.Contains(c.ReferenceId)).ExecuteDeleteAsync(ct);
        var documentsGone = db.Documents.Where(d => d.ReferenceId == id || taskIds.Contains(d.ReferenceId) || packageIds.Contains(d.ReferenceId));
        var documentIds = await documentsGone.Select(d => new { d.CloudId, d.Id }).ToListAsync(ct);
        await documentsGone.ExecuteDeleteAsync(ct);
        await db.TagAssignments.Where(a => a.EntityId == id || taskIds.Contains(a.EntityId)).ExecuteDeleteAsync(ct);
        await db.Tasks.Where(t => t.ProjectId == id).ExecuteDeleteAsync(ct);
        // Nested packages reference each other (restrict): detach, then delete.
        await db.Packages.Where(p => p.ProjectId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ParentPackageId, (Guid?)null), ct);
        await db.Packages.Where(p => p.ProjectId == id).ExecuteDeleteAsync(ct);
        db.Projects.Remove(project);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        documents.Forget(documentIds.Select(d => (d.CloudId, d.Id)));
        return project;
    }

    /// <summary>Governance rule 4: a request that uses a feature the plan lacks is refused before anything else.</summary>
    private static void CheckPlan(Caller caller, ProjectInput input)
    {
        if (input.OfficerId is { HasValue: true, Value: not null })
        {
            PlanGate.Require(caller.Plan, PlanFeature.Officer, "/officerId");
        }

        if (input.IsDraft is { HasValue: true, Value: true })
        {
            PlanGate.Require(caller.Plan, PlanFeature.DraftProjects, "/isDraft");
        }

        if (input.ProjectState is { HasValue: true, Value: ProjectState.Planned })
        {
            PlanGate.Require(caller.Plan, PlanFeature.DraftProjects, "/projectState");
        }
    }

    private async Task ValidateAsync(ProjectInput input, Project? current, IInputErrors errors, CancellationToken ct)
    {
        errors.PlanningTexts(input.Title, input.Description, input.ColorScheme, input.CustomFields,
            (Project.TitleMaxLength, Project.DescriptionMaxLength, Project.ColorSchemeMaxLength, Project.CustomFieldsMaxLength));

        if (input.Priority is { HasValue: true, Value: { } priority } && !Priorities.Contains(priority))
        {
            errors.Invalid("priority", "invalid", "priority must be one of 10, 20, …, 90, 99.");
        }

        await errors.ActiveUserAsync(db, "officerId", input.OfficerId, ct);
        errors.NotBefore("plannedEndDate", input.PlannedEndDate.Or(current?.PlannedEndDate), "plannedStartDate", input.PlannedStartDate.Or(current?.PlannedStartDate));
        errors.NotBefore("endDate", input.EndDate.Or(current?.EndDate), "startDate", input.StartDate.Or(current?.StartDate));
        errors.NotNegative("plannedEffort", input.PlannedEffort);
        errors.NotNegative("remainingEffort", input.RemainingEffort);
    }

    private static void Apply(Project project, ProjectInput input, DateTime now)
    {
        if (input.Title.HasValue) project.Title = input.Title.Value!.Trim();
        if (input.Description.HasValue) project.Description = input.Description.Value;
        if (input.ColorScheme.HasValue) project.ColorScheme = input.ColorScheme.Value;
        if (input.OfficerId.HasValue) project.OfficerId = input.OfficerId.Value;
        if (input.CustomFields.HasValue) project.CustomFields = input.CustomFields.Value;
        if (input.IsArchived.HasValue) project.IsArchived = input.IsArchived.Value ?? false;
        if (input.IsDraft.HasValue) project.IsDraft = input.IsDraft.Value ?? false;
        if (input.Priority.HasValue) project.Priority = input.Priority.Value;
        if (input.ProjectState is { HasValue: true, Value: { } state }) project.ProjectState = state;
        if (input.PlannedStartDate.HasValue) project.PlannedStartDate = input.PlannedStartDate.Value;
        if (input.PlannedEndDate.HasValue) project.PlannedEndDate = input.PlannedEndDate.Value;
        if (input.StartDate.HasValue) project.StartDate = input.StartDate.Value;
        if (input.EndDate.HasValue) project.EndDate = input.EndDate.Value;
        if (input.PlannedEffort.HasValue) project.PlannedEffort = input.PlannedEffort.Value;
        if (input.RemainingEffort.HasValue) project.RemainingEffort = input.RemainingEffort.Value;
        project.ChangeDate = now;
    }
}
