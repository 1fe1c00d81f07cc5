using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Appointments;

/// <summary>An appointment. On POST <c>startDate</c>, <c>endDate</c> and a <c>subject</c> or a <c>referencedTaskId</c> are required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>AppointmentWrite</c>).</remarks>
public sealed record AppointmentInput
{
    /// <summary>Whose appointment it is; default the caller (others' need AdvancedRights or AllRights).</summary>
    public Optional<Guid?> EmployeeId { get; init; }

    /// <summary>At most 500 characters (trimmed); null or blank clears it (a referencedTaskId must then remain).</summary>
    public Optional<string?> Subject { get; init; }

    /// <summary>At most 10,000 characters.</summary>
    public Optional<string?> Description { get; init; }

    /// <summary>At most 500 characters.</summary>
    public Optional<string?> Location { get; init; }

    /// <summary>The distance to travel in kilometres, not negative.</summary>
    public Optional<double?> Distance { get; init; }

    /// <summary>A task the caller can see; null clears it (a subject must then remain).</summary>
    public Optional<Guid?> ReferencedTaskId { get; init; }

    /// <summary>An ISO-8601 instant.</summary>
    public Optional<DateTime?> StartDate { get; init; }

    /// <summary>An ISO-8601 instant, not before startDate.</summary>
    public Optional<DateTime?> EndDate { get; init; }
}

/// <summary>What the caller may read of appointments: everyone's but as a guest, whose own only.</summary>
public static class AppointmentVisibility
{
    public static IQueryable<Appointment> VisibleAppointments(this PlanwerkDb db, Caller caller) =>
        caller.Has(Right.Calendar) ? db.Appointments : db.Appointments.Where(a => a.EmployeeId == caller.EmployeeId);
}

/// <summary>
/// The rules for appointments, on every plan. Everyone but guests reads the cloud's and keeps their own
/// (<see cref="Right.Calendar"/>); AdvancedRights and AllRights users keep other people's too
/// (<see cref="Right.ManageAllAppointments"/>); guests read their own. Webhook events come from the change tracker
/// (<c>AppointmentCreated</c>, <c>AppointmentUpdated</c>, <c>AppointmentDeleted</c>).
/// </summary>
public sealed class AppointmentService(PlanwerkDb db, TimeProvider time)
{
    /// <summary>The visible appointments as the caller may read them, optionally of one user or task and overlapping <c>[from, to]</c>.</summary>
    public async Task<IQueryable<Appointment>> ListAsync(Caller caller, Guid? employeeId, DateTime? from, DateTime? to, Guid? referencedTaskId, CancellationToken ct)
    {
        var appointments = await AsReadAsync(caller, Query(caller, employeeId, from, to), ct);
        // On the task as the caller reads it: a task they cannot see finds nothing (no oracle).
        return referencedTaskId is { } task ? appointments.Where(a => a.ReferencedTaskId == task) : appointments;
    }

    /// <summary>The visible appointments, optionally of one user and overlapping <c>[from, to]</c> (task ids not yet masked).</summary>
    private IQueryable<Appointment> Query(Caller caller, Guid? employeeId, DateTime? from, DateTime? to)
    {
        var appointments = db.VisibleAppointments(caller);
        if (employeeId is { } employee)
        {
            appointments = appointments.Where(a => a.EmployeeId == employee);
        }

        if (from is { } start)
        {
            appointments = appointments.Where(a => a.EndDate >= start);
        }

        if (to is { } end)
        {
            appointments = appointments.Where(a => a.StartDate <= end);
        }

        return appointments;
    }

    /// <summary>
    /// <paramref name="appointments"/> as the caller may read them: the appointment stays (it is someone's time), but the id
    /// of a task the caller cannot see (per-object rights; a guest's tasks are those they execute) is left out.
    /// </summary>
    private async Task<IQueryable<Appointment>> AsReadAsync(Caller caller, IQueryable<Appointment> appointments, CancellationToken ct)
    {
        var view = await db.ViewAsync(caller, ct);
        if (view.All || (!view.Applies && !caller.IsGuest))
        {
            return appointments; // every task is visible
        }

        var tasks = db.VisibleTasks(caller, view).Select(t => t.Id);
        return appointments.Select(a => new Appointment
        {
            Id = a.Id, CloudId = a.CloudId, EmployeeId = a.EmployeeId, Subject = a.Subject, Description = a.Description, Location = a.Location,
            Distance = a.Distance, ReferencedTaskId = a.ReferencedTaskId != null && tasks.Contains(a.ReferencedTaskId.Value) ? a.ReferencedTaskId : null,
            StartDate = a.StartDate, EndDate = a.EndDate, CreatorId = a.CreatorId, CreatedAt = a.CreatedAt, UpdatedAt = a.UpdatedAt,
        });
    }

