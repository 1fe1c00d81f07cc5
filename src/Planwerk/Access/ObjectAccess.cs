using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Access;

/// <summary>
/// What per-object rights (<see cref="ObjectRight"/>) mean for one caller, worked out once per unit of work and read by
/// <see cref="Visibility"/> (what the caller sees) and by the services (what the caller may change). The rules
/// (docs/api.md "Per-object rights"):
/// <list type="bullet">
/// <item>AllRights users read and write everything; nothing here applies to them.</item>
/// <item>An object is <b>restricted</b> when it, or an object above it (its packages, its project), has a right of a
/// member (a user who is not a guest) or of a team. A restricted object is read only by those with a reason: a right on
/// it or above it (write includes read; a team's right is each member's), being its officer or an officer above it,
/// executing or being officer of the task. Its projects and packages above are then readable as the way to it.</item>
/// <item>An object without such rights keeps v1's rule: every member reads it, a guest the tasks they execute and the
/// projects and packages holding them. A guest's right only adds: it lets the guest read the object and what is below,
/// and takes nothing from anyone (so granting a guest a project does not hide it from the team).</item>
/// <item>Changing needs the security group's right (<see cref="Right.PlanProjects"/>, <see cref="Right.EditTasks"/>)
/// and, on a restricted object, a write reason: a write right on it or above it, an officer's role there, or executing
/// the task. Guests never get write rights (a guest's powers stay v1's).</item>
/// </list>
/// </summary>
public static class ObjectAccess
{
    /// <summary>The caller's view of the cloud's rights (no query for AllRights users and for clouds without rights).</summary>
    public static async Task<AccessView> ViewAsync(this PlanwerkDb db, Caller caller, CancellationToken ct)
    {
        if (caller.IsAdmin)
        {
            return AccessView.Everything;
        }

        if (db.CachedAccess is { } cached && cached.For == (caller.EmployeeId, caller.Group))
        {
            return cached;
        }

        var view = await BuildAsync(db, caller, ct);
        db.CachedAccess = view;
        return view;
    }

    /// <summary>Throws 403 <c>forbidden</c> unless the caller holds a write reason for <paramref name="project"/> (restricted objects only).</summary>
    public static async Task RequireWriteAsync(this PlanwerkDb db, Caller caller, Project project, string what, CancellationToken ct) =>
        Require((await db.ViewAsync(caller, ct)).MayWrite(project), what);

    /// <inheritdoc cref="RequireWriteAsync(PlanwerkDb, Caller, Project, string, CancellationToken)"/>
    public static async Task RequireWriteAsync(this PlanwerkDb db, Caller caller, Package package, string what, CancellationToken ct) =>
        Require((await db.ViewAsync(caller, ct)).MayWrite(package), what);

    /// <inheritdoc cref="RequireWriteAsync(PlanwerkDb, Caller, Project, string, CancellationToken)"/>
    public static async Task RequireWriteAsync(this PlanwerkDb db, Caller caller, ProjectTask task, string what, CancellationToken ct) =>
        Require((await db.ViewAsync(caller, ct)).MayWrite(task), what);

    /// <summary>Throws 403 <c>forbidden</c> unless the caller may create or change things in the project (in the package, when given).</summary>
    public static async Task RequireWriteInAsync(this PlanwerkDb db, Caller caller, Guid projectId, Guid? packageId, string what, CancellationToken ct) =>
        Require((await db.ViewAsync(caller, ct)).MayWriteIn(projectId, packageId), what);

    /// <summary>The refusal of a change the per-object rights do not allow (the group's right allows it).</summary>
    public static void Require(bool mayWrite, string what)
    {
        if (!mayWrite)
        {
            throw DomainException.Forbidden($"You have no write right here, so you may not {what}.");
        }
    }

    private sealed record Grant(Guid ReferenceId, ObjectKind Kind, Guid? EmployeeId, Guid? TeamId, bool CanEdit, bool ToGuest);

