using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.WorkRecords;

/// <summary>A work record as factro returns it: dates <c>YYYY-MM-DD</c>, times <c>HH:MM</c>, created/updated in Unix milliseconds.</summary>
public sealed record WorkRecordDto(Guid Id, string Title, string? Description, Guid WorkEmployeeId, Guid CreatorEmployeeId,
    DateOnly StartDate, TimeOnly? StartTime, DateOnly? EndDate, TimeOnly? EndTime, int UtcOffset, int MinutesWorked, bool IsBillable,
    bool IsBilled, Guid BookedOnReferenceId, string BookedOnReferenceType, double? TravelledDistanceKm, long CreatedAt, long UpdatedAt,
    Guid MandantId)
{
    public static WorkRecordDto From(WorkRecord w) => new(w.Id, w.Title, w.Description, w.WorkEmployeeId, w.CreatorEmployeeId,
        w.StartDate, w.StartTime, w.EndDate, w.EndTime, w.UtcOffset, w.MinutesWorked, w.IsBillable, w.IsBilled, w.BookedOnReferenceId,
        w.BookedOnReferenceType.Wire(), w.TravelledDistanceKm, UnixMilliseconds(w.CreatedAt), UnixMilliseconds(w.UpdatedAt), w.CloudId);

    private static long UnixMilliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
}

/// <summary>factro's work records ("erfasste Leistungen"): <c>/api/core/work-records…</c>, professional plan only.</summary>
public static class WorkRecordsApi
{
    public const int BatchLimit = 500;

    public static void MapWorkRecords(this RouteGroupBuilder api)
    {
        var records = api.MapGroup("/work-records").WithTags("Work records").RequirePlanFeature(PlanFeature.WorkRecords).Require(Right.RecordWork, "use work records");
        records.MapGet("/", List).WithName("ListWorkRecords").WithSummary("The work records the caller can see, filtered on startDate");
        records.MapGet("/by-project/{projectId:guid}", ListByProject).WithName("ListWorkRecordsByProject")
            .WithSummary("Work records booked on a project, its packages or its tasks");
        records.MapPost("/", Create).WithMetadata(new RequestBodyDoc(typeof(WorkRecordInput), Name: "WorkRecordWrite")).WithName("CreateWorkRecord").WithSummary("Book a work record");
        records.MapPost("/work-records", CreateMany).WithMetadata(new RequestBodyDoc(typeof(WorkRecordInput), IsArray: true, Name: "WorkRecordWrite")).WithName("CreateWorkRecords").WithSummary("Book many work records (all or none)");
        records.MapPut("/work-records", UpdateMany).WithMetadata(new RequestBodyDoc(typeof(WorkRecordInput), IsArray: true, Name: "WorkRecordWrite")).WithName("UpdateWorkRecords").WithSummary("Change many work records, each item with its id (all or none)");

        var record = records.MapGroup("/{id:guid}");
        record.MapGet("/", Get).WithName("GetWorkRecord").WithSummary("One work record");
        record.MapPut("/", Update).WithMetadata(new RequestBodyDoc(typeof(WorkRecordInput), Name: "WorkRecordWrite")).WithName("UpdateWorkRecord").WithSummary("Change a work record (only the fields sent)");
        record.MapDelete("/", Delete).WithName("DeleteWorkRecord").WithSummary("Delete a work record; returns it");
        record.MapComments(CommentReferenceType.WorkRecord, allowDelete: false);
    }

    private static Task<Listed<WorkRecordDto>> List(HttpContext http, WorkRecordService records, string? startDate, string? endDate, int? limit, string? cursor,
        CancellationToken ct)
    {
        var query = records.List(http.Caller(), QueryDate(startDate, "startDate"), QueryDate(endDate, "endDate"));
        return Listing.ListAsync(http, query, w => WorkRecordDto.From(w), limit, cursor, ct);
    }

    private static async Task<Listed<WorkRecordDto>> ListByProject(Guid projectId, HttpContext http, WorkRecordService records, string? startDate, string? endDate,
        int? limit, string? cursor, CancellationToken ct)
    {
        var query = await records.ListByProjectAsync(http.Caller(), projectId, QueryDate(startDate, "startDate"), QueryDate(endDate, "endDate"), ct);
        return await Listing.ListAsync(http, query, w => WorkRecordDto.From(w), limit, cursor, ct);
    }

    private static async Task<Ok<WorkRecordDto>> Get(Guid id, HttpContext http, WorkRecordService records, CancellationToken ct) =>
        TypedResults.Ok(WorkRecordDto.From(await records.GetAsync(http.Caller(), id, ct)));

    private static async Task<Created<WorkRecordDto>> Create(JsonElement body, HttpContext http, WorkRecordService records, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var record = await records.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/work-records/{record.Id}", WorkRecordDto.From(record));
    }

    private static async Task<Created<List<WorkRecordDto>>> CreateMany(JsonElement body, HttpContext http, WorkRecordService records, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await records.CreateManyAsync(http.Caller(), items.Select(i => (Read(i), (IInputErrors)i)).ToList(), ct);
        return TypedResults.Created($"{CoreApi.BasePath}/work-records", created.Select(WorkRecordDto.From).ToList());
    }

    private static async Task<Ok<WorkRecordDto>> Update(Guid id, JsonElement body, HttpContext http, WorkRecordService records, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(WorkRecordDto.From(await records.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<List<WorkRecordDto>>> UpdateMany(JsonElement body, HttpContext http, WorkRecordService records, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: Read(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await records.UpdateManyAsync(http.Caller(), changes.Select(c => (c.Id.Value!.Value, c.Input, (IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(WorkRecordDto.From).ToList());
    }

    private static async Task<Ok<WorkRecordDto>> Delete(Guid id, HttpContext http, WorkRecordService records, CancellationToken ct) =>
        TypedResults.Ok(WorkRecordDto.From(await records.DeleteAsync(http.Caller(), id, ct)));

    /// <summary>A <c>YYYY-MM-DD</c> query filter; anything else is a 400.</summary>
    private static DateOnly? QueryDate(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw DomainException.BadRequest($"/{name}", $"{name} must be a date (YYYY-MM-DD).");

    internal static WorkRecordInput Read(JsonBody body) => new()
    {
        StartDate = body.Date("startDate"),
        EndDate = body.Date("endDate"),
        StartTime = body.Time("startTime"),
        EndTime = body.Time("endTime"),
        UtcOffset = body.Int("utcOffset"),
        MinutesWorked = body.Int("minutesWorked"),
        BookedOnReferenceId = body.Guid("bookedOnReferenceId"),
        BookedOnReferenceType = body.Enum("bookedOnReferenceType", WireNames.BookedOnReferenceTypes),
        Description = body.String("description"),
        IsBillable = body.Bool("isBillable"),
        IsBilled = body.Bool("isBilled"),
        WorkEmployeeId = body.Guid("workEmployeeId"),
        TravelledDistanceKm = body.Double("travelledDistanceKm"),
        RemainingTaskEffort = body.Int("remainingTaskEffort"),
    };
}
