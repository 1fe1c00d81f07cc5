using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Appointments;

/// <summary>An appointment as factro returns it: instants in ISO-8601 UTC, <c>duration</c> in hours (read-only).</summary>
public sealed record AppointmentDto(Guid Id, string? Subject, string? Description, string? Location, double? Distance, double Duration,
    Guid EmployeeId, Guid? ReferencedTaskId, DateTime StartDate, DateTime EndDate, Guid CreatorId, DateTime CreationDate, DateTime ChangeDate,
    Guid MandantId)
{
    public static AppointmentDto From(Appointment a) => new(a.Id, a.Subject, a.Description, a.Location, a.Distance,
        Math.Round((a.EndDate - a.StartDate).TotalHours, 4), a.EmployeeId, a.ReferencedTaskId, a.StartDate, a.EndDate, a.CreatorId,
        a.CreatedAt, a.UpdatedAt, a.CloudId);
}

/// <summary>
/// factro's appointments: <c>GET|POST /appointments</c>, <c>POST|PUT /appointments/appointments</c> (per item),
/// <c>GET|PUT|DELETE /appointments/{id}</c>. Everyone reads (guests their own); everyone but guests keeps their own;
/// AdvancedRights and AllRights users keep everyone's; every plan.
/// </summary>
public static class AppointmentsApi
{
    public const int BatchLimit = 500;

    public static void MapAppointments(this RouteGroupBuilder api)
    {
        var appointments = api.MapGroup("/appointments").WithTags("Appointments");
        appointments.MapGet("/", List).WithName("ListAppointments")
            .WithSummary("The appointments the caller can see, filtered by employeeId, referencedTaskId and a time range (from, to) they overlap");
        appointments.MapPost("/", Create).Require(Right.Calendar, "keep appointments").WithMetadata(new RequestBodyDoc(typeof(AppointmentInput), Name: "AppointmentWrite"))
            .WithName("CreateAppointment").WithSummary("Create an appointment");
        appointments.MapPost("/appointments", CreateMany).Require(Right.Calendar, "keep appointments")
            .WithMetadata(new RequestBodyDoc(typeof(AppointmentInput), IsArray: true, Name: "AppointmentWrite")).WithName("CreateAppointments")
            .WithSummary("Create many appointments; one result per item");
        appointments.MapPut("/appointments", UpdateMany).Require(Right.Calendar, "change appointments")
            .WithMetadata(new RequestBodyDoc(typeof(AppointmentInput), IsArray: true, Name: "AppointmentWrite")).WithName("UpdateAppointments")
            .WithSummary("Change many appointments, each item with its id; one result per item");

        var appointment = appointments.MapGroup("/{id:guid}");
        appointment.MapGet("/", Get).WithName("GetAppointment").WithSummary("One appointment");
        appointment.MapPut("/", Update).Require(Right.Calendar, "change appointments").WithMetadata(new RequestBodyDoc(typeof(AppointmentInput), Name: "AppointmentWrite"))
            .WithName("UpdateAppointment").WithSummary("Change an appointment (only the fields sent)");
        appointment.MapDelete("/", Delete).Require(Right.Calendar, "delete appointments").WithName("DeleteAppointment").WithSummary("Delete an appointment; returns it");
    }

    private static async Task<Listed<AppointmentDto>> List(HttpContext http, AppointmentService appointments, Guid? employeeId, Guid? referencedTaskId,
        string? from, string? to, int? limit, string? cursor, CancellationToken ct)
    {
        var query = await appointments.ListAsync(http.Caller(), employeeId, QueryInstant(from, "from", endOfDay: false), QueryInstant(to, "to", endOfDay: true),
            referencedTaskId, ct);
        return await Listing.ListAsync(http, query, a => AppointmentDto.From(a), limit, cursor, ct);
    }

    private static async Task<Ok<AppointmentDto>> Get(Guid id, HttpContext http, AppointmentService appointments, CancellationToken ct) =>
        TypedResults.Ok(AppointmentDto.From(await appointments.ReadAsync(http.Caller(), id, ct)));

    private static async Task<Created<AppointmentDto>> Create(JsonElement body, HttpContext http, AppointmentService appointments, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var appointment = await appointments.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/appointments/{appointment.Id}", AppointmentDto.From(appointment));
    }

    private static async Task<Ok<List<BatchItemResult<AppointmentDto>>>> CreateMany(JsonElement body, HttpContext http, AppointmentService appointments, CancellationToken ct) =>
        TypedResults.Ok(await PerItemBatch.RunAsync(http, JsonBody.Items(body, BatchLimit), StatusCodes.Status201Created,
            async item => AppointmentDto.From(await appointments.CreateAsync(http.Caller(), Read(item), item, ct))));

    private static async Task<Ok<AppointmentDto>> Update(Guid id, JsonElement body, HttpContext http, AppointmentService appointments, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(AppointmentDto.From(await appointments.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<List<BatchItemResult<AppointmentDto>>>> UpdateMany(JsonElement body, HttpContext http, AppointmentService appointments, CancellationToken ct) =>
        TypedResults.Ok(await PerItemBatch.RunAsync(http, JsonBody.Items(body, BatchLimit), StatusCodes.Status200OK, async item =>
        {
            var id = item.Guid("id", required: true);
            var input = Read(item);
            item.ThrowIfInvalid();
            return AppointmentDto.From(await appointments.UpdateAsync(http.Caller(), id.Value!.Value, input, item, ct));
        }));

    private static async Task<Ok<AppointmentDto>> Delete(Guid id, HttpContext http, AppointmentService appointments, CancellationToken ct) =>
        TypedResults.Ok(AppointmentDto.From(await appointments.DeleteAsync(http.Caller(), id, ct)));

    /// <summary>
    /// An ISO-8601 instant as a query filter, or a date (<c>YYYY-MM-DD</c>, UTC): its start for <c>from</c>, its end for
    /// <c>to</c>, so both days are included; anything else is a 400.
    /// </summary>
    private static DateTime? QueryInstant(string? value, string name, bool endOfDay)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 1900 and <= 2999)
        {
            var start = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }

        return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant)
            && instant.Year is >= 1900 and <= 2999 ? instant
            : throw DomainException.BadRequest($"/{name}", $"{name} must be an ISO-8601 date-time or a date (YYYY-MM-DD).");
    }

    internal static AppointmentInput Read(JsonBody body) => new()
    {
        EmployeeId = body.Guid("employeeId"),
        Subject = body.String("subject"),
        Description = body.String("description"),
        Location = body.String("location"),
        Distance = body.Double("distance"),
        ReferencedTaskId = body.Guid("referencedTaskId"),
        StartDate = body.DateTime("startDate"),
        EndDate = body.DateTime("endDate"),
    };
}
