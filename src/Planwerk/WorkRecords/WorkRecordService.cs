using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.WorkRecords;

/// <summary>A work record (professional plan). On POST startDate, minutesWorked, utcOffset, bookedOnReferenceId and bookedOnReferenceType are required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>WorkRecordWrite</c>).</remarks>
public sealed record WorkRecordInput
{
    /// <summary>YYYY-MM-DD.</summary>
    [SentAs(typeof(string))]
    public Optional<DateOnly?> StartDate { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    [SentAs(typeof(string))]
    public Optional<DateOnly?> EndDate { get; init; }
    /// <summary>HH:MM.</summary>
    [SentAs(typeof(string))]
    public Optional<TimeOnly?> StartTime { get; init; }
    /// <summary>HH:MM.</summary>
    [SentAs(typeof(string))]
    public Optional<TimeOnly?> EndTime { get; init; }
    /// <summary>The booker's UTC offset in minutes.</summary>
    public Optional<int?> UtcOffset { get; init; }
    /// <summary>Minutes.</summary>
    public Optional<int?> MinutesWorked { get; init; }
    /// <summary>The task, package or project booked on.</summary>
    public Optional<Guid?> BookedOnReferenceId { get; init; }
    /// <summary>task, package or project.</summary>
    public Optional<BookedOnReferenceType?> BookedOnReferenceType { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<bool?> IsBillable { get; init; }
    public Optional<bool?> IsBilled { get; init; }
    /// <summary>Whose time it is; default the caller (BasicRights: only themselves).</summary>
    public Optional<Guid?> WorkEmployeeId { get; init; }
    public Optional<double?> TravelledDistanceKm { get; init; }
    /// <summary>Write-only: sets the booked task's <c>remainingEffort</c> (minutes).</summary>
    public Optional<int?> RemainingTaskEffort { get; init; }
}

/// <summary>What the caller may read of work records: nothing without the plan or as a guest; BasicRights only their own.</summary>
public static class WorkRecordVisibility
{
    public static IQueryable<WorkRecord> VisibleWorkRecords(this PlanwerkDb db, Caller caller) =>
        !caller.Plan.Has(PlanFeature.WorkRecords) || !caller.Has(Right.RecordWork) ? db.WorkRecords.Where(w => false)
        : caller.Has(Right.ManageAllWorkRecords) ? db.WorkRecords
        : db.WorkRecords.Where(w => w.WorkEmployeeId == caller.EmployeeId);
}

/// <summary>
/// The rules for work records ("erfasste Leistungen", professional plan only). Booking keeps the
/// booked task's, package's or project's <c>realizedEffort</c> in step: a record adds its minutes,
/// a change moves them, a deletion takes them back.
/// </summary>
public sealed class WorkRecordService(PlanwerkDb db, TimeProvider time)
{
    /// <summary>At most a month of round-the-clock work in one record.</summary>
    public const int MaxMinutesWorked = 1440 * 31;

    public const int MaxUtcOffset = 14 * 60;

    /// <summary>The records the caller can see, optionally filtered on <c>startDate</c> (inclusive).</summary>
    public IQueryable<WorkRecord> List(Caller caller, DateOnly? from, DateOnly? to)
    {
        RequireAccess(caller);
        var records = db.VisibleWorkRecords(caller);
        if (from is { } start)
        {
            records = records.Where(w => w.StartDate >= start);
        }

        if (to is { } end)
        {
            records = records.Where(w => w.StartDate <= end);
        }

        return records;
    }

    /// <summary>The visible records booked on the project, its packages or its tasks.</summary>
    public async Task<IQueryable<WorkRecord>> ListByProjectAsync(Caller caller, Guid projectId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        RequireAccess(caller);
        if (!await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == projectId, ct))
        {
            throw DomainException.NotFound("Project", projectId);
        }

        var packages = db.Packages.Where(p => p.ProjectId == projectId).Select(p => p.Id);
        var tasks = db.Tasks.Where(t => t.ProjectId == projectId).Select(t => t.Id);
        return List(caller, from, to).Where(w =>
            (w.BookedOnReferenceType == BookedOnReferenceType.Project && w.BookedOnReferenceId == projectId)
            || (w.BookedOnReferenceType == BookedOnReferenceType.Package && packages.Contains(w.BookedOnReferenceId))
            || (w.BookedOnReferenceType == BookedOnReferenceType.Task && tasks.Contains(w.BookedOnReferenceId)));
    }

    public async Task<WorkRecord> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        RequireAccess(caller);
        return await db.VisibleWorkRecords(caller).FirstOrDefaultAsync(w => w.Id == id, ct) ?? throw DomainException.NotFound("Work record", id);
    }

