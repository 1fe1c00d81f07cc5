using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Teams;

namespace Planwerk.Access;

/// <summary>
/// <c>/rights/{kind}/{id}</c> (a package also <c>?project=</c>): the rights panel of a project, package or task — who may
/// read and write it and why, the rights held on it, and, for planners who may change it, granting and revoking users'
/// and teams' rights. The rules are ObjectRightService's, as for the API (team plan and up).
/// </summary>
public sealed class RightsPageModel(ObjectRightService rights, ProjectService projects, PackageService packages, TaskService tasks,
    EmployeeService employees, TeamService teams) : AppPage
{
    public sealed class GrantForm
    {
        /// <summary><c>user:{id}</c> or <c>team:{id}</c>.</summary>
        [Display(Name = "Rights.Holder")]
        [ApiField("employeeId", "teamId")]
        public string? Holder { get; set; }

        [Display(Name = "Rights.Level")]
        public bool Write { get; set; }
    }

    protected override Right? Access => Right.Work;

    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Project { get; set; }

    [BindProperty]
    public GrantForm Input { get; set; } = new();

    public string Title { get; private set; } = string.Empty;

    public string BackUrl { get; private set; } = "/projects";

    public bool Available => Has(PlanFeature.ObjectRights);

    public bool CanManage { get; private set; }

    public IReadOnlyDictionary<Guid, List<RightReason>> Readers { get; private set; } = new Dictionary<Guid, List<RightReason>>();

    public IReadOnlySet<Guid> Writers { get; private set; } = new HashSet<Guid>();

    public IReadOnlyList<ObjectRight> Held { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyDictionary<Guid, string> TeamNames { get; private set; } = new Dictionary<Guid, string>();

    public IReadOnlyList<Person> People { get; private set; } = [];

    private RightTarget Target => new(Kind switch
    {
        "project" => ObjectKind.Project,
        "package" => ObjectKind.Package,
        "task" => ObjectKind.Task,
        _ => throw Infrastructure.Errors.DomainException.NotFound($"No page for rights on \"{Kind}\"."),
    }, Id, Project);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        var (team, holder) = Parse(Input.Holder);
        if (await TryAsync(errors => rights.GrantAsync(Caller, Target, team, new Optional<Guid?>(true, holder), Input.Write, errors, ct)))
        {
            Flash = T["Rights.Granted"];
            return Redirect(PageUrl());
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync([HiddenField] string holder, [HiddenField] bool writeOnly, CancellationToken ct)
    {
        var (team, id) = Parse(holder);
        await rights.RevokeAsync(Caller, Target, team, id ?? Guid.Empty, writeOnly, ct);
        Flash = T["Rights.Revoked"];
        return Redirect(PageUrl());
    }

    /// <summary>The page's own address (post/redirect/get).</summary>
    public string PageUrl() => $"/rights/{Kind}/{Id}{(Project is { } p ? $"?project={p}" : string.Empty)}";

    public string HolderName(ObjectRight r) => r.EmployeeId is { } e
        ? Names.GetValueOrDefault(e) ?? e.ToString()
        : string.Format(T["Rights.TeamNamed"], TeamNames.GetValueOrDefault(r.TeamId!.Value) ?? r.TeamId.ToString());

    /// <summary>A reason in the page's language, naming the team when it is a team's.</summary>
    public string Describe(RightReason reason) => reason.TeamId is { } team
        ? string.Format(T["Rights.Reason." + reason.Reason], TeamNames.GetValueOrDefault(team) ?? team.ToString())
        : T["Rights.Reason." + reason.Reason];

    private static (bool Team, Guid? Id) Parse(string? holder) => holder?.Split(':', 2) switch
    {
        ["team", var id] when Guid.TryParse(id, out var g) => (true, g),
        ["user", var id] when Guid.TryParse(id, out var g) => (false, g),
        _ => (false, null),
    };

    private async Task LoadAsync(CancellationToken ct)
    {
        var target = Target;
        switch (target.Kind)
        {
            case ObjectKind.Project:
                var project = await projects.GetAsync(Caller, Id, ct);
                (Title, BackUrl) = (project.Title, $"/projects/{project.Id}");
                break;
            case ObjectKind.Package:
                var package = await packages.GetAsync(Caller, Project ?? Guid.Empty, Id, ct);
                (Title, BackUrl) = (package.Title, $"/projects/{package.ProjectId}");
                break;
            default:
                var task = await tasks.GetAsync(Caller, Id, ct);
                (Title, BackUrl) = ($"#{task.Number} {task.Title}", $"/tasks/{task.Id}");
                break;
        }

        if (!Available)
        {
            return;
        }

        Readers = await rights.ReasonsAsync(Caller, target, write: false, ct);
        Writers = (await rights.ReasonsAsync(Caller, target, write: true, ct)).Keys.ToHashSet();
        Held = await rights.OnAsync(Caller, target, ct);
        Names = await employees.NamesAsync(Caller, ct);
        TeamNames = await teams.List(Caller).AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        CanManage = await rights.MayManageAsync(Caller, target, ct);
        People = CanManage ? await employees.PickableAsync(Caller, ct) : [];
    }
}
