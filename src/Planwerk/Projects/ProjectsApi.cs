using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Documents;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Tags;

namespace Planwerk.Projects;

/// <summary>A project as factro returns it.</summary>
public sealed record ProjectDto(Guid Id, string Title, string? Description, ProjectState ProjectState, int? Priority, bool IsArchived,
    bool IsDraft, DateTime? StartDate, DateTime? EndDate, DateTime? PlannedStartDate, DateTime? PlannedEndDate, DateTime CreationDate,
    DateTime ChangeDate, Guid? CreatorId, Guid? OfficerId, Guid? CompanyId, Guid? CompanyContactId, int? PlannedEffort, int RealizedEffort,
    int? RemainingEffort, int Number, string? ColorScheme, JsonElement CustomFields, Guid MandantId)
{
    public static ProjectDto From(Project p) => new(p.Id, p.Title, p.Description, p.ProjectState, p.Priority, p.IsArchived, p.IsDraft,
        p.StartDate, p.EndDate, p.PlannedStartDate, p.PlannedEndDate, p.CreationDate, p.ChangeDate, p.CreatorId, p.OfficerId, p.CompanyId,
        p.CompanyContactId, p.PlannedEffort, p.RealizedEffort, p.RemainingEffort, p.Number, p.ColorScheme, CustomFieldsJson.Parse(p.CustomFields), p.CloudId);
}

/// <summary>A node of <c>GET /projects/{id}/structure</c>.</summary>
public sealed record StructureNode(Guid Id, string Type, string Title, IReadOnlyList<StructureNode> Children);

/// <summary>factro's projects: <c>/api/core/projects…</c>.</summary>
public static class ProjectsApi
{
    public const int BatchLimit = 500;

    public static void MapProjects(this RouteGroupBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");
        projects.MapGet("/", List).WithName("ListProjects").WithSummary("All projects the caller can see");
        projects.MapPost("/", Create).Require(Right.PlanProjects, "create projects").WithMetadata(new RequestBodyDoc(typeof(ProjectInput), Name: "ProjectWrite")).WithName("CreateProject").WithSummary("Create a project");
        projects.MapPost("/projects", CreateMany).Require(Right.PlanProjects, "create projects").WithMetadata(new RequestBodyDoc(typeof(ProjectInput), IsArray: true, Name: "ProjectWrite")).WithName("CreateProjects").WithSummary("Create many projects (all or none)");
        projects.MapPut("/projects", UpdateMany).Require(Right.PlanProjects, "change projects").WithMetadata(new RequestBodyDoc(typeof(ProjectInput), IsArray: true, Name: "ProjectWrite")).WithName("UpdateProjects").WithSummary("Change many projects, each item with its id (all or none)");
        projects.MapTagList(TagKind.Project, Right.PlanProjects);

        var project = projects.MapGroup("/{id:guid}");
        project.MapGet("/", Get).WithName("GetProject").WithSummary("One project");
        project.MapPut("/", Update).Require(Right.PlanProjects, "change projects").WithMetadata(new RequestBodyDoc(typeof(ProjectInput), Name: "ProjectWrite")).WithName("UpdateProject").WithSummary("Change a project (only the fields sent)");
        project.MapDelete("/", Delete).Require(Right.PlanProjects, "delete projects").WithName("DeleteProject").WithSummary("Delete a project with its packages and tasks; returns it");
        project.MapGet("/structure", Structure).WithName("GetProjectStructure").WithSummary("The project's tree of packages and tasks");
        project.MapComments(CommentReferenceType.Project);
        project.MapDocuments(DocumentReferenceType.Project, Right.PlanProjects);
        project.MapObjectRights(ObjectKind.Project);
        project.MapTagging(TagKind.Project, Right.PlanProjects);
        project.MapCrmLinks<Project, ProjectDto>("project", (http, id, ct) => http.RequestServices.GetRequiredService<ProjectService>().GetWritableAsync(http.Caller(), id, "change projects", ct),
            Right.PlanProjects, p => ProjectDto.From(p));
    }

    private static async Task<Listed<ProjectDto>> List(HttpContext http, ProjectService projects, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await projects.VisibleAsync(http.Caller(), ct), p => ProjectDto.From(p), limit, cursor, ct);

    private static async Task<Ok<ProjectDto>> Get(Guid id, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok(ProjectDto.From(await projects.GetAsync(http.Caller(), id, ct)));

    private static async Task<Created<ProjectDto>> Create(JsonElement body, HttpContext http, ProjectService projects, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var project = await projects.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/projects/{project.Id}", ProjectDto.From(project));
    }

    private static async Task<Created<List<ProjectDto>>> CreateMany(JsonElement body, HttpContext http, ProjectService projects, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await projects.CreateManyAsync(http.Caller(), items.Select(i => (Read(i), (Infrastructure.Errors.IInputErrors)i)).ToList(), ct);
        return TypedResults.Created($"{CoreApi.BasePath}/projects", created.Select(ProjectDto.From).ToList());
    }

    private static async Task<Ok<ProjectDto>> Update(Guid id, JsonElement body, HttpContext http, ProjectService projects, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(ProjectDto.From(await projects.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<List<ProjectDto>>> UpdateMany(JsonElement body, HttpContext http, ProjectService projects, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: Read(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await projects.UpdateManyAsync(http.Caller(),
            changes.Select(c => (c.Id.Value!.Value, c.Input, (Infrastructure.Errors.IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(ProjectDto.From).ToList());
    }

    private static async Task<Ok<ProjectDto>> Delete(Guid id, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok(ProjectDto.From(await projects.DeleteAsync(http.Caller(), id, ct)));

    private static async Task<Ok<StructureNode>> Structure(Guid id, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.StructureAsync(http.Caller(), id, ct));

    internal static ProjectInput Read(JsonBody body) => new()
    {
        Title = body.String("title"),
        Description = body.String("description"),
        ColorScheme = body.String("colorScheme"),
        OfficerId = body.Guid("officerId"),
        CustomFields = body.RawObject("customFields"),
        IsArchived = body.Bool("isArchived"),
        IsDraft = body.Bool("isDraft"),
        Priority = body.Int("priority"),
        ProjectState = body.Enum("projectState", WireNames.ProjectStates),
        PlannedStartDate = body.DateTime("plannedStartDate"),
        PlannedEndDate = body.DateTime("plannedEndDate"),
        StartDate = body.DateTime("startDate"),
        EndDate = body.DateTime("endDate"),
        PlannedEffort = body.Int("plannedEffort"),
        RemainingEffort = body.Int("remainingEffort"),
    };
}