    public async Task<WorkRecord> CreateAsync(Caller caller, WorkRecordInput input, IInputErrors errors, CancellationToken ct) =>
        (await CreateManyAsync(caller, [(input, errors)], ct))[0];

    /// <summary>Books all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<WorkRecord>> CreateManyAsync(Caller caller, IReadOnlyList<(WorkRecordInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        RequireAccess(caller);
        foreach (var (input, _) in items)
        {
            RequireMayBookFor(caller, input.WorkEmployeeId.Or(null) ?? caller.EmployeeId);
        }

        var targets = new List<BookingTarget?>();
        foreach (var (input, errors) in items)
        {
            foreach (var (name, present) in new[]
            {
                ("startDate", input.StartDate.Value is not null), ("minutesWorked", input.MinutesWorked.Value is not null),
                ("utcOffset", input.UtcOffset.Value is not null), ("bookedOnReferenceId", input.BookedOnReferenceId.Value is not null),
                ("bookedOnReferenceType", input.BookedOnReferenceType.Value is not null),
            })
            {
                if (!present)
                {
                    errors.Invalid(name, "required", $"{name} is required.");
                }
            }

            targets.Add(await ValidateAsync(caller, input, null, errors, ct));
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var records = new List<WorkRecord>();
        for (var i = 0; i < items.Count; i++)
        {
            var target = targets[i]!;
            var record = new WorkRecord
            {
                Title = target.Title,
                WorkEmployeeId = caller.EmployeeId,
                CreatorEmployeeId = caller.EmployeeId,
                BookedOnReferenceId = target.Id,
                BookedOnReferenceType = target.Type,
                CreatedAt = now,
            };
            Apply(record, items[i].Input, now);
            db.WorkRecords.Add(record);
            records.Add(record);
        }

        await db.SaveChangesAsync(ct);
        for (var i = 0; i < items.Count; i++)
        {
            await AddEffortAsync(records[i].BookedOnReferenceType, records[i].BookedOnReferenceId, records[i].MinutesWorked, ct);
            await SetRemainingTaskEffortAsync(records[i], items[i].Input, ct);
        }

        await transaction.CommitAsync(ct);
        return records;
    }

    public async Task<WorkRecord> UpdateAsync(Caller caller, Guid id, WorkRecordInput input, IInputErrors errors, CancellationToken ct) =>
        (await UpdateManyAsync(caller, [(id, input, errors)], ct))[0];

    /// <summary>Changes all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<WorkRecord>> UpdateManyAsync(Caller caller, IReadOnlyList<(Guid Id, WorkRecordInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        RequireAccess(caller);
        var records = new List<WorkRecord>();
        foreach (var (id, input, _) in items)
        {
            records.Add(await GetAsync(caller, id, ct));
            if (input.WorkEmployeeId is { HasValue: true, Value: { } worker })
            {
                RequireMayBookFor(caller, worker);
            }
        }

        var targets = new List<BookingTarget?>();
        for (var i = 0; i < items.Count; i++)
        {
            targets.Add(await ValidateAsync(caller, items[i].Input, records[i], items[i].Errors, ct));
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var before = records.Select(r => (r.BookedOnReferenceType, r.BookedOnReferenceId, r.MinutesWorked)).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (targets[i] is { } target)
            {
                records[i].BookedOnReferenceType = target.Type;
                records[i].BookedOnReferenceId = target.Id;
                records[i].Title = target.Title;
            }

            Apply(records[i], items[i].Input, now);
        }

        await db.SaveChangesAsync(ct);
        for (var i = 0; i < items.Count; i++)
        {
            var (oldType, oldId, oldMinutes) = before[i];
            await AddEffortAsync(oldType, oldId, -oldMinutes, ct);
            await AddEffortAsync(records[i].BookedOnReferenceType, records[i].BookedOnReferenceId, records[i].MinutesWorked, ct);
            await SetRemainingTaskEffortAsync(records[i], items[i].Input, ct);
        }

