using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Projects;

/// <summary><c>/projects</c>: the projects the caller can see (the API's query), newest number last.</summary>
public sealed class ProjectsModel(PlanwerkDb db) : FormPage
{
    public IReadOnlyList<Project> Projects { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Projects = await db.VisibleProjects(Caller).AsNoTracking().OrderBy(p => p.Number).ToListAsync(ct);
        Names = await NamesAsync(db, ct);
    }
}
