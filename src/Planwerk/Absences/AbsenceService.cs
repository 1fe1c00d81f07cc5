using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Absences;

/// <summary>An absence. On POST <c>startDate</c> and <c>endDate</c> are required; <c>type</c> defaults to <c>Planned</c>.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>AbsenceWrite</c>).</remarks>
public sealed record AbsenceInput
{
    /// <summary>Whose absence it is; default the caller (others' need AllRights). On <c>/users/{id}/absences</c> the path names the user.</summary>
    public Optional<Guid?> EmployeeId { get; init; }

    /// <summary>The first day, YYYY-MM-DD.</summary>
    [SentAs(typeof(string))]
    public Optional<DateOnly?> StartDate { get; init; }

    /// <summary>The last day (included), YYYY-MM-DD, not before startDate.</summary>
    [SentAs(typeof(string))]
    public Optional<DateOnly?> EndDate { get; init; }

    /// <summary>Planned or Unplanned.</summary>
    [SentAs(typeof(string))]
    public Optional<AbsenceType?> Type { get; init; }
}

/// <summary>What the caller may read of absences: everyone's but as a guest, whose own only.</summary>
public static class AbsenceVisibility
{
    public static IQueryable<Absence> VisibleAbsences(this PlanwerkDb db, Caller caller) =>
        caller.Has(Right.Calendar) ? db.Absences : db.Absences.Where(a => a.EmployeeId == caller.EmployeeId);
}

/// <summary>
/// The rules for absences and substitutes, on every plan. Everyone but guests reads the cloud's and keeps their own
/// (<see cref="Right.Calendar"/>); AllRights users keep everyone's (<see cref="Right.ManageAllAbsences"/>); guests read
/// their own absences. Batches are atomic (all or none). Webhook events come from the change tracker (<c>AbsenceCreated</c>,
/// <c>AbsenceUpdated</c>, <c>AbsenceDeleted</c>, <c>SubstituteAdded</c>, <c>SubstituteRemoved</c>).
/// </summary>
public sealed class AbsenceService(PlanwerkDb db, TimeProvider time)
{
    /// <summary>The visible absences, optionally of one user, of one type and overlapping the days <c>[from, to]</c>.</summary>
    public IQueryable<Absence> List(Caller caller, Guid? employeeId, DateOnly? from, DateOnly? to, AbsenceType? type)
    {
        var absences = db.VisibleAbsences(caller);
        if (employeeId is { } employee)
        {
            absences = absences.Where(a => a.EmployeeId == employee);
        }

        if (from is { } start)
        {
            absences = absences.Where(a => a.EndDate >= start);
        }

        if (to is { } end)
        {
            absences = absences.Where(a => a.StartDate <= end);
        }

        if (type is { } t)
        {
            absences = absences.Where(a => a.Type == t);
        }

        return absences;
    }

    /// <summary>A user's absences (404 for a user the caller cannot see: a guest sees only themselves).</summary>
    public async Task<IQueryable<Absence>> ListOfAsync(Caller caller, Guid userId, DateOnly? from, DateOnly? to, AbsenceType? type, CancellationToken ct)
    {
        await RequireUserAsync(caller, userId, ct);
        return List(caller, userId, from, to, type);
    }

    public async Task<Absence> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await db.VisibleAbsences(caller).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw DomainException.NotFound("Absence", id);