        await transaction.CommitAsync(ct);
        return records;
    }

    /// <summary>Deletes a record and takes its minutes back from what it was booked on; returns it.</summary>
    public async Task<WorkRecord> DeleteAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var record = await GetAsync(caller, id, ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Comments.Where(c => c.ReferenceType == Comments.CommentReferenceType.WorkRecord && c.ReferenceId == id).ExecuteDeleteAsync(ct);
        db.WorkRecords.Remove(record);
        await db.SaveChangesAsync(ct);
        await AddEffortAsync(record.BookedOnReferenceType, record.BookedOnReferenceId, -record.MinutesWorked, ct);
        await transaction.CommitAsync(ct);
        return record;
    }

    /// <summary>Plan first (governance rule 4), then the security group.</summary>
    private static void RequireAccess(Caller caller)
    {
        PlanGate.Require(caller.Plan, PlanFeature.WorkRecords);
        Rights.Require(caller, Right.RecordWork, "use work records");
    }

    private static void RequireMayBookFor(Caller caller, Guid workEmployeeId) =>
        Rights.Require(workEmployeeId == caller.EmployeeId || caller.Has(Right.ManageAllWorkRecords), "book work records for other users");

    /// <summary>Reports rule violations; returns the (new) booking target when the booking changes, else null.</summary>
    private async Task<BookingTarget?> ValidateAsync(Caller caller, WorkRecordInput input, WorkRecord? current, IInputErrors errors, CancellationToken ct)
    {
        if (current is not null)
        {
            foreach (var (name, cleared) in new[]
            {
                ("startDate", input.StartDate is { HasValue: true, Value: null }), ("minutesWorked", input.MinutesWorked is { HasValue: true, Value: null }),
                ("utcOffset", input.UtcOffset is { HasValue: true, Value: null }), ("bookedOnReferenceId", input.BookedOnReferenceId is { HasValue: true, Value: null }),
                ("bookedOnReferenceType", input.BookedOnReferenceType is { HasValue: true, Value: null }),
                ("workEmployeeId", input.WorkEmployeeId is { HasValue: true, Value: null }),
            })
            {
                if (cleared)
                {
                    errors.Invalid(name, "required", $"{name} must not be null.");
                }
            }
        }

        if (input.MinutesWorked is { HasValue: true, Value: { } minutes } && minutes is < 1 or > MaxMinutesWorked)
        {
            errors.Invalid("minutesWorked", "out_of_range", $"minutesWorked must be between 1 and {MaxMinutesWorked}.");
        }

        if (input.UtcOffset is { HasValue: true, Value: { } offset } && offset is < -MaxUtcOffset or > MaxUtcOffset)
        {
            errors.Invalid("utcOffset", "out_of_range", $"utcOffset must be between {-MaxUtcOffset} and {MaxUtcOffset} minutes.");
        }

        if (input.TravelledDistanceKm is { HasValue: true, Value: < 0 })
        {
            errors.Invalid("travelledDistanceKm", "out_of_range", "travelledDistanceKm must not be negative.");
        }

        if (input.Description is { HasValue: true, Value: { Length: > WorkRecord.DescriptionMaxLength } })
        {
            errors.Invalid("description", "too_long", $"description may have at most {WorkRecord.DescriptionMaxLength} characters.");
        }

        var startDate = input.StartDate.Or(current?.StartDate);
        var endDate = input.EndDate.Or(current?.EndDate);
        errors.NotBefore("endDate", endDate, "startDate", startDate);

        var startTime = input.StartTime.Or(current?.StartTime);
        var endTime = input.EndTime.Or(current?.EndTime);
        if (startTime is not null && endTime is not null && (endDate is null || endDate == startDate) && endTime < startTime)
        {
            errors.Invalid("endTime", "before_start", "endTime must not lie before startTime on the same day.");
        }

        if (input.WorkEmployeeId is { HasValue: true, Value: { } worker } && worker != current?.WorkEmployeeId
            && !await db.Employees.AnyAsync(e => e.Id == worker && e.IsActive, ct))
        {
            errors.Invalid("workEmployeeId", "unknown_user", $"No active user with id \"{worker}\" in this cloud.");
        }

        var type = input.BookedOnReferenceType.Or(current?.BookedOnReferenceType);
        var referenceId = input.BookedOnReferenceId.Or(current?.BookedOnReferenceId);
        if (input.RemainingTaskEffort is { HasValue: true, Value: { } remaining })
        {
            if (remaining < 0)
            {
                errors.Invalid("remainingTaskEffort", "out_of_range", "remainingTaskEffort must not be negative.");
            }

            if (type is not null and not BookedOnReferenceType.Task)
            {
                errors.Invalid("remainingTaskEffort", "not_a_task", "remainingTaskEffort applies only to records booked on a task.");
            }
        }

        if (type is not { } t || referenceId is not { } id || (current is not null && t == current.BookedOnReferenceType && id == current.BookedOnReferenceId))
        {
            return null;
        }

        var target = await FindTargetAsync(caller, t, id, ct);
        if (target is null)
        {
            errors.Invalid("bookedOnReferenceId", "not_found", $"No {t.Wire()} with id \"{id}\" that you can see in this cloud.");
        }

        return target;
    }

    private async Task<BookingTarget?> FindTargetAsync(Caller caller, BookedOnReferenceType type, Guid id, CancellationToken ct)
    {
        var found = type switch
        {
            BookedOnReferenceType.Task => await (await db.VisibleTasksAsync(caller, ct)).Where(x => x.Id == id).Select(x => new { x.Number, x.Title }).FirstOrDefaultAsync(ct),
            BookedOnReferenceType.Package => await (await db.VisiblePackagesAsync(caller, ct)).Where(x => x.Id == id).Select(x => new { x.Number, x.Title }).FirstOrDefaultAsync(ct),
            _ => await (await db.VisibleProjectsAsync(caller, ct)).Where(x => x.Id == id).Select(x => new { x.Number, x.Title }).FirstOrDefaultAsync(ct),
        };
        return found is null ? null : new BookingTarget(type, id, $"#{found.Number} {found.Title}");
    }

    /// <summary>Moves <paramref name="minutes"/> into (or, negative, out of) the booked item's realizedEffort, never below zero.</summary>
    private async Task AddEffortAsync(BookedOnReferenceType type, Guid id, int minutes, CancellationToken ct)
    {
        switch (type)
        {
            case BookedOnReferenceType.Task:
                await db.Tasks.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RealizedEffort,
                    x => x.RealizedEffort + minutes < 0 ? 0 : x.RealizedEffort + minutes), ct);
                break;
            case BookedOnReferenceType.Package:
                await db.Packages.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RealizedEffort,
                    x => x.RealizedEffort + minutes < 0 ? 0 : x.RealizedEffort + minutes), ct);
                break;
            default:
                await db.Projects.Where(x => x.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RealizedEffort,
                    x => x.RealizedEffort + minutes < 0 ? 0 : x.RealizedEffort + minutes), ct);
                break;
        }
    }

    private async Task SetRemainingTaskEffortAsync(WorkRecord record, WorkRecordInput input, CancellationToken ct)
    {
        if (input.RemainingTaskEffort is { HasValue: true, Value: { } remaining } && record.BookedOnReferenceType == BookedOnReferenceType.Task)
        {
            await db.Tasks.Where(x => x.Id == record.BookedOnReferenceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.RemainingEffort, remaining), ct);
        }
    }

    private static void Apply(WorkRecord record, WorkRecordInput input, DateTime now)
    {
        if (input.StartDate is { HasValue: true, Value: { } startDate }) record.StartDate = startDate;
        if (input.EndDate.HasValue) record.EndDate = input.EndDate.Value;
        if (input.StartTime.HasValue) record.StartTime = input.StartTime.Value;
        if (input.EndTime.HasValue) record.EndTime = input.EndTime.Value;
        if (input.UtcOffset is { HasValue: true, Value: { } offset }) record.UtcOffset = offset;
        if (input.MinutesWorked is { HasValue: true, Value: { } minutes }) record.MinutesWorked = minutes;
        if (input.Description.HasValue) record.Description = input.Description.Value;
        if (input.IsBillable.HasValue) record.IsBillable = input.IsBillable.Value ?? false;
        if (input.IsBilled.HasValue) record.IsBilled = input.IsBilled.Value ?? false;
        if (input.WorkEmployeeId is { HasValue: true, Value: { } worker }) record.WorkEmployeeId = worker;
        if (input.TravelledDistanceKm.HasValue) record.TravelledDistanceKm = input.TravelledDistanceKm.Value;
        record.UpdatedAt = now;
    }

    private sealed record BookingTarget(BookedOnReferenceType Type, Guid Id, string Title);
}
