using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Projects;

/// <summary>A package. On POST <c>title</c> is required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>PackageWrite</c>).</remarks>
public sealed record PackageInput
{
    /// <summary>At most 500 characters.</summary>
    public Optional<string?> Title { get; init; }
    public Optional<string?> Description { get; init; }
    /// <summary>The enclosing package, or null for the project's root.</summary>
    public Optional<Guid?> ParentPackageId { get; init; }
    public Optional<string?> ColorScheme { get; init; }
    /// <summary>The package officer, a user id. Not on the basic plan.</summary>
    public Optional<Guid?> OfficerId { get; init; }
    [SentAs(typeof(System.Text.Json.JsonElement))]
    public Optional<string?> CustomFields { get; init; }
    public Optional<DateTime?> StartDate { get; init; }
    public Optional<DateTime?> EndDate { get; init; }
    public Optional<int?> PlannedEffort { get; init; }
    public Optional<int?> RemainingEffort { get; init; }
}

/// <summary>
/// The rules for packages (factro's work packages): they live in one project and nest through
/// <c>parentPackageId</c>; planners create, change, move and delete them.
/// </summary>
public sealed class PackageService(PlanwerkDb db, TimeProvider time, Documents.IDocumentStore documents)
{
    /// <summary>The packages the caller can see (<see cref="Visibility"/>).</summary>
    public Task<IQueryable<Package>> VisibleAsync(Caller caller, CancellationToken ct) => db.VisiblePackagesAsync(caller, ct);

