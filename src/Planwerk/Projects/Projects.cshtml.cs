using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;

namespace Planwerk.Projects;

/// <summary><c>/projects</c>: the projects the caller can see (the API's query), newest number last.</summary>
public sealed class ProjectsModel(ProjectService projects) : FormPage
{
    public IReadOnlyList<Project> Projects { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Projects = await (await projects.VisibleAsync(Caller, ct)).AsNoTracking().OrderBy(p => p.Number).ToListAsync(ct);
        Names = await NamesAsync(ct);
    }
}
