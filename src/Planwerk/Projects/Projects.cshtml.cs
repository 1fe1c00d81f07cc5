using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;

namespace Planwerk.Projects;

/// <summary>
/// <c>/projects</c>: the projects the caller can see (the API's query), searched by title (<c>q</c>), filtered by state
/// (<c>state</c>), the current ones or the archived ones (<c>archived</c>), and sorted by number, title, planned start or planned end (<c>sort</c>), a page of
/// <see cref="PageSize"/> at a time (<c>page</c>); the links to the other pages keep the search, filter and sort.
/// </summary>
public sealed class ProjectsModel(ProjectService projects, CloudService clouds) : FormPage
{
    public const int PageSize = 50;

    /// <summary>The orders the list offers (<c>sort</c>), the first the default.</summary>
    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
        [("number", "Field.Number"), ("title", "Field.Title"), ("start", "Field.PlannedStart"), ("end", "Field.PlannedEnd")];

    public IReadOnlyList<Project> Projects { get; private set; } = [];

    /// <summary>The owner's first-run checklist, until every step is done (null then, and for everyone else).</summary>
    public FirstRunSteps? FirstRun { get; private set; }

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public string? Search { get; private set; }

    public ProjectState? State { get; private set; }

    public string Sort { get; private set; } = "number";

    public int PageNumber { get; private set; } = 1;

    public int PageCount { get; private set; } = 1;

    public int Total { get; private set; }

    /// <summary>The archive instead of the current projects (<c>archived=true</c>): archived projects are hidden in the list otherwise.</summary>
    public bool Archived { get; private set; }

    public bool Filtered => Search is not null || State is not null || Sort != "number" || Archived;

    // "page" only from the query string: it is also the route value that names a Razor page.
    public async Task OnGetAsync(string? q, string? state, string? sort, bool? archived, [FromQuery(Name = "page")] int? page, CancellationToken ct)
    {
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        State = Enum.TryParse<ProjectState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null;
        Sort = Sorts.Any(x => x.Value == sort) ? sort! : "number";

        Archived = archived == true;
        var query = (await projects.VisibleAsync(Caller, ct)).AsNoTracking().Where(p => p.IsArchived == Archived);
        if (Search is { } term)
        {
            // Both sides lower-cased, so the search ignores case on both providers (SQLite's lower() folds ASCII letters
            // only); the term's own % and _ are escaped, they are letters to find, not wildcards.
            var pattern = "%" + term.ToLowerInvariant().Replace(@"\", @"\\", StringComparison.Ordinal)
                .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            query = query.Where(p => EF.Functions.Like(p.Title.ToLower(), pattern, @"\"));
        }

        if (State is { } only)
        {
            query = query.Where(p => p.ProjectState == only);
        }

        query = Sort switch
        {
            "title" => query.OrderBy(p => p.Title.ToLower()).ThenBy(p => p.Number),
            "start" => query.OrderBy(p => p.PlannedStartDate == null).ThenBy(p => p.PlannedStartDate).ThenBy(p => p.Number),
            "end" => query.OrderBy(p => p.PlannedEndDate == null).ThenBy(p => p.PlannedEndDate).ThenBy(p => p.Number),
            _ => query.OrderBy(p => p.Number),
        };

        Total = await query.CountAsync(ct);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(page ?? 1, 1, PageCount);
        Projects = await query.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        Names = await NamesAsync(ct);
        FirstRun = await clouds.FirstRunAsync(Caller, ct) is { Done: false } steps ? steps : null;
    }

    /// <summary>This list's address on another page, with the same search, filter and sort (defaults left out).</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Search is { } q)
        {
            query.Add("q=" + Uri.EscapeDataString(q));
        }

        if (State is { } state)
        {
            query.Add("state=" + state);
        }

        if (Sort != "number")
        {
            query.Add("sort=" + Sort);
        }

        if (Archived)
        {
            query.Add("archived=true");
        }

        if (page > 1)
        {
            query.Add("page=" + page);
        }

        return "/projects" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
    }
}