    /// <summary>A visible package by id alone (<c>GET /packages/{id}</c>).</summary>
    public async Task<Package> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await db.VisiblePackagesAsync(caller, ct)).FirstOrDefaultAsync(p => p.Id == id, ct) ?? throw DomainException.NotFound("Package", id);

    /// <summary>A visible package of the project in the path; a package of another project answers 404 like an absent one.</summary>
    public async Task<Package> GetAsync(Caller caller, Guid projectId, Guid id, CancellationToken ct) =>
        await (await db.VisiblePackagesAsync(caller, ct)).FirstOrDefaultAsync(p => p.Id == id && p.ProjectId == projectId, ct)
        ?? throw DomainException.NotFound("Package", id);

    /// <summary>A package of the project the caller may change (planners), for routes that change it through another service.</summary>
    public async Task<Package> GetWritableAsync(Caller caller, Guid projectId, Guid id, string what, CancellationToken ct)
    {
        var package = await GetAsync(caller, projectId, id, ct);
        Rights.Require(caller, Right.PlanProjects, what);
        await db.RequireWriteAsync(caller, package, what, ct);
        return package;
    }

    /// <summary>The visible packages of a visible project.</summary>
    public async Task<IQueryable<Package>> ListAsync(Caller caller, Guid projectId, CancellationToken ct)
    {
        await RequireProjectAsync(caller, projectId, ct);
        return (await db.VisiblePackagesAsync(caller, ct)).Where(p => p.ProjectId == projectId);
    }

    public async Task<Package> CreateAsync(Caller caller, Guid projectId, PackageInput input, IInputErrors errors, CancellationToken ct)
    {
        var created = await CreateManyAsync(caller, projectId, [(input, errors)], ct);
        return created[0];
    }

    /// <summary>Creates all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Package>> CreateManyAsync(Caller caller, Guid projectId,
        IReadOnlyList<(PackageInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (input, _) in items)
        {
            CheckPlan(caller, input);
        }

        await RequireProjectAsync(caller, projectId, ct);
        Rights.Require(caller, Right.PlanProjects, "create packages");
        foreach (var parent in items.Select(i => i.Input.ParentPackageId.Value).Distinct())
        {
            await db.RequireWriteInAsync(caller, projectId, parent, "create packages here", ct);
        }

        var tree = await TreeAsync(projectId, ct);
        foreach (var (input, errors) in items)
        {
            if (!input.Title.HasValue)
            {
                errors.Invalid("title", "required", "title is required.");
            }

            await ValidateAsync(input, null, tree, errors, ct);
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var packages = new List<Package>();
        foreach (var (input, _) in items)
        {
            var package = new Package
            {
                Title = string.Empty, ProjectId = projectId, CreationDate = now, CreatorId = caller.EmployeeId,
                Number = await db.NextPackageNumberAsync(caller.CloudId, ct),
            };
            Apply(package, input, now);
            db.Packages.Add(package);
            packages.Add(package);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return packages;
    }

    public async Task<Package> UpdateAsync(Caller caller, Guid projectId, Guid id, PackageInput input, IInputErrors errors, CancellationToken ct)
    {
        var updated = await UpdateManyAsync(caller, projectId, [(id, input, errors)], ct);
        return updated[0];
    }

    /// <summary>Updates all or none (factro's atomic batch); every package must belong to <paramref name="projectId"/>.</summary>
    public async Task<IReadOnlyList<Package>> UpdateManyAsync(Caller caller, Guid projectId,
        IReadOnlyList<(Guid Id, PackageInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (_, input, _) in items)
        {
            CheckPlan(caller, input);
        }

        var packages = new List<Package>();
        foreach (var (id, _, _) in items)
        {
            packages.Add(await GetAsync(caller, projectId, id, ct));
        }

        Rights.Require(caller, Right.PlanProjects, "change packages");
        foreach (var (package, (_, input, _)) in packages.Zip(items))
        {
            await db.RequireWriteAsync(caller, package, "change this package", ct);
            if (input.ParentPackageId.HasValue && input.ParentPackageId.Value != package.ParentPackageId)
            {
                await db.RequireWriteInAsync(caller, projectId, input.ParentPackageId.Value, "move packages there", ct);
            }
        }

        var tree = await TreeAsync(projectId, ct);
        for (var i = 0; i < items.Count; i++)
        {
            await ValidateAsync(items[i].Input, packages[i], tree, items[i].Errors, ct);
            // Later items are checked against the tree as the earlier ones leave it, so that two items cannot close a cycle together.
            if (items[i].Input.ParentPackageId.HasValue)
            {
                tree[packages[i].Id] = items[i].Input.ParentPackageId.Value;
            }
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        var now = time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < items.Count; i++)
        {
            Apply(packages[i], items[i].Input, now);
        }

        await db.SaveChangesAsync(ct);
        return packages;
    }

    /// <summary>Whether the caller may change or delete the package (planners with a write reason if it is restricted), for the UI.</summary>
    public async Task<bool> MayChangeAsync(Caller caller, Package package, CancellationToken ct) =>
        caller.Has(Right.PlanProjects) && (await db.ViewAsync(caller, ct)).MayWrite(package);

    /// <summary>What <see cref="DeleteAsync"/> would take with the package (its sub-packages counted in <see cref="Deletion.Packages"/>), after the same checks.</summary>
    public async Task<Deletion> DeletionAsync(Caller caller, Guid projectId, Guid id, CancellationToken ct)
    {
        await GetWritableAsync(caller, projectId, id, "delete this package", ct);
        var subtree = Subtree(await TreeAsync(projectId, ct), id);
        var taskIds = db.Tasks.Where(t => t.ParentPackageId != null && subtree.Contains(t.ParentPackageId.Value)).Select(t => t.Id);
        return new Deletion(
            subtree.Count - 1,
            await taskIds.CountAsync(ct),
            await db.ChecklistEntries.CountAsync(e => taskIds.Contains(e.TaskId), ct),
            await db.Comments.CountAsync(c => subtree.Contains(c.ReferenceId) || taskIds.Contains(c.ReferenceId), ct),
            await db.WorkRecords.CountAsync(w => subtree.Contains(w.BookedOnReferenceId) || taskIds.Contains(w.BookedOnReferenceId), ct),
            await db.Documents.CountAsync(d => subtree.Contains(d.ReferenceId) || taskIds.Contains(d.ReferenceId), ct));
    }

    /// <summary>Deletes a package with its sub-packages, their tasks (with checklists and connections), comments, documents and tags; work records stay.</summary>
    public async Task<Package> DeleteAsync(Caller caller, Guid projectId, Guid id, CancellationToken ct)
    {
        var package = await GetAsync(caller, projectId, id, ct);
        Rights.Require(caller, Right.PlanProjects, "delete packages");
        await db.RequireWriteAsync(caller, package, "delete this package", ct);
        var subtree = Subtree(await TreeAsync(projectId, ct), id);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var taskIds = db.Tasks.Where(t => t.ParentPackageId != null && subtree.Contains(t.ParentPackageId.Value)).Select(t => t.Id);
        await db.ObjectRights.Where(r => subtree.Contains(r.ReferenceId) || taskIds.Contains(r.ReferenceId)).ExecuteDeleteAsync(ct);
        await db.Comments.Where(c => subtree.Contains(c.ReferenceId) || taskIds.Contains(c.ReferenceId)).ExecuteDeleteAsync(ct);
        var documentsGone = db.Documents.Where(d => subtree.Contains(d.ReferenceId) || taskIds.Contains(d.ReferenceId));
        var documentIds = await documentsGone.Select(d => new { d.CloudId, d.Id }).ToListAsync(ct);
        await documentsGone.ExecuteDeleteAsync(ct);
        await db.TagAssignments.Where(a => taskIds.Contains(a.EntityId)).ExecuteDeleteAsync(ct);
        await db.Tasks.Where(t => t.ParentPackageId != null && subtree.Contains(t.ParentPackageId.Value)).ExecuteDeleteAsync(ct);
        // Nested packages reference each other (restrict): detach, then delete.
        await db.Packages.Where(p => subtree.Contains(p.Id)).ExecuteUpdateAsync(s => s.SetProperty(p => p.ParentPackageId, (Guid?)null), ct);
        await db.Packages.Where(p => subtree.Contains(p.Id)).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        documents.Forget(documentIds.Select(d => (d.CloudId, d.Id)));
        db.Entry(package).State = EntityState.Detached;
        return package;
    }

    /// <summary>Moves a package (with everything in it) under another package of the same project, or to the root when <paramref name="parentPackageId"/> is null.</summary>
    public async Task<Package> MoveUnderAsync(Caller caller, Guid projectId, Guid id, Guid? parentPackageId, IInputErrors errors, CancellationToken ct)
    {
        var package = await GetAsync(caller, projectId, id, ct);
        Rights.Require(caller, Right.PlanProjects, "move packages");
        await db.RequireWriteAsync(caller, package, "move this package", ct);
        await db.RequireWriteInAsync(caller, projectId, parentPackageId, "move packages there", ct);
        ValidateParent(package, parentPackageId, await TreeAsync(projectId, ct), errors);
        errors.ThrowIfInvalid();
        package.ParentPackageId = parentPackageId;
        package.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return package;
    }

    /// <summary>Moves a package with its whole subtree of packages and tasks to the root of another project.</summary>
    public async Task<Package> MoveToProjectAsync(Caller caller, Guid projectId, Guid id, Guid? targetProjectId, IInputErrors errors, CancellationToken ct)
    {
        var package = await GetAsync(caller, projectId, id, ct);
        Rights.Require(caller, Right.PlanProjects, "move packages");
        await db.RequireWriteAsync(caller, package, "move this package", ct);
        if (targetProjectId is { } target && !await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == target, ct))
        {
            errors.Invalid("projectId", "unknown_project", $"No project with id \"{target}\" in this cloud.");
        }

        errors.ThrowIfInvalid();
        await db.RequireWriteInAsync(caller, targetProjectId!.Value, null, "move packages there", ct);
        var to = targetProjectId!.Value;
        if (to == projectId)
        {
            return package;
        }

        var subtree = Subtree(await TreeAsync(projectId, ct), id);
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Packages.Where(p => subtree.Contains(p.Id) && p.Id != id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ProjectId, to), ct);
        await db.Tasks.Where(t => t.ParentPackageId != null && subtree.Contains(t.ParentPackageId.Value))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ProjectId, to).SetProperty(t => t.ChangeDate, now), ct);
        package.ProjectId = to;
        package.ParentPackageId = null;
        package.ChangeDate = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return package;
    }

    public const int MaxShiftDays = 3650;

    /// <summary>
    /// factro's <c>shift_with_successors</c>: moves the start and end dates of the package, its sub-packages, every task in
    /// them and, following task connections (a connection from A to B makes B a successor of A) transitively, every
    /// successor of those tasks, by <paramref name="daysDelta"/> days; all or none. Dates that are not set stay unset;
    /// closed tasks keep their dates (they accept only state changes) but their successors still move. Each changed
    /// package and task fires its <c>PackageUpdated</c>/<c>TaskUpdated</c>.
    /// </summary>
    public async Task<ShiftResult> ShiftWithSuccessorsAsync(Caller caller, Guid projectId, Guid id, int? daysDelta, IInputErrors errors, CancellationToken ct)
    {
        var shifted = await GetAsync(caller, projectId, id, ct);
        Rights.Require(caller, Right.PlanProjects, "shift packages");
        await db.RequireWriteAsync(caller, shifted, "shift this package", ct);
        if (daysDelta is < -MaxShiftDays or > MaxShiftDays)
        {
            errors.Invalid("daysDelta", "out_of_range", $"daysDelta must be between {-MaxShiftDays} and {MaxShiftDays}.");
        }

        errors.ThrowIfInvalid();
        var days = daysDelta!.Value;
        var subtree = Subtree(await TreeAsync(projectId, ct), id);
        var packages = await db.Packages.Where(p => subtree.Contains(p.Id)).ToListAsync(ct);
        var tasks = await db.Tasks.Where(t => t.ParentPackageId != null && subtree.Contains(t.ParentPackageId.Value)).ToListAsync(ct);
        var seen = tasks.Select(t => t.Id).ToHashSet();
        for (var frontier = seen.ToList(); frontier.Count > 0;)
        {
            var next = await db.TaskConnections.Where(c => frontier.Contains(c.TaskId)).Select(c => c.ConnectedTaskId).Distinct().ToListAsync(ct);
            next = next.Where(seen.Add).ToList();
            tasks.AddRange(await db.Tasks.Where(t => next.Contains(t.Id)).ToListAsync(ct));
            frontier = next;
        }

        var movedTasks = tasks.Where(t => t.TaskState != Tasks.TaskState.Closed && (t.StartDate is not null || t.EndDate is not null)).ToList();
        var movedPackages = packages.Where(p => p.StartDate is not null || p.EndDate is not null).ToList();
        var dates = movedPackages.SelectMany(p => new[] { p.StartDate, p.EndDate }).Concat(movedTasks.SelectMany(t => new[] { t.StartDate, t.EndDate }));
        if (dates.Any(d => d is { } date && date.AddDays(days).Year is < 1900 or > 2999))
        {
            errors.Invalid("daysDelta", "out_of_range", $"Shifting by {days} days would move a date out of the years 1900 to 2999.");
        }

        errors.ThrowIfInvalid();
        if (days == 0)
        {
            return new ShiftResult(0, [], []);
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var p in movedPackages)
        {
            p.StartDate = p.StartDate?.AddDays(days);
            p.EndDate = p.EndDate?.AddDays(days);
            p.ChangeDate = now;
        }

        foreach (var t in movedTasks)
        {
            t.StartDate = t.StartDate?.AddDays(days);
            t.EndDate = t.EndDate?.AddDays(days);
            t.ChangeDate = now;
        }

        await db.SaveChangesAsync(ct); // one SaveChanges: one transaction, with the webhook events
        return new ShiftResult(days, movedPackages.Select(p => p.Id).Order().ToList(), movedTasks.Select(t => t.Id).Order().ToList());
    }

    private async Task RequireProjectAsync(Caller caller, Guid projectId, CancellationToken ct)
    {
        if (!await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == projectId, ct))
        {
            throw DomainException.NotFound("Project", projectId);
        }
    }

    /// <summary>Every package of the project with its parent, for cycle checks and subtrees.</summary>
    private async Task<Dictionary<Guid, Guid?>> TreeAsync(Guid projectId, CancellationToken ct) =>
        await db.Packages.AsNoTracking().Where(p => p.ProjectId == projectId).ToDictionaryAsync(p => p.Id, p => p.ParentPackageId, ct);

    private static List<Guid> Subtree(Dictionary<Guid, Guid?> tree, Guid root)
    {
        var result = new List<Guid> { root };
        for (var i = 0; i < result.Count; i++)
        {
            var parent = result[i];
            result.AddRange(tree.Where(p => p.Value == parent).Select(p => p.Key));
        }

        return result;
    }

    /// <summary>The parent must be a package of the same project and not the package itself or one of its descendants.</summary>
    private static void ValidateParent(Package? package, Guid? parentPackageId, Dictionary<Guid, Guid?> tree, IInputErrors errors)
    {
        if (parentPackageId is not { } parent)
        {
            return;
        }

        if (!tree.ContainsKey(parent))
        {
            errors.Invalid("parentPackageId", "unknown_package", $"No package with id \"{parent}\" in this project.");
            return;
        }

        if (package is null)
        {
            return;
        }

        for (Guid? at = parent; at is { } current; at = tree.GetValueOrDefault(current))
        {
            if (current == package.Id)
            {
                errors.Invalid("parentPackageId", "cycle", "A package cannot be moved under itself or one of its own sub-packages.");
                return;
            }
        }
    }

    /// <summary>Governance rule 4: the officer is plan-gated on packages as on projects.</summary>
    private static void CheckPlan(Caller caller, PackageInput input)
    {
        if (input.OfficerId is { HasValue: true, Value: not null })
        {
            PlanGate.Require(caller.Plan, PlanFeature.Officer, "/officerId");
        }
    }

    private async Task ValidateAsync(PackageInput input, Package? current, Dictionary<Guid, Guid?> tree, IInputErrors errors, CancellationToken ct)
    {
        errors.PlanningTexts(input.Title, input.Description, input.ColorScheme, input.CustomFields,
            (Package.TitleMaxLength, Package.DescriptionMaxLength, Package.ColorSchemeMaxLength, Package.CustomFieldsMaxLength));

        if (input.ParentPackageId.HasValue)
        {
            ValidateParent(current, input.ParentPackageId.Value, tree, errors);
        }

        await errors.ActiveUserAsync(db, "officerId", input.OfficerId, ct);
        errors.NotBefore("endDate", input.EndDate.Or(current?.EndDate), "startDate", input.StartDate.Or(current?.StartDate));
        errors.NotNegative("plannedEffort", input.PlannedEffort);
        errors.NotNegative("remainingEffort", input.RemainingEffort);
    }

    private static void Apply(Package package, PackageInput input, DateTime now)
    {
        if (input.Title.HasValue) package.Title = input.Title.Value!.Trim();
        if (input.Description.HasValue) package.Description = input.Description.Value;
        if (input.ParentPackageId.HasValue) package.ParentPackageId = input.ParentPackageId.Value;
        if (input.ColorScheme.HasValue) package.ColorScheme = input.ColorScheme.Value;
        if (input.OfficerId.HasValue) package.OfficerId = input.OfficerId.Value;
        if (input.CustomFields.HasValue) package.CustomFields = input.CustomFields.Value;
        if (input.StartDate.HasValue) package.StartDate = input.StartDate.Value;
        if (input.EndDate.HasValue) package.EndDate = input.EndDate.Value;
        if (input.PlannedEffort.HasValue) package.PlannedEffort = input.PlannedEffort.Value;
        if (input.RemainingEffort.HasValue) package.RemainingEffort = input.RemainingEffort.Value;
        package.ChangeDate = now;
    }
}
