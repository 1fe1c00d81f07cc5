using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Access;

/// <summary>
/// What a caller may read. Everyone but guests reads the whole cloud; a guest reads the tasks they
/// execute and the projects and packages that directly hold them (per-object read rights are a later
/// issue). Rows a caller may not read answer 404, so their existence does not leak.
/// <para>
/// The hottest reads repeat these rules as compiled queries (<c>TaskService.ReadAsync</c> and
/// <c>StreamByProjectAsync</c>): change them together. TasksApiTests' guest test covers both.
/// </para>
/// </summary>
public static class Visibility
{
    public static IQueryable<Project> VisibleProjects(this PlanwerkDb db, Caller caller) => caller.IsGuest
        ? db.Projects.Where(p => db.Tasks.Any(t => t.ProjectId == p.Id && t.ExecutorId == caller.EmployeeId))
        : db.Projects;

    public static IQueryable<Package> VisiblePackages(this PlanwerkDb db, Caller caller) => caller.IsGuest
        ? db.Packages.Where(p => db.Tasks.Any(t => t.ParentPackageId == p.Id && t.ExecutorId == caller.EmployeeId))
        : db.Packages;

    public static IQueryable<ProjectTask> VisibleTasks(this PlanwerkDb db, Caller caller) => caller.IsGuest
        ? db.Tasks.Where(t => t.ExecutorId == caller.EmployeeId)
        : db.Tasks;
}
