using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Access;

/// <summary>One reason why a user may read or write an object, as factro names it (<c>GET …/read_rights</c>).</summary>
public sealed record RightReason(string Reason, Guid? ProjectId = null, Guid? PackageId = null, Guid? TeamId = null, Guid? TaskId = null)
{
    /// <summary>Whether the reason lets its holder write (officers, the executor, write rights), not only read.</summary>
    public bool Writes => Reason.StartsWith("Is", StringComparison.Ordinal) || Reason.EndsWith("WriteRight", StringComparison.Ordinal);
}

/// <summary>The object a right route names: a project, a package of a project, or a task.</summary>
public readonly record struct RightTarget(ObjectKind Kind, Guid Id, Guid? ProjectId = null);

/// <summary>
/// Per-object rights (team plan and up): granting and revoking users' and teams' read and write rights on projects,
/// packages and tasks, and the reasons who may read or write one. Planners (<see cref="Right.ManageObjectRights"/>) who
/// may change the object grant and revoke; everyone but guests who sees it reads the reasons. What rights mean is
/// <see cref="ObjectAccess"/>'s. Webhook events come from the change tracker (<c>ReadRightGranted</c>, …).
/// </summary>
public sealed class ObjectRightService(PlanwerkDb db, ProjectService projects, PackageService packages, TaskService tasks, TimeProvider time)
{
    private sealed record Chain(Guid ProjectId, Guid? ProjectOfficer, IReadOnlyList<(Guid Id, Guid? Officer)> Packages, ProjectTask? Task);