    /// <summary>Records all or none (factro's atomic batch); <paramref name="userId"/> (the path's user) overrides each item's employeeId.</summary>
    public async Task<IReadOnlyList<Absence>> CreateManyAsync(Caller caller, IReadOnlyList<(AbsenceInput Input, IInputErrors Errors)> items, Guid? userId,
        CancellationToken ct)
    {
        if (userId is { } user)
        {
            await RequireUserAsync(caller, user, ct);
        }

        Rights.Require(caller, Right.Calendar, "record absences");
        var owners = items.Select(i => userId ?? i.Input.EmployeeId.Value ?? caller.EmployeeId).ToList();
        foreach (var owner in owners)
        {
            RequireMayKeepFor(caller, owner);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var (input, errors) = items[i];
            foreach (var (name, present) in new[] { ("startDate", input.StartDate.Value is not null), ("endDate", input.EndDate.Value is not null) })
            {
                if (!present)
                {
                    errors.Invalid(name, "required", $"{name} is required.");
                }
            }

            await ValidateAsync(null, userId is null ? input : input with { EmployeeId = default }, errors, ct);
            if (userId is { } owner && owner != caller.EmployeeId)
            {
                await errors.ActiveUserAsync(db, "employeeId", owner, ct);
            }
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var absences = new List<Absence>();
        for (var i = 0; i < items.Count; i++)
        {
            var absence = new Absence { EmployeeId = owners[i], CreatedAt = now };
            Apply(absence, items[i].Input with { EmployeeId = default });
            db.Absences.Add(absence);
            absences.Add(absence);
        }

        await db.SaveChangesAsync(ct); // one save: one transaction
        return absences;
    }

    /// <summary>Changes all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Absence>> UpdateManyAsync(Caller caller, IReadOnlyList<(Guid Id, AbsenceInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        var absences = new List<Absence>();
        foreach (var (id, input, _) in items)
        {
            var absence = await GetAsync(caller, id, ct);
            absences.Add(absence);
        }

        Rights.Require(caller, Right.Calendar, "change absences");
        for (var i = 0; i < items.Count; i++)
        {
            RequireMayKeepFor(caller, absences[i].EmployeeId);
            if (items[i].Input.EmployeeId is { HasValue: true, Value: { } employee })
            {
                RequireMayKeepFor(caller, employee);
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            await ValidateAsync(absences[i], items[i].Input, items[i].Errors, ct);
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        for (var i = 0; i < items.Count; i++)
        {
            Apply(absences[i], items[i].Input);
        }

        await db.SaveChangesAsync(ct);
        return absences;
    }

    /// <summary>Deletes an absence; returns it as it was.</summary>
    public async Task<Absence> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var absence = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.Calendar, "delete absences");
        RequireMayKeepFor(caller, absence.EmployeeId);
        db.Absences.Remove(absence);
        await db.SaveChangesAsync(ct);
        return absence;
    }

    /// <summary>The users who stand in for <paramref name="userId"/>.</summary>
    public async Task<IQueryable<Employee>> SubstitutesAsync(Caller caller, Guid userId, CancellationToken ct)
    {
        Rights.Require(caller, Right.Calendar, "see substitutes");
        await RequireUserAsync(caller, userId, ct);
        return db.Employees.Include(e => e.Account).Where(e => db.Substitutions.Any(s => s.EmployeeId == userId && s.SubstituteId == e.Id));
    }

    /// <summary>The users <paramref name="userId"/> stands in for.</summary>
    public async Task<IQueryable<Employee>> SubstitutedAsync(Caller caller, Guid userId, CancellationToken ct)
    {
        Rights.Require(caller, Right.Calendar, "see substitutes");
        await RequireUserAsync(caller, userId, ct);
        return db.Employees.Include(e => e.Account).Where(e => db.Substitutions.Any(s => s.SubstituteId == userId && s.EmployeeId == e.Id));
    }

    /// <summary>
    /// Makes <paramref name="substituteId"/> a substitute of <paramref name="userId"/> (idempotent: one already answers as they are).
    /// A new substitute must be an active user of the cloud (422 <c>unknown_user</c>) other than the user (422 <c>self</c>).
    /// </summary>
    public async Task<Employee> AddSubstituteAsync(Caller caller, Guid userId, Optional<Guid?> substituteId, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.Calendar, "choose substitutes");
        await RequireUserAsync(caller, userId, ct);
        RequireMayKeepFor(caller, userId);
        if (substituteId.Value is null)
        {
            errors.Invalid("substituteId", "required", "substituteId is required.");
        }

