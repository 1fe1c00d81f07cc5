using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Teams;

/// <summary>
/// <c>/teams</c>: the cloud's teams and their members, for everyone but guests; AllRights users create, rename, recolour,
/// deactivate and delete teams and add and remove members (the people picker offers the cloud's active users). The rules
/// are TeamService's, as for the API.
/// </summary>
public sealed class TeamsPageModel(TeamService teams, EmployeeService employees) : AppPage
{
    /// <summary>The colours the form offers (a team may hold any <c>#rrggbb</c> the API set; the form keeps it).</summary>
    public static readonly IReadOnlyList<(string Key, string Hex)> Palette =
    [
        ("Red", "#c62828"), ("Orange", "#ef6c00"), ("Yellow", "#f9a825"), ("Green", "#2e7d32"),
        ("Teal", "#00838f"), ("Blue", "#1565c0"), ("Purple", "#6a1b9a"), ("Grey", "#546e7a"),
    ];

    public sealed class TeamForm
    {
        [Display(Name = "Field.Name")]
        [StringLength(Team.NameMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Name { get; set; }

        [Display(Name = "Teams.Color")]
        public string? Color { get; set; }

        [Display(Name = "Teams.Active")]
        public bool IsActive { get; set; } = true;
    }

    protected override Right? Access => Right.Work;

    /// <summary>The new team's form.</summary>
    [BindProperty]
    public TeamForm Input { get; set; } = new();

    /// <summary>A team's form (rename, colour, active) as posted, shown again with its errors under <see cref="EditedId"/>.</summary>
    [BindProperty]
    public TeamForm Edit { get; set; } = new();

    public Guid? EditedId { get; private set; }

    public IReadOnlyList<Team> Teams { get; private set; } = [];

    public ILookup<Guid, TeamMember> Members { get; private set; } = Array.Empty<TeamMember>().ToLookup(m => m.TeamId);

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>The active users the picker offers.</summary>
    public IReadOnlyList<Person> People { get; private set; } = [];

    public bool CanManage => Caller.Has(Right.ManageTeams);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        if (!CanManage)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        if (await TryAsync(errors => teams.CreateAsync(Caller, new TeamInput { Name = Input.Name, Color = Input.Color }, errors, ct)))
        {
            Flash = string.Format(T["Teams.Created"], Input.Name?.Trim());
            return RedirectToPage();
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync([HiddenField] Guid id, CancellationToken ct)
    {
        if (!CanManage)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        var input = new TeamInput { Name = Edit.Name, Color = Edit.Color, IsActive = Edit.IsActive };
        if (await TryAsync(errors => teams.UpdateAsync(Caller, id, input, errors, ct), nameof(Edit)))
        {
            Flash = T["Teams.Saved"];
            return RedirectToPage(null, null, $"team-{id}");
        }

        EditedId = id;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync([HiddenField] Guid id, CancellationToken ct)
    {
        if (!CanManage)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        var team = await teams.DeleteAsync(Caller, id, ct);
        Flash = string.Format(T["Teams.Deleted"], team.Name);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddMemberAsync([HiddenField] Guid id, [Display(Name = "Teams.AddMember")] Guid? employeeId, CancellationToken ct)
    {
        if (!CanManage)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        if (await TryAsync(errors => teams.AddMemberAsync(Caller, id, new Optional<Guid?>(true, employeeId), errors, ct), "Member"))
        {
            Flash = T["Teams.MemberAdded"];
            return RedirectToPage(null, null, $"team-{id}");
        }

        EditedId = id;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveMemberAsync([HiddenField] Guid id, [HiddenField] Guid memberId, CancellationToken ct)
    {
        if (!CanManage)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        await teams.RemoveMemberAsync(Caller, id, memberId, ct);
        Flash = T["Teams.MemberRemoved"];
        return RedirectToPage(null, null, $"team-{id}");
    }

    /// <summary>The name of a colour of the palette, or the code itself.</summary>
    public string ColorName(string hex) =>
        Palette.FirstOrDefault(p => p.Hex == hex) is { Key: not null } known ? T["Teams.Color." + known.Key] : hex;

    /// <summary>A small square of the colour as an image (the Content-Security-Policy runs no style attributes); the colour is <c>#rrggbb</c>.</summary>
    public static string Swatch(string hex) =>
        $"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='14' height='14'%3E%3Crect width='14' height='14' rx='3' fill='%23{hex.TrimStart('#')}'/%3E%3C/svg%3E";

    private async Task LoadAsync(CancellationToken ct)
    {
        Teams = await teams.List(Caller).AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        Names = await employees.NamesAsync(Caller, ct);
        Members = (await teams.Memberships(Caller).AsNoTracking().ToListAsync(ct))
            .OrderBy(m => Names.GetValueOrDefault(m.EmployeeId), StringComparer.CurrentCultureIgnoreCase).ToLookup(m => m.TeamId);
        People = CanManage ? await employees.PickableAsync(Caller, ct) : [];
    }
}