    private static async Task<AccessView> BuildAsync(PlanwerkDb db, Caller caller, CancellationToken ct)
    {
        var me = caller.EmployeeId;
        var guest = caller.IsGuest;
        var grants = await db.ObjectRights.AsNoTracking()
            .Select(r => new Grant(r.ReferenceId, r.Kind, r.EmployeeId, r.TeamId, r.CanEdit,
                r.EmployeeId != null && db.Employees.Any(e => e.Id == r.EmployeeId && e.SecurityGroup == SecurityGroup.GuestRights)))
            .ToListAsync(ct);
        if (grants.Count == 0)
        {
            return new AccessView((me, caller.Group), guest, Restricting: false);
        }

        var teams = grants.Any(g => g.TeamId is not null)
            ? (await db.TeamMembers.AsNoTracking().Where(m => m.EmployeeId == me).Select(m => m.TeamId).ToListAsync(ct)).ToHashSet()
            : [];
        var restricting = grants.Where(g => !g.ToGuest).ToList();
        var mine = grants.Where(g => g.EmployeeId == me || (g.TeamId is { } team && teams.Contains(team))).ToList();

        // Officers count as writers of what they lead; only where something is restricted does it make a difference.
        var officerProjects = restricting.Count == 0 ? [] : await db.Projects.AsNoTracking().Where(p => p.OfficerId == me).Select(p => p.Id).ToListAsync(ct);
        var officerPackages = restricting.Count == 0 ? [] : await db.Packages.AsNoTracking().Where(p => p.OfficerId == me).Select(p => p.Id).ToListAsync(ct);

        var grantedTasks = mine.Where(g => g.Kind == ObjectKind.Task).Select(g => g.ReferenceId).ToList();
        var taskHomes = grantedTasks.Count == 0 ? [] : await db.Tasks.AsNoTracking().Where(t => grantedTasks.Contains(t.Id))
            .Select(t => new { t.Id, t.ProjectId, t.ParentPackageId }).ToListAsync(ct);

        // The package trees of the projects where packages carry rights or officers (packages nest to any depth).
        var rootPackages = grants.Where(g => g.Kind == ObjectKind.Package).Select(g => g.ReferenceId).Concat(officerPackages)
            .Concat(taskHomes.Where(t => t.ParentPackageId is not null).Select(t => t.ParentPackageId!.Value)).Distinct().ToList();
        var tree = new Dictionary<Guid, (Guid ProjectId, Guid? Parent)>();
        if (rootPackages.Count > 0)
        {
            var projects = await db.Packages.AsNoTracking().Where(p => rootPackages.Contains(p.Id)).Select(p => p.ProjectId).Distinct().ToListAsync(ct);
            foreach (var p in await db.Packages.AsNoTracking().Where(p => projects.Contains(p.ProjectId))
                         .Select(p => new { p.Id, p.ProjectId, p.ParentPackageId }).ToListAsync(ct))
            {
                tree[p.Id] = (p.ProjectId, p.ParentPackageId);
            }
        }

        var children = tree.Where(p => p.Value.Parent is not null).ToLookup(p => p.Value.Parent!.Value, p => p.Key);
        HashSet<Guid> Below(IEnumerable<Guid> roots)
        {
            var found = new HashSet<Guid>();
            var stack = new Stack<Guid>(roots);
            while (stack.TryPop(out var id))
            {
                if (found.Add(id))
                {
                    foreach (var child in children[id])
                    {
                        stack.Push(child);
                    }
                }
            }

            return found;
        }

        HashSet<Guid> Above(IEnumerable<Guid> packages)
        {
            var found = new HashSet<Guid>();
            foreach (var start in packages)
            {
                for (Guid? id = start; id is { } current && tree.TryGetValue(current, out var node) && found.Add(current); id = node.Parent)
                {
                }
            }

            return found;
        }

        static IEnumerable<Guid> Of(IEnumerable<Grant> grants, ObjectKind kind) => grants.Where(g => g.Kind == kind).Select(g => g.ReferenceId);
        var writes = guest ? [] : mine.Where(g => g.CanEdit).ToList();
        var minePackages = Of(mine, ObjectKind.Package).Concat(officerPackages).ToList();
        var taskPackages = taskHomes.Where(t => t.ParentPackageId is not null).Select(t => t.ParentPackageId!.Value).ToList();

        return new AccessView((me, caller.Group), guest, Restricting: restricting.Count > 0)
        {
            RestrictedProjects = [.. Of(restricting, ObjectKind.Project)],
            RestrictedPackages = Below(Of(restricting, ObjectKind.Package)),
            RestrictedTasks = [.. Of(restricting, ObjectKind.Task)],
            ReadProjects = [.. Of(mine, ObjectKind.Project).Concat(officerProjects)],
            ReadPackages = Below(minePackages),
            ReadTasks = [.. grantedTasks],
            WriteProjects = [.. Of(writes, ObjectKind.Project).Concat(guest ? [] : officerProjects)],
            WritePackages = Below(Of(writes, ObjectKind.Package).Concat(guest ? [] : officerPackages)),
            WriteTasks = [.. Of(writes, ObjectKind.Task)],
            WayProjects = [.. minePackages.Where(tree.ContainsKey).Select(p => tree[p].ProjectId).Concat(taskHomes.Select(t => t.ProjectId))],
            WayPackages = Above(minePackages.Concat(taskPackages)),
        };
    }
}

