using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Documents;
using Planwerk.Infrastructure.Web;
using Planwerk.Tasks;

namespace Planwerk.Projects;

/// <summary><c>/projects/{id}</c>: a project with its tree of packages and tasks, as far as the caller can see it.</summary>
public sealed class ProjectModel(ProjectService projects, PackageService packages, TaskService tasks, DocumentService documents) : FormPage, IDocumentsPage
{
    public IReadOnlyList<Document> Documents { get; private set; } = [];

    public bool MayChangeDocuments { get; private set; }

    public string NameOf(Guid? employeeId) => employeeId is { } id ? Names.GetValueOrDefault(id) ?? "–" : "–";

    private DocumentTarget DocumentTarget => new(DocumentReferenceType.Project, Id);

    public async Task<IActionResult> OnPostUploadDocumentAsync([Display(Name = "Documents.File")] IFormFile? documentFile,
        [Display(Name = "Documents.TitleField")] string? documentTitle, CancellationToken ct)
    {
        if (!Caller.Has(Right.PlanProjects))
        {
            return ForbiddenPage(); // the group's right first, as the API's route does: before the thing is looked up
        }

        if (await DocumentForms.UploadAsync(this, T, documents, Caller, DocumentTarget, documentFile, documentTitle, ct))
        {
            Flash = T["Documents.Uploaded"];
            return Redirect($"/projects/{Id}#documents");
        }

        await OnGetAsync(Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteDocumentAsync([HiddenField] Guid documentId, CancellationToken ct)
    {
        if (!Caller.Has(Right.PlanProjects))
        {
            return ForbiddenPage();
        }

        await documents.DeleteAsync(Caller, DocumentTarget, documentId, ct);
        Flash = T["Documents.Deleted"];
        return Redirect($"/projects/{Id}#documents");
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Project Project { get; private set; } = null!;

    public IReadOnlyList<Package> Packages { get; private set; } = [];

    public IReadOnlyList<ProjectTask> Tasks { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Whether the caller may change, archive and delete the project (<see cref="ProjectService.MayChangeAsync"/>).</summary>
    public bool MayChange { get; private set; }

    /// <summary>The packages the caller may change and delete (a planner without a write reason on a restricted one may not).</summary>
    public IReadOnlySet<Guid> ChangeablePackages { get; private set; } = new HashSet<Guid>();

    public async Task OnGetAsync(Guid id, CancellationToken ct)
    {
        Project = await projects.GetAsync(Caller, id, ct);
        MayChange = await projects.MayChangeAsync(Caller, Project, ct);
        Packages = await (await packages.ListAsync(Caller, id, ct)).AsNoTracking().OrderBy(p => p.Number).ToListAsync(ct);
        Tasks = await (await tasks.ByProjectAsync(Caller, id, ct)).AsNoTracking().OrderBy(t => t.Number).ToListAsync(ct);
        var changeable = new HashSet<Guid>();
        foreach (var package in Packages)
        {
            if (await packages.MayChangeAsync(Caller, package, ct))
            {
                changeable.Add(package.Id);
            }
        }

        ChangeablePackages = changeable;
        Documents = await (await documents.ListAsync(Caller, new DocumentTarget(DocumentReferenceType.Project, id), ct)).AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        MayChangeDocuments = await documents.MayChangeAsync(Caller, new DocumentTarget(DocumentReferenceType.Project, id), ct);
        Names = await NamesAsync(ct);
    }

    /// <summary>Archives the project or takes it out of the archive (<c>isArchived</c>, as <c>PUT /api/core/projects/{id}</c> sets it).</summary>
    public async Task<IActionResult> OnPostArchiveAsync([HiddenField] bool? archived, CancellationToken ct)
    {
        if (!Caller.Has(Right.PlanProjects))
        {
            return ForbiddenPage();
        }

        var project = await projects.UpdateAsync(Caller, Id, new ProjectInput { IsArchived = Required(archived, "archived") }, Errors(), ct);
        Flash = P[project.IsArchived ? "Projects.Archived" : "Projects.Unarchived", project.Title];
        return Redirect($"/projects/{Id}");
    }

    /// <summary>The packages under <paramref name="parent"/>; a package whose parent the caller cannot see sits at the root.</summary>
    public IEnumerable<Package> PackagesUnder(Guid? parent) => Packages.Where(p =>
        parent is null ? p.ParentPackageId is null || Packages.All(o => o.Id != p.ParentPackageId) : p.ParentPackageId == parent);

    /// <summary>The closed and all visible tasks in <paramref name="package"/> and the packages below it.</summary>
    public (int Done, int Total) Progress(Guid package)
    {
        var within = new HashSet<Guid> { package };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var p in Packages.Where(p => p.ParentPackageId is { } parent && within.Contains(parent)))
            {
                grew |= within.Add(p.Id);
            }
        }

        var tasks = Tasks.Where(t => t.ParentPackageId is { } p && within.Contains(p)).ToList();
        return (tasks.Count(t => t.TaskState == TaskState.Closed), tasks.Count);
    }

    /// <summary>The tasks in <paramref name="package"/>, or at the root (also those whose package the caller cannot see).</summary>
    public IEnumerable<ProjectTask> TasksIn(Guid? package) => Tasks.Where(t =>
        package is null ? t.ParentPackageId is null || Packages.All(p => p.Id != t.ParentPackageId) : t.ParentPackageId == package);
}
