using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Access;

/// <summary>A user's right on an object as factro answers a grant: <c>canEdit</c> is a write right (write includes read).</summary>
public sealed record EmployeeRightDto(Guid Id, Guid EmployeeId, Guid ReferenceId, bool CanEdit, Guid MandantId)
{
    public static EmployeeRightDto From(ObjectRight r) => new(r.Id, r.EmployeeId!.Value, r.ReferenceId, r.CanEdit, r.CloudId);
}

/// <summary>A team's right on an object (each member holds it).</summary>
public sealed record TeamRightDto(Guid Id, Guid TeamId, Guid ReferenceId, bool CanEdit, Guid MandantId)
{
    public static TeamRightDto From(ObjectRight r) => new(r.Id, r.TeamId!.Value, r.ReferenceId, r.CanEdit, r.CloudId);
}

/// <summary>The user who gets the right (an active user of the cloud; guests get read rights only).</summary>
/// <param name="EmployeeId">The user's id.</param>
public sealed record EmployeeRightWrite(Guid EmployeeId);

/// <summary>The team that gets the right.</summary>
/// <param name="TeamId">The team's id.</param>
public sealed record TeamRightWrite(Guid TeamId);

/// <summary>
/// factro's per-object rights routes under a project (<c>/projects/{id}</c>), a package (<c>/projects/{pid}/packages/{id}</c>,
/// and factro's <c>/projects/{pid}/{id}/team_…</c> for the team variants) and a task (<c>/tasks/{id}</c>):
/// <c>GET|PUT …/read_rights</c>, <c>DELETE …/read_rights/{employeeId}</c>, the same for <c>write_rights</c>, and
/// <c>PUT|DELETE …/team_read_rights[/{teamId}]</c>, <c>…/team_write_rights[/{teamId}]</c>. Team plan and up.
/// </summary>
public static class ObjectRightsApi
{
    /// <summary>Maps the rights routes on an object's group (its route has <c>{id}</c>, a package's also <c>{pid}</c>).</summary>
    public static void MapObjectRights(this RouteGroupBuilder item, ObjectKind kind, bool teamRoutesOnly = false)
    {
        var name = kind.ToString();
        var rights = item.MapGroup("/").RequirePlanFeature(PlanFeature.ObjectRights);
        if (!teamRoutesOnly)
        {
            foreach (var write in new[] { false, true })
            {
                var level = write ? "write" : "read";
                var title = write ? "Write" : "Read";
                rights.MapGet($"/{level}_rights", (HttpContext http, ObjectRightService service, CancellationToken ct) => Reasons(http, service, kind, write, ct))
                    .Require(Right.Work, "see who holds rights").Produces<Dictionary<Guid, List<RightReason>>>()
                    .WithName($"Get{name}{title}Rights").WithSummary($"Who may {level} the {name.ToLowerInvariant()} and why, by user id");
                rights.MapPut($"/{level}_rights", (JsonElement body, HttpContext http, ObjectRightService service, CancellationToken ct) => GrantEmployee(body, http, service, kind, write, ct))
                    .Require(Right.ManageObjectRights, "grant rights").WithMetadata(new RequestBodyDoc(typeof(EmployeeRightWrite)))
                    .WithName($"Grant{name}{title}Right").WithSummary($"Give a user a {level} right on the {name.ToLowerInvariant()}; returns the right");
                rights.MapDelete($"/{level}_rights/{{employeeId:guid}}", (Guid employeeId, HttpContext http, ObjectRightService service, CancellationToken ct) => RevokeEmployee(employeeId, http, service, kind, write, ct))
                    .Require(Right.ManageObjectRights, "revoke rights")
                    .WithName($"Revoke{name}{title}Right").WithSummary(write ? $"Take a user's write right on the {name.ToLowerInvariant()} (a read right stays)" : $"Take a user's right on the {name.ToLowerInvariant()} (read and write)");
            }
        }

        foreach (var write in new[] { false, true })
        {
            var level = write ? "write" : "read";
            var title = write ? "Write" : "Read";
            var suffix = teamRoutesOnly ? "Quirk" : string.Empty;
            rights.MapPut($"/team_{level}_rights", (JsonElement body, HttpContext http, ObjectRightService service, CancellationToken ct) => GrantTeam(body, http, service, kind, write, ct))
                .Require(Right.ManageObjectRights, "grant rights").WithMetadata(new RequestBodyDoc(typeof(TeamRightWrite)))
                .WithName($"Grant{name}Team{title}Right{suffix}").WithSummary($"Give a team a {level} right on the {name.ToLowerInvariant()}; returns the right");
            rights.MapDelete($"/team_{level}_rights/{{teamId:guid}}", (Guid teamId, HttpContext http, ObjectRightService service, CancellationToken ct) => RevokeTeam(teamId, http, service, kind, write, ct))
                .Require(Right.ManageObjectRights, "revoke rights")
                .WithName($"Revoke{name}Team{title}Right{suffix}").WithSummary(write ? $"Take a team's write right on the {name.ToLowerInvariant()} (a read right stays)" : $"Take a team's right on the {name.ToLowerInvariant()} (read and write)");
        }
    }

    private static RightTarget TargetOf(HttpContext http, ObjectKind kind)
    {
        var values = http.Request.RouteValues;
        var id = Guid.Parse((string)values["id"]!);
        Guid? project = values.TryGetValue("pid", out var pid) && pid is string p ? Guid.Parse(p) : null;
        return new RightTarget(kind, id, project);
    }

    private static async Task<Ok<Dictionary<Guid, List<RightReason>>>> Reasons(HttpContext http, ObjectRightService service, ObjectKind kind, bool write, CancellationToken ct) =>
        TypedResults.Ok(new Dictionary<Guid, List<RightReason>>(await service.ReasonsAsync(http.Caller(), TargetOf(http, kind), write, ct)));

    private static async Task<Ok<EmployeeRightDto>> GrantEmployee(JsonElement body, HttpContext http, ObjectRightService service, ObjectKind kind, bool write, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var right = await service.GrantAsync(http.Caller(), TargetOf(http, kind), team: false, input.Guid("employeeId"), write, input, ct);
        return TypedResults.Ok(EmployeeRightDto.From(right));
    }

    private static async Task<Ok<TeamRightDto>> GrantTeam(JsonElement body, HttpContext http, ObjectRightService service, ObjectKind kind, bool write, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var right = await service.GrantAsync(http.Caller(), TargetOf(http, kind), team: true, input.Guid("teamId"), write, input, ct);
        return TypedResults.Ok(TeamRightDto.From(right));
    }

    private static async Task<Ok<EmployeeRightDto>> RevokeEmployee(Guid employeeId, HttpContext http, ObjectRightService service, ObjectKind kind, bool write, CancellationToken ct) =>
        TypedResults.Ok(EmployeeRightDto.From(await service.RevokeAsync(http.Caller(), TargetOf(http, kind), team: false, employeeId, writeOnly: write, ct)));

    private static async Task<Ok<TeamRightDto>> RevokeTeam(Guid teamId, HttpContext http, ObjectRightService service, ObjectKind kind, bool write, CancellationToken ct) =>
        TypedResults.Ok(TeamRightDto.From(await service.RevokeAsync(http.Caller(), TargetOf(http, kind), team: true, teamId, writeOnly: write, ct)));
}
