using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Absences;

/// <summary>An absence as factro returns it: whole days (<c>YYYY-MM-DD</c>, both included), <c>type</c> Planned or Unplanned.</summary>
public sealed record AbsenceDto(Guid Id, Guid EmployeeId, DateOnly StartDate, DateOnly EndDate, string Type, Guid MandantId)
{
    public static AbsenceDto From(Absence a) => new(a.Id, a.EmployeeId, a.StartDate, a.EndDate, a.Type.ToString(), a.CloudId);
}

/// <summary>A user to make a substitute (an active user of the cloud, not the user themselves); adding one again answers the same.</summary>
/// <param name="SubstituteId">The substitute's user id.</param>
public sealed record SubstituteWrite(Guid SubstituteId);

/// <summary>
/// factro's absences and substitutes: <c>GET|POST|PUT /users/absences</c> (the batches all or none),
/// <c>PUT|DELETE /users/absences/{absenceId}</c>, <c>GET|POST /users/{id}/absences</c>, <c>GET|PUT /users/{id}/substitutes</c>,
/// <c>DELETE /users/{id}/substitutes/{substituteId}</c>, <c>GET /users/{id}/substituted</c>. Everyone reads absences (guests
/// their own); everyone but guests keeps their own and sees substitutes; AllRights users keep everyone's; every plan.
/// </summary>
public static class AbsencesApi
{
    public const int BatchLimit = 500;

    public static readonly IReadOnlyDictionary<string, AbsenceType> Types =
        Enum.GetValues<AbsenceType>().ToDictionary(v => v.ToString(), v => v, StringComparer.Ordinal);

    public static void MapAbsences(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users");
        var absences = users.MapGroup("/absences").WithTags("Absences");
        absences.MapGet("/", List).WithName("ListAbsences").WithSummary("The absences the caller can see, filtered by employeeId, type and days (from, to) they overlap");
        absences.MapPost("/", CreateMany).Require(Right.Calendar, "record absences")
            .WithMetadata(new RequestBodyDoc(typeof(AbsenceInput), IsArray: true, Name: "AbsenceWrite")).WithName("CreateAbsences").WithSummary("Record many absences (all or none)");
        absences.MapPut("/", UpdateMany).Require(Right.Calendar, "change absences")
            .WithMetadata(new RequestBodyDoc(typeof(AbsenceInput), IsArray: true, Name: "AbsenceWrite")).WithName("UpdateAbsences")
            .WithSummary("Change many absences, each item with its id (all or none)");
        absences.MapPut("/{absenceId:guid}", Update).Require(Right.Calendar, "change absences")
            .WithMetadata(new RequestBodyDoc(typeof(AbsenceInput), Name: "AbsenceWrite")).WithName("UpdateAbsence").WithSummary("Change an absence (only the fields sent)");
        absences.MapDelete("/{absenceId:guid}", Delete).Require(Right.Calendar, "delete absences").WithName("DeleteAbsence").WithSummary("Delete an absence; returns it");

        var user = users.MapGroup("/{id:guid}");
        user.MapGet("/absences", ListOf).WithTags("Absences").WithName("ListUserAbsences").WithSummary("A user's absences, filtered by type and days (from, to) they overlap");
        user.MapPost("/absences", CreateFor).WithTags("Absences").Require(Right.Calendar, "record absences")
            .WithMetadata(new RequestBodyDoc(typeof(AbsenceInput), Name: "AbsenceWrite")).WithName("CreateUserAbsence").WithSummary("Record an absence of the user");

        user.MapGet("/substitutes", ListSubstitutes).WithTags("Substitutes").Require(Right.Calendar, "see substitutes")
            .WithName("ListSubstitutes").WithSummary("The users who stand in for the user");
        user.MapGet("/substituted", ListSubstituted).WithTags("Substitutes").Require(Right.Calendar, "see substitutes")
            .WithName("ListSubstituted").WithSummary("The users the user stands in for");
        user.MapPut("/substitutes", AddSubstitute).WithTags("Substitutes").Require(Right.Calendar, "choose substitutes")
            .WithMetadata(new RequestBodyDoc(typeof(SubstituteWrite))).WithName("AddSubstitute")
            .WithSummary("Make a user a substitute of the user (one already answers as they are); returns the substitute");
        user.MapDelete("/substitutes/{substituteId:guid}", RemoveSubstitute).WithTags("Substitutes").Require(Right.Calendar, "choose substitutes")
            .WithName("RemoveSubstitute").WithSummary("End a substitution; returns the substitute");
    }

