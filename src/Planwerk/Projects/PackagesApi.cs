using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Documents;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Projects;

/// <summary>A package as factro returns it.</summary>
public sealed record PackageDto(Guid Id, string Title, string? Description, Guid ProjectId, Guid? ParentPackageId, DateTime? StartDate,
    DateTime? EndDate, DateTime CreationDate, DateTime ChangeDate, Guid? CreatorId, Guid? OfficerId, Guid? CompanyId, Guid? CompanyContactId,
    int? PlannedEffort, int RealizedEffort, int? RemainingEffort, int Number, string? ColorScheme, JsonElement CustomFields, Guid MandantId)
{
    public static PackageDto From(Package p) => new(p.Id, p.Title, p.Description, p.ProjectId, p.ParentPackageId, p.StartDate, p.EndDate,
        p.CreationDate, p.ChangeDate, p.CreatorId, p.OfficerId, p.CompanyId, p.CompanyContactId, p.PlannedEffort, p.RealizedEffort,
        p.RemainingEffort, p.Number, p.ColorScheme, CustomFieldsJson.Parse(p.CustomFields), p.CloudId);
}

/// <summary>factro's packages: <c>/api/core/projects/{pid}/packages…</c> and <c>/api/core/packages/{id}</c>.</summary>
public static class PackagesApi
{
    public const int BatchLimit = 500;

    public static void MapPackages(this RouteGroupBuilder api)
    {
        api.MapGroup("/packages").WithTags("Packages")
            .MapGet("/{id:guid}", GetById).WithName("GetPackageById").WithSummary("One package, whatever its project");

        var packages = api.MapGroup("/projects/{pid:guid}/packages").WithTags("Packages");
        packages.MapGet("/", List).WithName("ListPackages").WithSummary("The packages of a project");
        packages.MapPost("/", Create).Require(Right.PlanProjects, "create packages").WithMetadata(new RequestBodyDoc(typeof(PackageInput), Name: "PackageWrite")).WithName("CreatePackage").WithSummary("Create a package (at the root, or under parentPackageId)");
        packages.MapPost("/packages", CreateMany).Require(Right.PlanProjects, "create packages").WithMetadata(new RequestBodyDoc(typeof(PackageInput), IsArray: true, Name: "PackageWrite")).WithName("CreatePackages").WithSummary("Create many packages (all or none)");
        packages.MapPut("/packages", UpdateMany).Require(Right.PlanProjects, "change packages").WithMetadata(new RequestBodyDoc(typeof(PackageInput), IsArray: true, Name: "PackageWrite")).WithName("UpdatePackages").WithSummary("Change many packages, each item with its id (all or none)");

        var package = packages.MapGroup("/{id:guid}");
        package.MapObjectRights(ObjectKind.Package);
        // factro's quirk: the team variants of a package's rights also live at /projects/{pid}/{id}/team_….
        api.MapGroup("/projects/{pid:guid}/{id:guid}").WithTags("Packages").MapObjectRights(ObjectKind.Package, teamRoutesOnly: true);
        package.MapGet("/", Get).WithName("GetPackage").WithSummary("One package of the project");
        package.MapPut("/", Update).Require(Right.PlanProjects, "change packages").WithMetadata(new RequestBodyDoc(typeof(PackageInput), Name: "PackageWrite")).WithName("UpdatePackage").WithSummary("Change a package (only the fields sent)");
        package.MapDelete("/", Delete).Require(Right.PlanProjects, "delete packages").WithName("DeletePackage").WithSummary("Delete a package with its sub-packages and tasks; returns it");
        package.MapPut("/package", MoveUnder).Require(Right.PlanProjects, "move packages").WithMetadata(new RequestBodyDoc(typeof(MoveWrite))).WithName("MovePackageUnderPackage").WithSummary("Move the package under {parentPackageId} of the same project");
        package.MapDelete("/package", MoveToRoot).Require(Right.PlanProjects, "move packages").WithName("MovePackageToRoot").WithSummary("Move the package to its project's root");
        package.MapPut("/project", MoveToProject).Require(Right.PlanProjects, "move packages").WithMetadata(new RequestBodyDoc(typeof(MoveWrite))).WithName("MovePackageToProject")
            .WithSummary("Move the package with its sub-packages and tasks to the root of {projectId}");
        package.MapComments(CommentReferenceType.Package, (http, id) => new CommentTarget(CommentReferenceType.Package, id, ProjectIdOf(http)));
        package.MapDocuments(DocumentReferenceType.Package, Right.PlanProjects, (http, id) => new DocumentTarget(DocumentReferenceType.Package, id, ProjectIdOf(http)));
        package.MapCrmLinks<Package, PackageDto>("package",
            (http, id, ct) => http.RequestServices.GetRequiredService<PackageService>().GetWritableAsync(http.Caller(), ProjectIdOf(http), id, "change packages", ct),
            Right.PlanProjects, p => PackageDto.From(p));
        package.MapPost("/shift_with_successors", Shift).Require(Right.PlanProjects, "shift packages").WithMetadata(new RequestBodyDoc(typeof(ShiftWrite))).WithName("ShiftPackageWithSuccessors")
            .WithSummary("Shift the planned dates of the package, its sub-packages, their tasks and those tasks' successors by daysDelta days (all or none)");
    }