/// <summary>
/// One caller's reading of the cloud's per-object rights (<see cref="ObjectAccess"/>): the sets the visibility queries
/// and the write checks use. <see cref="Everything"/> for AllRights users; without any right in the cloud every set is
/// empty and v1's rules apply unchanged.
/// </summary>
public sealed record AccessView((Guid EmployeeId, SecurityGroup Group) For, bool Guest, bool Restricting)
{
    /// <summary>An AllRights user's view: everything, read and write.</summary>
    public static readonly AccessView Everything = new((Guid.Empty, SecurityGroup.AllRights), Guest: false, Restricting: false) { All = true };

    /// <summary>Reads and writes everything (AllRights).</summary>
    public bool All { get; private init; }

    /// <summary>Whether per-object rights change anything for this caller (else v1's rules alone).</summary>
    public bool Applies => !All && (Restricting || ReadProjects.Count + ReadPackages.Count + ReadTasks.Count > 0);

    /// <summary>Objects with a member's or a team's right on them; packages with the packages below them.</summary>
    public HashSet<Guid> RestrictedProjects { get; init; } = [];
    public HashSet<Guid> RestrictedPackages { get; init; } = [];
    public HashSet<Guid> RestrictedTasks { get; init; } = [];

    /// <summary>What the caller holds a read reason for (a right, also through a team, or an officer's role); packages with those below.</summary>
    public HashSet<Guid> ReadProjects { get; init; } = [];
    public HashSet<Guid> ReadPackages { get; init; } = [];
    public HashSet<Guid> ReadTasks { get; init; } = [];

    /// <summary>What the caller holds a write reason for; packages with those below.</summary>
    public HashSet<Guid> WriteProjects { get; init; } = [];
    public HashSet<Guid> WritePackages { get; init; } = [];
    public HashSet<Guid> WriteTasks { get; init; } = [];

    /// <summary>Projects and packages readable as the way to something below that the caller reads.</summary>
    public HashSet<Guid> WayProjects { get; init; } = [];
    public HashSet<Guid> WayPackages { get; init; } = [];

    public bool IsRestricted(Project p) => RestrictedProjects.Contains(p.Id);

    public bool IsRestricted(Package p) => RestrictedProjects.Contains(p.ProjectId) || RestrictedPackages.Contains(p.Id);

    public bool IsRestricted(ProjectTask t) => RestrictedTasks.Contains(t.Id) || RestrictedProjects.Contains(t.ProjectId)
        || (t.ParentPackageId is { } package && RestrictedPackages.Contains(package));

    /// <summary>
    /// Whether the caller may change what is in the project (in the package, when given), or create something there, as far
    /// as per-object rights go; the security group's right is asked apart.
    /// </summary>
    public bool MayWriteIn(Guid projectId, Guid? packageId) => All
        || !(RestrictedProjects.Contains(projectId) || (packageId is { } p && RestrictedPackages.Contains(p)))
        || WriteProjects.Contains(projectId) || (packageId is { } q && WritePackages.Contains(q));

    /// <summary>Whether the caller may change <paramref name="p"/> as far as per-object rights go (the group's right is asked apart).</summary>
    public bool MayWrite(Project p) => MayWriteIn(p.Id, null) || p.OfficerId == For.EmployeeId;

    public bool MayWrite(Package p) => MayWriteIn(p.ProjectId, p.Id);

    public bool MayWrite(ProjectTask t) => All || (!RestrictedTasks.Contains(t.Id) && MayWriteIn(t.ProjectId, t.ParentPackageId))
        || t.ExecutorId == For.EmployeeId || t.OfficerId == For.EmployeeId || WriteTasks.Contains(t.Id)
        || WriteProjects.Contains(t.ProjectId) || (t.ParentPackageId is { } package && WritePackages.Contains(package));
}