    /// <summary>One appointment as the caller may read it (see <see cref="AsReadAsync"/>).</summary>
    public async Task<Appointment> ReadAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await AsReadAsync(caller, db.VisibleAppointments(caller).AsNoTracking().Where(a => a.Id == id), ct)).FirstOrDefaultAsync(ct)
        ?? throw DomainException.NotFound("Appointment", id);

    public async Task<Appointment> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await db.VisibleAppointments(caller).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound("Appointment", id);

    public async Task<Appointment> CreateAsync(Caller caller, AppointmentInput input, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.Calendar, "keep appointments");
        RequireMayKeepFor(caller, input.EmployeeId.Value ?? caller.EmployeeId);
        foreach (var (name, present) in new[] { ("startDate", input.StartDate.Value is not null), ("endDate", input.EndDate.Value is not null) })
        {
            if (!present)
            {
                errors.Invalid(name, "required", $"{name} is required.");
            }
        }

        await ValidateAsync(caller, null, input, errors, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var appointment = new Appointment { EmployeeId = caller.EmployeeId, CreatorId = caller.EmployeeId, CreatedAt = now };
        Apply(appointment, input, now);
        db.Appointments.Add(appointment);
        await db.SaveChangesAsync(ct);
        return await ReadAsync(caller, appointment.Id, ct);
    }

    public async Task<Appointment> UpdateAsync(Caller caller, Guid id, AppointmentInput input, IInputErrors errors, CancellationToken ct)
    {
        var appointment = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.Calendar, "change appointments");
        RequireMayKeepFor(caller, appointment.EmployeeId);
        if (input.EmployeeId is { HasValue: true, Value: { } employee })
        {
            RequireMayKeepFor(caller, employee);
        }

        await ValidateAsync(caller, appointment, input, errors, ct);
        Apply(appointment, input, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return await ReadAsync(caller, id, ct);
    }

    /// <summary>Deletes an appointment; returns it as it was.</summary>
    public async Task<Appointment> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var answer = await ReadAsync(caller, id, ct);
        var appointment = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.Calendar, "delete appointments");
        RequireMayKeepFor(caller, appointment.EmployeeId);
        db.Appointments.Remove(appointment);
        await db.SaveChangesAsync(ct);
        return answer;
    }

    private static void RequireMayKeepFor(Caller caller, Guid employeeId) =>
        Rights.Require(employeeId == caller.EmployeeId || caller.Has(Right.ManageAllAppointments), "keep appointments of other users");

    private async Task ValidateAsync(Caller caller, Appointment? current, AppointmentInput input, IInputErrors errors, CancellationToken ct)
    {
        foreach (var (name, cleared) in new[]
        {
            ("startDate", input.StartDate is { HasValue: true, Value: null }), ("endDate", input.EndDate is { HasValue: true, Value: null }),
            ("employeeId", input.EmployeeId is { HasValue: true, Value: null }),
        })
        {
            if (cleared)
            {
                errors.Invalid(name, "required", $"{name} must not be null.");
            }
        }

        var subject = input.Subject.HasValue ? Clean(input.Subject.Value) : current?.Subject;
        errors.MaxLengths(("subject", subject, Appointment.SubjectMaxLength), ("description", input.Description.Value, Appointment.DescriptionMaxLength),
            ("location", input.Location.Value?.Trim(), Appointment.LocationMaxLength));
        if (input.Distance is { HasValue: true, Value: < 0 })
        {
            errors.Invalid("distance", "out_of_range", "distance must not be negative.");
        }

        errors.NotBefore("endDate", input.EndDate.Or(current?.EndDate), "startDate", input.StartDate.Or(current?.StartDate));

        var task = input.ReferencedTaskId.Or(current?.ReferencedTaskId);
        if (subject is null && task is null)
        {
            errors.Invalid(input.ReferencedTaskId.HasValue && !input.Subject.HasValue ? "referencedTaskId" : "subject", "required",
                "An appointment needs a subject or a referencedTaskId.");
        }

        if (input.ReferencedTaskId is { HasValue: true, Value: { } taskId } && taskId != current?.ReferencedTaskId
            && !await (await db.VisibleTasksAsync(caller, ct)).AnyAsync(t => t.Id == taskId, ct))
        {
            errors.Invalid("referencedTaskId", "unknown_task", $"No task with id \"{taskId}\" that you can see in this cloud.");
        }

        if (input.EmployeeId is { HasValue: true, Value: { } employee } && employee != current?.EmployeeId)
        {
            await errors.ActiveUserAsync(db, "employeeId", employee, ct);
        }

        errors.ThrowIfInvalid();
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static void Apply(Appointment appointment, AppointmentInput input, DateTime now)
    {
        if (input.EmployeeId is { HasValue: true, Value: { } employee }) appointment.EmployeeId = employee;
        if (input.Subject.HasValue) appointment.Subject = Clean(input.Subject.Value);
        if (input.Description.HasValue) appointment.Description = string.IsNullOrEmpty(input.Description.Value) ? null : input.Description.Value;
        if (input.Location.HasValue) appointment.Location = Clean(input.Location.Value);
        if (input.Distance.HasValue) appointment.Distance = input.Distance.Value;
        if (input.ReferencedTaskId.HasValue) appointment.ReferencedTaskId = input.ReferencedTaskId.Value;
        if (input.StartDate is { HasValue: true, Value: { } start }) appointment.StartDate = start;
        if (input.EndDate is { HasValue: true, Value: { } end }) appointment.EndDate = end;
        appointment.UpdatedAt = now;
    }
}