    /// <summary>The <c>{pid}</c> of the route; a malformed one is a 400 like any bad UUID.</summary>
    private static Guid ProjectIdOf(HttpContext http) =>
        Guid.TryParse(http.GetRouteValue("pid") as string, out var pid) ? pid : throw DomainException.BadRequest("/pid", "pid must be a UUID.");

    private static async Task<Listed<PackageDto>> List(Guid pid, HttpContext http, PackageService packages, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await packages.ListAsync(http.Caller(), pid, ct), p => PackageDto.From(p), limit, cursor, ct);

    private static async Task<Ok<PackageDto>> GetById(Guid id, HttpContext http, PackageService packages, CancellationToken ct) =>
        TypedResults.Ok(PackageDto.From(await packages.GetAsync(http.Caller(), id, ct)));

    private static async Task<Ok<PackageDto>> Get(Guid pid, Guid id, HttpContext http, PackageService packages, CancellationToken ct) =>
        TypedResults.Ok(PackageDto.From(await packages.GetAsync(http.Caller(), pid, id, ct)));

    private static async Task<Created<PackageDto>> Create(Guid pid, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var package = await packages.CreateAsync(http.Caller(), pid, Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/projects/{pid}/packages/{package.Id}", PackageDto.From(package));
    }

    private static async Task<Created<List<PackageDto>>> CreateMany(Guid pid, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await packages.CreateManyAsync(http.Caller(), pid, items.Select(i => (Read(i), (IInputErrors)i)).ToList(), ct);
        return TypedResults.Created($"{CoreApi.BasePath}/projects/{pid}/packages", created.Select(PackageDto.From).ToList());
    }

    private static async Task<Ok<PackageDto>> Update(Guid pid, Guid id, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(PackageDto.From(await packages.UpdateAsync(http.Caller(), pid, id, Read(input), input, ct)));
    }

    private static async Task<Ok<List<PackageDto>>> UpdateMany(Guid pid, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: Read(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await packages.UpdateManyAsync(http.Caller(), pid,
            changes.Select(c => (c.Id.Value!.Value, c.Input, (IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(PackageDto.From).ToList());
    }

    private static async Task<Ok<PackageDto>> Delete(Guid pid, Guid id, HttpContext http, PackageService packages, CancellationToken ct) =>
        TypedResults.Ok(PackageDto.From(await packages.DeleteAsync(http.Caller(), pid, id, ct)));

    private static async Task<Ok<PackageDto>> MoveUnder(Guid pid, Guid id, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var parent = input.Guid("parentPackageId", required: true);
        return TypedResults.Ok(PackageDto.From(await packages.MoveUnderAsync(http.Caller(), pid, id, parent.Value, input, ct)));
    }

    private static async Task<Ok<PackageDto>> MoveToRoot(Guid pid, Guid id, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var none = JsonBody.Of(JsonDocument.Parse("{}").RootElement);
        return TypedResults.Ok(PackageDto.From(await packages.MoveUnderAsync(http.Caller(), pid, id, null, none, ct)));
    }

    private static async Task<Ok<PackageDto>> MoveToProject(Guid pid, Guid id, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var target = input.Guid("projectId", required: true);
        return TypedResults.Ok(PackageDto.From(await packages.MoveToProjectAsync(http.Caller(), pid, id, target.Value, input, ct)));
    }

    private static async Task<Ok<ShiftResult>> Shift(Guid pid, Guid id, JsonElement body, HttpContext http, PackageService packages, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        Optional<int?> days = default;
        if (body.TryGetProperty("daysDelta", out var raw) && raw.ValueKind == JsonValueKind.Number && !raw.TryGetInt32(out _))
        {
            input.Invalid("daysDelta", "not_integer", "daysDelta must be a whole number of days.");
        }
        else
        {
            days = input.Int("daysDelta", required: true);
        }

        return TypedResults.Ok(await packages.ShiftWithSuccessorsAsync(http.Caller(), pid, id, days.Value, input, ct));
    }

    internal static PackageInput Read(JsonBody body) => new()
    {
        Title = body.String("title"),
        Description = body.String("description"),
        ParentPackageId = body.Guid("parentPackageId"),
        ColorScheme = body.String("colorScheme"),
        OfficerId = body.Guid("officerId"),
        CustomFields = body.RawObject("customFields"),
        StartDate = body.DateTime("startDate"),
        EndDate = body.DateTime("endDate"),
        PlannedEffort = body.Int("plannedEffort"),
        RemainingEffort = body.Int("remainingEffort"),
    };
}
