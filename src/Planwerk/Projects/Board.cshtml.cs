using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Web;
using Planwerk.Tasks;

namespace Planwerk.Projects;

/// <summary>
/// <c>/projects/{id}/board</c>: factro's board view — the project's visible tasks as one column per task state, filtered by
/// executor and package (the query string). A card is moved by a small form of its own ("move to" a state, then a post that
/// redirects back with the same filters), so it works by keyboard and without script; the move is
/// <see cref="TaskService.SetStateAsync"/>, as on the task page and in the API, and a card shows the form only where that
/// service would allow it (<see cref="TaskService.StateSettableAsync"/>: a reader without a write right sees no form).
/// </summary>
public sealed class BoardModel(ProjectService projects, PackageService packages, TaskService tasks) : FormPage
{
    /// <summary>The filter value for "no executor" and for "at the project's root" (no package).</summary>
    public const string None = "none";

    /// <summary>At most this many cards are shown (the lowest numbers); a banner says so and the filters narrow it.</summary>
    public const int MaxCards = 500;

    /// <summary>The columns, in the order the task page offers the states.</summary>
    public static readonly IReadOnlyList<TaskState> Columns = Enum.GetValues<TaskState>();

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    /// <summary>A user id, <see cref="None"/>, or nothing (everyone).</summary>
    [BindProperty(SupportsGet = true, Name = "executor")]
    public string? ExecutorFilter { get; set; }

    /// <summary>A package id (with its sub-packages), <see cref="None"/> (the project's root), or nothing (all).</summary>
    [BindProperty(SupportsGet = true, Name = "package")]
    public string? PackageFilter { get; set; }

    public Project Project { get; private set; } = null!;

    public IReadOnlyList<Package> Packages { get; private set; } = [];

    public IReadOnlyList<ProjectTask> Cards { get; private set; } = [];

    /// <summary>True when more tasks match than <see cref="MaxCards"/>.</summary>
    public bool Truncated { get; private set; }

    /// <summary>The executors the filter offers: everyone who executes a task of the project the caller can see.</summary>
    public IReadOnlyList<Guid> Executors { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The card whose move was refused (its form shows the error).</summary>
    public Guid? RefusedTask { get; private set; }

    private Func<ProjectTask, bool> mayMove = _ => false;

    public bool Filtered => ExecutorFilter is { Length: > 0 } || PackageFilter is { Length: > 0 };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostMoveAsync([HiddenField] Guid taskId,
        [Display(Name = "Board.MoveTo")][ApiField("taskState", "state")] TaskState? state, CancellationToken ct)
    {
        var task = await tasks.ReadAsync(Caller, taskId, ct);
        if (task.ProjectId != Id)
        {
            return NotFound(); // a card of this board only: another project's task is moved on its own board
        }

        if (state is null && ModelState.IsValid)
        {
            ModelState.AddModelError("state", T["Validation.Required", P["Board.MoveTo"]]);
        }

        if (await TryAsync(errors => tasks.SetStateAsync(Caller, taskId, state, null, errors, ct), string.Empty))
        {
            Flash = P["Board.Moved", $"#{task.Number} {task.Title}", P["TaskState." + state]];
            return Redirect(BoardUrl(Id, ExecutorFilter, PackageFilter) + $"#task-{taskId}");
        }

        RefusedTask = taskId;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The board's address with the given filters (empty ones left out).</summary>
    public static string BoardUrl(Guid project, string? executor, string? package)
    {
        var query = new List<string>();
        if (executor is { Length: > 0 })
        {
            query.Add("executor=" + Uri.EscapeDataString(executor));
        }

        if (package is { Length: > 0 })
        {
            query.Add("package=" + Uri.EscapeDataString(package));
        }

        return $"/projects/{project}/board" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
    }

    /// <summary>A package's title with those of the packages above it (as far as the caller sees them): "Design / Logo".</summary>
    public string PathOf(Package package)
    {
        var titles = new List<string> { package.Title };
        var seen = new HashSet<Guid> { package.Id };
        for (var parent = package.ParentPackageId; parent is { } p && seen.Add(p) && Packages.FirstOrDefault(x => x.Id == p) is { } up; parent = up.ParentPackageId)
        {
            titles.Insert(0, up.Title);
        }

        return string.Join(" / ", titles);
    }

    public Package? PackageOf(ProjectTask task) => task.ParentPackageId is { } id ? Packages.FirstOrDefault(p => p.Id == id) : null;

    public IEnumerable<ProjectTask> CardsIn(TaskState state) => Cards.Where(t => t.TaskState == state);

    /// <summary>Whether the card shows its "move to" form: the whole rule of <see cref="TaskService.SetStateAsync"/>.</summary>
    public bool MayMove(ProjectTask task) => mayMove(task);

    private async Task LoadAsync(CancellationToken ct)
    {
        Project = await projects.GetAsync(Caller, Id, ct);
        Packages = await (await packages.ListAsync(Caller, Id, ct)).AsNoTracking().OrderBy(p => p.Number).ToListAsync(ct);
        var visible = await tasks.ByProjectAsync(Caller, Id, ct);
        Executors = await visible.Where(t => t.ExecutorId != null).Select(t => t.ExecutorId!.Value).Distinct().ToListAsync(ct);

        var query = visible.AsNoTracking();
        if (ExecutorFilter == None)
        {
            query = query.Where(t => t.ExecutorId == null);
        }
        else if (Guid.TryParse(ExecutorFilter, out var executor))
        {
            query = query.Where(t => t.ExecutorId == executor);
        }

        if (PackageFilter == None)
        {
            query = query.Where(t => t.ParentPackageId == null);
        }
        else if (Guid.TryParse(PackageFilter, out var package))
        {
            var within = Within(package);
            query = query.Where(t => t.ParentPackageId != null && within.Contains(t.ParentPackageId.Value));
        }

        var cards = await query.OrderBy(t => t.Number).Take(MaxCards + 1).ToListAsync(ct);
        Truncated = cards.Count > MaxCards;
        Cards = Truncated ? cards[..MaxCards] : cards;
        mayMove = await tasks.StateSettableAsync(Caller, ct);
        Names = await NamesAsync(ct);
        Executors = [.. Executors.OrderBy(e => Names.GetValueOrDefault(e), StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>The package and every package below it that the caller can see.</summary>
    private List<Guid> Within(Guid package)
    {
        var within = new List<Guid> { package };
        for (var i = 0; i < within.Count; i++)
        {
            within.AddRange(Packages.Where(p => p.ParentPackageId == within[i] && !within.Contains(p.Id)).Select(p => p.Id));
        }

        return within;
    }
}
