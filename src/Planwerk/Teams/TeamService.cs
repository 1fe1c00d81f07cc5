using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Teams;

/// <summary>A team. On POST <c>name</c> is required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>TeamWrite</c>).</remarks>
public sealed record TeamInput
{
    /// <summary>At most 100 characters (trimmed), unique in the cloud.</summary>
    public Optional<string?> Name { get; init; }

    /// <summary>A hex colour, <c>#rrggbb</c>; null or empty clears it.</summary>
    public Optional<string?> Color { get; init; }

    /// <summary>false marks the team inactive (it keeps its members).</summary>
    public Optional<bool?> IsActive { get; init; }
}

/// <summary>
/// The rules for teams and their members. Everyone but guests reads them (<see cref="Right.Work"/>); AllRights users
/// manage them (<see cref="Right.ManageTeams"/>); on every plan. Webhook events come from the change tracker
/// (<c>TeamCreated</c>, <c>TeamUpdated</c>, <c>TeamDeleted</c>, <c>TeamMemberAdded</c>, <c>TeamMemberRemoved</c>);
/// deleting a team removes its memberships without an event per membership.
/// </summary>
public sealed partial class TeamService(PlanwerkDb db, TimeProvider time)
{
    /// <summary>The cloud's teams.</summary>
    public IQueryable<Team> List(Caller caller)
    {
        Rights.Require(caller, Right.Work, "see teams");
        return db.Teams;
    }

    public async Task<Team> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await List(caller).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("Team", id);

    public async Task<Team> CreateAsync(Caller caller, TeamInput input, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageTeams, "create teams");
        await ValidateAsync(null, input, errors, ct);
        var team = new Team { Name = string.Empty, CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(team, input);
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return team;
    }

    public async Task<Team> UpdateAsync(Caller caller, Guid id, TeamInput input, IInputErrors errors, CancellationToken ct)
    {
        var team = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.ManageTeams, "change teams");
        await ValidateAsync(team, input, errors, ct);
        Apply(team, input);
        await db.SaveChangesAsync(ct);
        return team;
    }

    /// <summary>Deletes a team with its memberships (one <c>TeamDeleted</c>, no event per membership); returns it as it was.</summary>
    public async Task<Team> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var team = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.ManageTeams, "delete teams");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.TeamMembers.Where(m => m.TeamId == id).ExecuteDeleteAsync(ct);
        db.Teams.Remove(team);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return team;
    }

    /// <summary>Every membership of the cloud's teams (for a page that shows all teams at once).</summary>
    public IQueryable<TeamMember> Memberships(Caller caller)
    {
        Rights.Require(caller, Right.Work, "see teams");
        return db.TeamMembers;
    }

    /// <summary>The memberships of a team the caller can see, deactivated users' too.</summary>
    public async Task<IQueryable<TeamMember>> MembersAsync(Caller caller, Guid teamId, CancellationToken ct)
    {
        await GetAsync(caller, teamId, ct);
        return db.TeamMembers.Where(m => m.TeamId == teamId);
    }

    /// <summary>
    /// Makes a user a member (idempotent: a member already answers their membership, also once deactivated). Anyone else
    /// must be an active user of the cloud (422 <c>unknown_user</c> at <c>/employeeId</c>, as for officers and executors).
    /// </summary>
    public async Task<TeamMember> AddMemberAsync(Caller caller, Guid teamId, Optional<Guid?> employeeId, IInputErrors errors, CancellationToken ct)
    {
        await GetAsync(caller, teamId, ct);
        Rights.Require(caller, Right.ManageTeams, "change the members of teams");
        if (employeeId.Value is null)
        {
            errors.Invalid("employeeId", "required", "employeeId is required.");
        }

        errors.ThrowIfInvalid(); // a malformed id (400) before a missing one (422)
        var id = employeeId.Value!.Value;
        if (await FindMemberAsync(teamId, id, ct) is { } existing)
        {
            return existing;
        }

        await errors.ActiveUserAsync(db, "employeeId", employeeId, ct);
        errors.ThrowIfInvalid();

        var member = new TeamMember { TeamId = teamId, EmployeeId = id, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.TeamMembers.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Added at the same moment by another request (the unique index on team and user): that one's membership is the
            // answer. The failed membership and its webhook event go; the winner's event was written with the winner.
            db.ChangeTracker.Clear();
            if (await FindMemberAsync(teamId, id, ct) is { } winner)
            {
                return winner;
            }

            throw;
        }

        return member;
    }

    /// <summary>Ends a membership (by the membership's id); returns it.</summary>
    public async Task<TeamMember> RemoveMemberAsync(Caller caller, Guid teamId, Guid teamMemberId, CancellationToken ct)
    {
        await GetAsync(caller, teamId, ct);
        Rights.Require(caller, Right.ManageTeams, "change the members of teams");
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == teamMemberId, ct)
            ?? throw DomainException.NotFound("Team member", teamMemberId);
        db.TeamMembers.Remove(member);
        await db.SaveChangesAsync(ct);
        return member;
    }

    private Task<TeamMember?> FindMemberAsync(Guid teamId, Guid employeeId, CancellationToken ct) =>
        db.TeamMembers.AsNoTracking().FirstOrDefaultAsync(m => m.TeamId == teamId && m.EmployeeId == employeeId, ct);

    private async Task ValidateAsync(Team? team, TeamInput input, IInputErrors errors, CancellationToken ct)
    {
        var name = input.Name.Value?.Trim();
        if (errors.RequiredText("name", input.Name, mustBeSent: team is null) && name is not null)
        {
            errors.MaxLength("name", name, Team.NameMaxLength);
            if (name.Length <= Team.NameMaxLength && name != team?.Name && await db.Teams.AnyAsync(t => t.Name == name, ct))
            {
                errors.Invalid("name", "duplicate", $"A team named \"{name}\" exists already.");
            }
        }

        if (input.Color.Value is { } color && !string.IsNullOrWhiteSpace(color) && !HexColor().IsMatch(color.Trim()))
        {
            errors.Invalid("color", "invalid", $"color must be a hex colour such as #3366cc, not \"{color}\".");
        }

        if (input.IsActive is { HasValue: true, Value: null })
        {
            errors.Invalid("isActive", "required", "isActive must be true or false.");
        }

        errors.ThrowIfInvalid();
    }

    private static void Apply(Team team, TeamInput input)
    {
        if (input.Name is { HasValue: true, Value: { } name }) team.Name = name.Trim();
        if (input.Color.HasValue) team.Color = string.IsNullOrWhiteSpace(input.Color.Value) ? null : input.Color.Value.Trim().ToLowerInvariant();
        if (input.IsActive is { HasValue: true, Value: { } active }) team.IsActive = active;
    }

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();
}