    /// <summary>Who may read (or, <paramref name="write"/>, write) the object and why, by user id; AllRights users and v1's open reading are not listed.</summary>
    public async Task<IReadOnlyDictionary<Guid, List<RightReason>>> ReasonsAsync(Caller caller, RightTarget target, bool write, CancellationToken ct)
    {
        Rights.Require(caller, Right.Work, "see who holds rights");
        var chain = await ResolveAsync(caller, target, ct);
        var reasons = new List<(Guid Employee, RightReason Reason)>();
        if (chain.ProjectOfficer is { } po)
        {
            reasons.Add((po, new RightReason("IsProjectOfficer", ProjectId: chain.ProjectId)));
        }

        foreach (var (id, officer) in chain.Packages)
        {
            if (officer is { } o)
            {
                reasons.Add((o, new RightReason("IsPackageOfficer", ProjectId: chain.ProjectId, PackageId: id)));
            }
        }

        if (chain.Task is { } task)
        {
            if (task.OfficerId is { } to)
            {
                reasons.Add((to, new RightReason("IsTaskOfficer", ProjectId: chain.ProjectId, TaskId: task.Id)));
            }

            if (task.ExecutorId is { } te)
            {
                reasons.Add((te, new RightReason("IsTaskExecutor", ProjectId: chain.ProjectId, TaskId: task.Id)));
            }
        }

        var ids = new List<Guid> { chain.ProjectId };
        ids.AddRange(chain.Packages.Select(p => p.Id));
        if (chain.Task is { } t)
        {
            ids.Add(t.Id);
        }

        var grants = await db.ObjectRights.AsNoTracking().Where(r => ids.Contains(r.ReferenceId)).ToListAsync(ct);
        var teamIds = grants.Where(g => g.TeamId is not null).Select(g => g.TeamId!.Value).Distinct().ToList();
        var members = (await db.TeamMembers.AsNoTracking().Where(m => teamIds.Contains(m.TeamId)).Select(m => new { m.TeamId, m.EmployeeId }).ToListAsync(ct))
            .ToLookup(m => m.TeamId, m => m.EmployeeId);
        foreach (var g in grants)
        {
            var level = g.CanEdit ? "Write" : "Read";
            var (what, project, package, taskId) = g.Kind switch
            {
                ObjectKind.Project => ("Project", chain.ProjectId, (Guid?)null, (Guid?)null),
                ObjectKind.Package => ("Package", chain.ProjectId, g.ReferenceId, null),
                _ => ("Task", chain.ProjectId, null, g.ReferenceId),
            };
            if (g.EmployeeId is { } employee)
            {
                reasons.Add((employee, new RightReason($"HasDirect{what}{level}Right", project, package, null, taskId)));
            }
            else
            {
                reasons.AddRange(members[g.TeamId!.Value].Select(m => (m, new RightReason($"HasDirect{what}Team{level}Right", project, package, g.TeamId, taskId))));
            }
        }

        var holders = reasons.Select(r => r.Employee).Distinct().ToList();
        var active = await db.Employees.AsNoTracking().Where(e => holders.Contains(e.Id) && e.IsActive)
            .Select(e => new { e.Id, e.SecurityGroup }).ToDictionaryAsync(e => e.Id, e => e.SecurityGroup, ct);
        return reasons
            .Where(r => active.TryGetValue(r.Employee, out var group) && (!write || (r.Reason.Writes && group != SecurityGroup.GuestRights)))
            .GroupBy(r => r.Employee)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Reason).Distinct().ToList());
    }

    /// <summary>
    /// Grants a user (<paramref name="team"/> false) or a team a read right, or a write right (<paramref name="canEdit"/>).
    /// Idempotent: an existing read right becomes a write right; granting read to a holder of write keeps write.
    /// </summary>
    public async Task<ObjectRight> GrantAsync(Caller caller, RightTarget target, bool team, Optional<Guid?> holder, bool canEdit, IInputErrors errors, CancellationToken ct)
    {
        await ResolveWritableAsync(caller, target, ct);
        var field = team ? "teamId" : "employeeId";
        if (holder.Value is null)
        {
            errors.Invalid(field, "required", $"{field} is required.");
        }

        errors.ThrowIfInvalid(); // a malformed id (400) before a missing one (422)
        var id = holder.Value!.Value;
        if (team)
        {
            if (!await db.Teams.AnyAsync(t => t.Id == id, ct))
            {
                errors.Invalid(field, "unknown_team", $"No team with id \"{id}\" in this cloud.");
            }
        }
        else
        {
            await errors.ActiveUserAsync(db, field, holder, ct);
            if (canEdit && await db.Employees.AnyAsync(e => e.Id == id && e.SecurityGroup == SecurityGroup.GuestRights, ct))
            {
                errors.Invalid(field, "guest_write_right", "Guests cannot hold write rights; give them a read right.");
            }
        }

        errors.ThrowIfInvalid();
        var existing = await FindAsync(target.Id, team, id, ct);
        if (existing is not null)
        {
            if (canEdit && !existing.CanEdit)
            {
                existing.CanEdit = true;
                await db.SaveChangesAsync(ct);
            }

            return existing;
        }

        var right = new ObjectRight
        {
            ReferenceId = target.Id, Kind = target.Kind, EmployeeId = team ? null : id, TeamId = team ? id : null, CanEdit = canEdit,
            CreatedAt = time.GetUtcNow().UtcDateTime, CreatorId = caller.IsSystem ? null : caller.EmployeeId,
        };
        db.ObjectRights.Add(right);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Granted at the same moment by another request: that one's right is the answer (its event went with it).
            db.ChangeTracker.Clear();
            return await FindAsync(target.Id, team, id, ct) ?? throw DomainException.Conflict(ErrorCodes.Conflict, UniqueViolation.Detail);
        }

        return right;
    }

    /// <summary>
    /// Revokes a read right (the whole right: without read there is no write) or, <paramref name="writeOnly"/>, only the
    /// write part (a read right stays). 404 when the holder has no such right on the object itself.
    /// </summary>
    public async Task<ObjectRight> RevokeAsync(Caller caller, RightTarget target, bool team, Guid holder, bool writeOnly, CancellationToken ct)
    {
        await ResolveWritableAsync(caller, target, ct);
        var right = await FindAsync(target.Id, team, holder, ct);
        if (right is null || (writeOnly && !right.CanEdit))
        {
            throw DomainException.NotFound($"No {(writeOnly ? "write" : "read")} right of {(team ? "team" : "user")} \"{holder}\" on this {target.Kind.ToString().ToLowerInvariant()}.");
        }

        if (writeOnly)
        {
            right.CanEdit = false;
        }
        else
        {
            db.ObjectRights.Remove(right);
        }

        await db.SaveChangesAsync(ct);
        return right;
    }

    /// <summary>The rights held on an object itself (for the rights panel).</summary>
    public async Task<IReadOnlyList<ObjectRight>> OnAsync(Caller caller, RightTarget target, CancellationToken ct)
    {
        Rights.Require(caller, Right.Work, "see who holds rights");
        await ResolveAsync(caller, target, ct);
        return await db.ObjectRights.AsNoTracking().Where(r => r.ReferenceId == target.Id).OrderBy(r => r.Id).ToListAsync(ct);
    }

    /// <summary>Whether the caller may grant and revoke rights on the object (for the UI; the service checks again).</summary>
    public async Task<bool> MayManageAsync(Caller caller, RightTarget target, CancellationToken ct)
    {
        if (!caller.Plan.Has(PlanFeature.ObjectRights) || !caller.Has(Right.ManageObjectRights))
        {
            return false;
        }

        try
        {
            await ResolveWritableAsync(caller, target, ct);
            return true;
        }
        catch (DomainException e) when (e.Kind == ErrorKind.Forbidden)
        {
            return false;
        }
    }

    private Task<ObjectRight?> FindAsync(Guid referenceId, bool team, Guid holder, CancellationToken ct) => team
        ? db.ObjectRights.FirstOrDefaultAsync(r => r.ReferenceId == referenceId && r.TeamId == holder, ct)
        : db.ObjectRights.FirstOrDefaultAsync(r => r.ReferenceId == referenceId && r.EmployeeId == holder, ct);

    private async Task ResolveWritableAsync(Caller caller, RightTarget target, CancellationToken ct)
    {
        PlanGate.Require(caller.Plan, PlanFeature.ObjectRights);
        Rights.Require(caller, Right.ManageObjectRights, "grant or revoke rights");
        switch (target.Kind)
        {
            case ObjectKind.Project:
                await projects.GetWritableAsync(caller, target.Id, "grant or revoke rights on this project", ct);
                break;
            case ObjectKind.Package:
                await packages.GetWritableAsync(caller, target.ProjectId!.Value, target.Id, "grant or revoke rights on this package", ct);
                break;
            default:
                // Granting is planning, not task editing: planners who may change the task (not closed or open alike).
                var task = await tasks.GetAsync(caller, target.Id, ct);
                await db.RequireWriteAsync(caller, task, "grant or revoke rights on this task", ct);
                break;
        }
    }

    /// <summary>The object (404 unless the caller sees it) with what is above it: its project and the packages up to the project.</summary>
    private async Task<Chain> ResolveAsync(Caller caller, RightTarget target, CancellationToken ct)
    {
        PlanGate.Require(caller.Plan, PlanFeature.ObjectRights);
        Guid projectId;
        Guid? packageId;
        ProjectTask? task = null;
        switch (target.Kind)
        {
            case ObjectKind.Project:
                (projectId, packageId) = ((await projects.GetAsync(caller, target.Id, ct)).Id, null);
                break;
            case ObjectKind.Package:
                var package = await packages.GetAsync(caller, target.ProjectId!.Value, target.Id, ct);
                (projectId, packageId) = (package.ProjectId, package.Id);
                break;
            default:
                task = await tasks.GetAsync(caller, target.Id, ct);
                (projectId, packageId) = (task.ProjectId, task.ParentPackageId);
                break;
        }

        var officer = await db.Projects.Where(p => p.Id == projectId).Select(p => p.OfficerId).FirstOrDefaultAsync(ct);
        var tree = await db.Packages.AsNoTracking().Where(p => p.ProjectId == projectId)
            .Select(p => new { p.Id, p.ParentPackageId, p.OfficerId }).ToDictionaryAsync(p => p.Id, ct);
        var chain = new List<(Guid, Guid?)>();
        for (var id = packageId; id is { } current && tree.TryGetValue(current, out var node) && chain.Count <= tree.Count; id = node.ParentPackageId)
        {
            chain.Add((current, node.OfficerId));
        }

        return new Chain(projectId, officer, chain, task);
    }
}
