using Planwerk.Infrastructure.Data;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Access;

/// <summary>
/// What a caller may read: AllRights users everything; others v1's rule (members the whole cloud, a guest the tasks they
/// execute and the projects and packages holding them) narrowed or widened by the per-object rights as
/// <see cref="ObjectAccess"/> describes. Rows a caller may not read answer 404, so their existence does not leak.
/// <para>
/// The hottest reads repeat v1's rules as compiled queries (<c>TaskService.ReadAsync</c> and
/// <c>StreamByProjectAsync</c>) where no per-object right applies: change them together. TasksApiTests' guest test and
/// ObjectRightsVisibilityTests cover both.
/// </para>
/// </summary>
public static class Visibility
{
    public static async Task<IQueryable<Project>> VisibleProjectsAsync(this PlanwerkDb db, Caller caller, CancellationToken ct) =>
        db.VisibleProjects(caller, await db.ViewAsync(caller, ct));

    public static async Task<IQueryable<Package>> VisiblePackagesAsync(this PlanwerkDb db, Caller caller, CancellationToken ct) =>
        db.VisiblePackages(caller, await db.ViewAsync(caller, ct));

    public static async Task<IQueryable<ProjectTask>> VisibleTasksAsync(this PlanwerkDb db, Caller caller, CancellationToken ct) =>
        db.VisibleTasks(caller, await db.ViewAsync(caller, ct));

    public static IQueryable<Project> VisibleProjects(this PlanwerkDb db, Caller caller, AccessView view)
    {
        var me = caller.EmployeeId;
        if (view.All)
        {
            return db.Projects;
        }

        if (!view.Applies)
        {
            return caller.IsGuest ? db.Projects.Where(p => db.Tasks.Any(t => t.ProjectId == p.Id && t.ExecutorId == me)) : db.Projects;
        }

        var guest = caller.IsGuest;
        var restricted = view.RestrictedProjects.ToArray();
        var read = view.ReadProjects.ToArray();
        var way = view.WayProjects.ToArray();
        return db.Projects.Where(p => (!guest && !restricted.Contains(p.Id)) || read.Contains(p.Id) || way.Contains(p.Id) || p.OfficerId == me
            || db.Tasks.Any(t => t.ProjectId == p.Id && (t.ExecutorId == me || t.OfficerId == me)));
    }

    public static IQueryable<Package> VisiblePackages(this PlanwerkDb db, Caller caller, AccessView view)
    {
        var me = caller.EmployeeId;
        if (view.All)
        {
            return db.Packages;
        }

        if (!view.Applies)
        {
            return caller.IsGuest ? db.Packages.Where(p => db.Tasks.Any(t => t.ParentPackageId == p.Id && t.ExecutorId == me)) : db.Packages;
        }

        var guest = caller.IsGuest;
        var restrictedProjects = view.RestrictedProjects.ToArray();
        var restricted = view.RestrictedPackages.ToArray();
        var readProjects = view.ReadProjects.ToArray();
        var read = view.ReadPackages.ToArray();
        var way = view.WayPackages.ToArray();
        return db.Packages.Where(p => (!guest && !restrictedProjects.Contains(p.ProjectId) && !restricted.Contains(p.Id))
            || read.Contains(p.Id) || readProjects.Contains(p.ProjectId) || way.Contains(p.Id)
            || db.Tasks.Any(t => t.ParentPackageId == p.Id && (t.ExecutorId == me || t.OfficerId == me)));
    }

    public static IQueryable<ProjectTask> VisibleTasks(this PlanwerkDb db, Caller caller, AccessView view)
    {
        var me = caller.EmployeeId;
        if (view.All)
        {
            return db.Tasks;
        }

        if (!view.Applies)
        {
            return caller.IsGuest ? db.Tasks.Where(t => t.ExecutorId == me) : db.Tasks;
        }

        var guest = caller.IsGuest;
        var restrictedProjects = view.RestrictedProjects.ToArray();
        var restrictedPackages = view.RestrictedPackages.ToArray();
        var restricted = view.RestrictedTasks.ToArray();
        var readProjects = view.ReadProjects.ToArray();
        var readPackages = view.ReadPackages.ToArray();
        var read = view.ReadTasks.ToArray();
        return db.Tasks.Where(t => t.ExecutorId == me || t.OfficerId == me
            || read.Contains(t.Id) || readProjects.Contains(t.ProjectId) || (t.ParentPackageId != null && readPackages.Contains(t.ParentPackageId.Value))
            || (!guest && !restricted.Contains(t.Id) && !restrictedProjects.Contains(t.ProjectId)
                && (t.ParentPackageId == null || !restrictedPackages.Contains(t.ParentPackageId.Value))));
    }
}
