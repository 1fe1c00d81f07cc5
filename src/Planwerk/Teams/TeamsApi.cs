using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Teams;

/// <summary>A team as factro returns it.</summary>
public sealed record TeamDto(Guid Id, string Name, string? Color, bool IsActive, Guid MandantId)
{
    public static TeamDto From(Team t) => new(t.Id, t.Name, t.Color, t.IsActive, t.CloudId);
}

/// <summary>A membership as factro returns it: <c>id</c> is the membership's (the one <c>DELETE …/members/{teamMemberId}</c> takes).</summary>
public sealed record TeamMemberDto(Guid Id, Guid TeamId, Guid EmployeeId, Guid MandantId)
{
    public static TeamMemberDto From(TeamMember m) => new(m.Id, m.TeamId, m.EmployeeId, m.CloudId);
}

/// <summary>A user to add to a team (an active user of the cloud); adding a member again answers the same membership.</summary>
/// <param name="EmployeeId">The user's id.</param>
public sealed record TeamMemberWrite(Guid EmployeeId);

/// <summary>
/// factro's teams: <c>GET|POST /teams</c>, <c>GET|PUT|DELETE /teams/{id}</c>, <c>GET|PUT /teams/{id}/members</c>,
/// <c>DELETE /teams/{id}/members/{teamMemberId}</c>. Everyone but guests reads; AllRights users manage; every plan.
/// </summary>
public static class TeamsApi
{
    public static void MapTeams(this RouteGroupBuilder api)
    {
        var teams = api.MapGroup("/teams").WithTags("Teams").Require(Right.Work, "see teams");
        teams.MapGet("/", ListTeams).Produces<List<TeamDto>>().WithName("ListTeams").WithSummary("The cloud's teams");
        teams.MapPost("/", CreateTeam).Require(Right.ManageTeams, "create teams").WithMetadata(new RequestBodyDoc(typeof(TeamInput), Name: "TeamWrite")).WithName("CreateTeam").WithSummary("Create a team");

        var team = teams.MapGroup("/{id:guid}");
        team.MapGet("/", GetTeam).WithName("GetTeam").WithSummary("One team");
        team.MapPut("/", UpdateTeam).Require(Right.ManageTeams, "change teams").WithMetadata(new RequestBodyDoc(typeof(TeamInput), Name: "TeamWrite")).WithName("UpdateTeam").WithSummary("Change a team (only the fields sent)");
        team.MapDelete("/", DeleteTeam).Require(Right.ManageTeams, "delete teams").WithName("DeleteTeam").WithSummary("Delete a team with its memberships; returns it");
        team.MapGet("/members", ListMembers).Produces<List<TeamMemberDto>>().WithName("ListTeamMembers").WithSummary("The memberships of a team");
        team.MapPut("/members", AddMember).Require(Right.ManageTeams, "change the members of teams").WithMetadata(new RequestBodyDoc(typeof(TeamMemberWrite)))
            .WithName("AddTeamMember").WithSummary("Add a user to a team (a member already answers their membership); returns the membership");
        team.MapDelete("/members/{teamMemberId:guid}", RemoveMember).Require(Right.ManageTeams, "change the members of teams")
            .WithName("RemoveTeamMember").WithSummary("End a membership (by the membership's id); returns it");
    }

    private static Task<Listed<TeamDto>> ListTeams(HttpContext http, TeamService teams, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, teams.List(http.Caller()), t => TeamDto.From(t), limit, cursor, ct);

    private static async Task<Ok<TeamDto>> GetTeam(Guid id, HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(TeamDto.From(await teams.GetAsync(http.Caller(), id, ct)));

    private static async Task<Created<TeamDto>> CreateTeam(JsonElement body, HttpContext http, TeamService teams, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var team = await teams.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/teams/{team.Id}", TeamDto.From(team));
    }

    private static async Task<Ok<TeamDto>> UpdateTeam(Guid id, JsonElement body, HttpContext http, TeamService teams, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(TeamDto.From(await teams.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<TeamDto>> DeleteTeam(Guid id, HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(TeamDto.From(await teams.DeleteAsync(http.Caller(), id, ct)));

    private static async Task<Listed<TeamMemberDto>> ListMembers(Guid id, HttpContext http, TeamService teams, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await teams.MembersAsync(http.Caller(), id, ct), m => TeamMemberDto.From(m), limit, cursor, ct);

    private static async Task<Ok<TeamMemberDto>> AddMember(Guid id, JsonElement body, HttpContext http, TeamService teams, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var member = await teams.AddMemberAsync(http.Caller(), id, input.Guid("employeeId"), input, ct);
        return TypedResults.Ok(TeamMemberDto.From(member));
    }

    private static async Task<Ok<TeamMemberDto>> RemoveMember(Guid id, Guid teamMemberId, HttpContext http, TeamService teams, CancellationToken ct) =>
        TypedResults.Ok(TeamMemberDto.From(await teams.RemoveMemberAsync(http.Caller(), id, teamMemberId, ct)));

    internal static TeamInput Read(JsonBody body) => new()
    {
        Name = body.String("name"),
        Color = body.String("color"),
        IsActive = body.Bool("isActive"),
    };
}