        errors.ThrowIfInvalid(); // a malformed id (400) before a missing one (422)
        var id = substituteId.Value!.Value;
        if (id == userId)
        {
            errors.Invalid("substituteId", "self", "A user cannot be their own substitute.");
            errors.ThrowIfInvalid();
        }

        if (!await db.Substitutions.AnyAsync(s => s.EmployeeId == userId && s.SubstituteId == id, ct))
        {
            await errors.ActiveUserAsync(db, "substituteId", id, ct);
            errors.ThrowIfInvalid();
            db.Substitutions.Add(new Substitution { EmployeeId = userId, SubstituteId = id, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                // Added at the same moment by another request (the unique index): that one's substitution stands, with its event.
                db.ChangeTracker.Clear();
            }
        }

        return await db.Employees.Include(e => e.Account).AsNoTracking().FirstAsync(e => e.Id == id, ct);
    }

    /// <summary>Ends a substitution; returns the substitute.</summary>
    public async Task<Employee> RemoveSubstituteAsync(Caller caller, Guid userId, Guid substituteId, CancellationToken ct)
    {
        Rights.Require(caller, Right.Calendar, "choose substitutes");
        await RequireUserAsync(caller, userId, ct);
        RequireMayKeepFor(caller, userId);
        var substitution = await db.Substitutions.FirstOrDefaultAsync(s => s.EmployeeId == userId && s.SubstituteId == substituteId, ct)
            ?? throw DomainException.NotFound($"User with id \"{substituteId}\" is no substitute of user \"{userId}\".");
        db.Substitutions.Remove(substitution);
        await db.SaveChangesAsync(ct);
        return await db.Employees.Include(e => e.Account).AsNoTracking().FirstAsync(e => e.Id == substituteId, ct);
    }

    /// <summary>404 for a user who is not in the cloud or whom the caller cannot see (a guest sees only themselves).</summary>
    private async Task RequireUserAsync(Caller caller, Guid userId, CancellationToken ct)
    {
        if ((caller.IsGuest && userId != caller.EmployeeId) || !await db.Employees.AnyAsync(e => e.Id == userId, ct))
        {
            throw DomainException.NotFound("User", userId);
        }
    }

    private static void RequireMayKeepFor(Caller caller, Guid employeeId) =>
        Rights.Require(employeeId == caller.EmployeeId || caller.Has(Right.ManageAllAbsences), "keep the absences and substitutes of other users");

    private async Task ValidateAsync(Absence? current, AbsenceInput input, IInputErrors errors, CancellationToken ct)
    {
        foreach (var (name, cleared) in new[]
        {
            ("startDate", input.StartDate is { HasValue: true, Value: null }), ("endDate", input.EndDate is { HasValue: true, Value: null }),
            ("type", input.Type is { HasValue: true, Value: null }), ("employeeId", input.EmployeeId is { HasValue: true, Value: null }),
        })
        {
            if (cleared)
            {
                errors.Invalid(name, "required", $"{name} must not be null.");
            }
        }

        errors.NotBefore("endDate", input.EndDate.Or(current?.EndDate), "startDate", input.StartDate.Or(current?.StartDate));
        if (input.EmployeeId is { HasValue: true, Value: { } employee } && employee != current?.EmployeeId)
        {
            await errors.ActiveUserAsync(db, "employeeId", employee, ct);
        }
    }

    private static void Apply(Absence absence, AbsenceInput input)
    {
        if (input.EmployeeId is { HasValue: true, Value: { } employee }) absence.EmployeeId = employee;
        if (input.StartDate is { HasValue: true, Value: { } start }) absence.StartDate = start;
        if (input.EndDate is { HasValue: true, Value: { } end }) absence.EndDate = end;
        if (input.Type is { HasValue: true, Value: { } type }) absence.Type = type;
    }
}