    private static Task<Listed<AbsenceDto>> List(HttpContext http, AbsenceService absences, Guid? employeeId, string? type, string? from, string? to, int? limit,
        string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, absences.List(http.Caller(), employeeId, QueryDate(from, "from"), QueryDate(to, "to"), QueryType(type)), a => AbsenceDto.From(a),
            limit, cursor, ct);

    private static async Task<Listed<AbsenceDto>> ListOf(Guid id, HttpContext http, AbsenceService absences, string? type, string? from, string? to, int? limit,
        string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await absences.ListOfAsync(http.Caller(), id, QueryDate(from, "from"), QueryDate(to, "to"), QueryType(type), ct),
            a => AbsenceDto.From(a), limit, cursor, ct);

    private static async Task<Created<List<AbsenceDto>>> CreateMany(JsonElement body, HttpContext http, AbsenceService absences, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await absences.CreateManyAsync(http.Caller(), items.Select(i => (Read(i), (IInputErrors)i)).ToList(), null, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/users/absences", created.Select(AbsenceDto.From).ToList());
    }

    private static async Task<Created<AbsenceDto>> CreateFor(Guid id, JsonElement body, HttpContext http, AbsenceService absences, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var created = (await absences.CreateManyAsync(http.Caller(), [(Read(input), input)], id, ct))[0];
        return TypedResults.Created($"{CoreApi.BasePath}/users/absences/{created.Id}", AbsenceDto.From(created));
    }

    private static async Task<Ok<List<AbsenceDto>>> UpdateMany(JsonElement body, HttpContext http, AbsenceService absences, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: Read(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await absences.UpdateManyAsync(http.Caller(), changes.Select(c => (c.Id.Value!.Value, c.Input, (IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(AbsenceDto.From).ToList());
    }

    private static async Task<Ok<AbsenceDto>> Update(Guid absenceId, JsonElement body, HttpContext http, AbsenceService absences, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(AbsenceDto.From((await absences.UpdateManyAsync(http.Caller(), [(absenceId, Read(input), input)], ct))[0]));
    }

    private static async Task<Ok<AbsenceDto>> Delete(Guid absenceId, HttpContext http, AbsenceService absences, CancellationToken ct) =>
        TypedResults.Ok(AbsenceDto.From(await absences.DeleteAsync(http.Caller(), absenceId, ct)));

    private static async Task<Listed<UserDto>> ListSubstitutes(Guid id, HttpContext http, AbsenceService absences, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await absences.SubstitutesAsync(http.Caller(), id, ct), e => UserDto.From(e), limit, cursor, ct);

    private static async Task<Listed<UserDto>> ListSubstituted(Guid id, HttpContext http, AbsenceService absences, int? limit, string? cursor, CancellationToken ct) =>
        await Listing.ListAsync(http, await absences.SubstitutedAsync(http.Caller(), id, ct), e => UserDto.From(e), limit, cursor, ct);

    private static async Task<Ok<UserDto>> AddSubstitute(Guid id, JsonElement body, HttpContext http, AbsenceService absences, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(UserDto.From(await absences.AddSubstituteAsync(http.Caller(), id, input.Guid("substituteId"), input, ct)));
    }

    private static async Task<Ok<UserDto>> RemoveSubstitute(Guid id, Guid substituteId, HttpContext http, AbsenceService absences, CancellationToken ct) =>
        TypedResults.Ok(UserDto.From(await absences.RemoveSubstituteAsync(http.Caller(), id, substituteId, ct)));

    /// <summary>A <c>YYYY-MM-DD</c> query filter; anything else is a 400.</summary>
    private static DateOnly? QueryDate(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw DomainException.BadRequest($"/{name}", $"{name} must be a date (YYYY-MM-DD).");

    private static AbsenceType? QueryType(string? value) =>
        string.IsNullOrEmpty(value) ? null
        : Types.TryGetValue(value, out var type) ? type
        : throw DomainException.BadRequest("/type", "type must be Planned or Unplanned.");

    internal static AbsenceInput Read(JsonBody body) => new()
    {
        EmployeeId = body.Guid("employeeId"),
        StartDate = body.Date("startDate"),
        EndDate = body.Date("endDate"),
        Type = body.Enum("type", Types),
    };
}
