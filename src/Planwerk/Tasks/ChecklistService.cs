using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tasks;

/// <summary>A checklist entry. On POST <c>title</c> is required; guests executing the task may send only <c>checked</c>.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>ChecklistEntryWrite</c>).</remarks>
public sealed record ChecklistEntryInput
{
    public Optional<string?> Title { get; init; }
    public Optional<bool?> Checked { get; init; }
    public Optional<int?> Position { get; init; }
    public Optional<DateTime?> EndDate { get; init; }
    public Optional<Guid?> AssigneeId { get; init; }
}

/// <summary>
/// The rules for a task's checklist. Task editors add, change and remove entries; a guest may only
/// tick (<c>checked</c>) the entries of tasks they execute. A closed task's checklist is frozen.
/// </summary>
public sealed class ChecklistService(PlanwerkDb db, TaskService tasks, TimeProvider time)
{
    public async Task<IQueryable<ChecklistEntry>> ListAsync(Caller caller, Guid taskId, CancellationToken ct)
    {
        await tasks.GetAsync(caller, taskId, ct);
        return db.ChecklistEntries.Where(e => e.TaskId == taskId);
    }

    /// <summary>Appends an entry (or puts it at <c>position</c>, if sent).</summary>
    public async Task<ChecklistEntry> AddAsync(Caller caller, Guid taskId, ChecklistEntryInput input, IInputErrors errors, CancellationToken ct)
    {
        await tasks.GetWritableAsync(caller, taskId, "change checklists", ct);
        if (!input.Title.HasValue)
        {
            errors.Invalid("title", "required", "title is required.");
        }

        await ValidateAsync(input, errors, ct);
        errors.ThrowIfInvalid();
        var last = await db.ChecklistEntries.Where(e => e.TaskId == taskId).MaxAsync(e => (int?)e.Position, ct);
        var entry = new ChecklistEntry { TaskId = taskId, Title = string.Empty, Position = (last ?? 0) + 1 };
        Apply(entry, input, time.GetUtcNow().UtcDateTime);
        db.ChecklistEntries.Add(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>Changes an entry; a guest executing the task may send <c>checked</c> and nothing else.</summary>
    public async Task<ChecklistEntry> UpdateAsync(Caller caller, Guid taskId, Guid entryId, ChecklistEntryInput input, IInputErrors errors,
        CancellationToken ct)
    {
        var task = await tasks.GetAsync(caller, taskId, ct);
        var onlyTicks = !input.Title.HasValue && !input.Position.HasValue && !input.EndDate.HasValue && !input.AssigneeId.HasValue;
        Rights.Require(caller.Has(Right.EditTasks) || (onlyTicks && task.ExecutorId == caller.EmployeeId), "change this checklist");
        await db.RequireWriteAsync(caller, task, "change this checklist", ct);
        TaskService.RequireOpen(task);
        var entry = await GetAsync(taskId, entryId, ct);
        await ValidateAsync(input, errors, ct);
        errors.ThrowIfInvalid();
        Apply(entry, input, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    /// <summary>
    /// Moves an entry <paramref name="by"/> places up (negative) or down in the checklist's order, numbering the entries
    /// 1, 2, … in one save, so two entries never swap halfway; at either end it stays. Task editors only, as for positions.
    /// </summary>
    public async Task<ChecklistEntry> MoveAsync(Caller caller, Guid taskId, Guid entryId, int by, CancellationToken ct)
    {
        await tasks.GetWritableAsync(caller, taskId, "change checklists", ct);
        var entries = await db.ChecklistEntries.Where(e => e.TaskId == taskId).OrderBy(e => e.Position).ThenBy(e => e.Id).ToListAsync(ct);
        var entry = entries.FirstOrDefault(e => e.Id == entryId) ?? throw DomainException.NotFound("Checklist entry", entryId);
        var from = entries.IndexOf(entry);
        var to = Math.Clamp(from + by, 0, entries.Count - 1);
        entries.RemoveAt(from);
        entries.Insert(to, entry);
        var now = time.GetUtcNow().UtcDateTime;
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Position != i + 1)
            {
                entries[i].Position = i + 1;
                entries[i].ChangeDate = now;
            }
        }

        await db.SaveChangesAsync(ct);
        return entry;
    }

    public async Task<ChecklistEntry> DeleteAsync(Caller caller, Guid taskId, Guid entryId, CancellationToken ct)
    {
        await tasks.GetWritableAsync(caller, taskId, "change checklists", ct);
        var entry = await GetAsync(taskId, entryId, ct);
        db.ChecklistEntries.Remove(entry);
        await db.SaveChangesAsync(ct);
        return entry;
    }

    private async Task<ChecklistEntry> GetAsync(Guid taskId, Guid entryId, CancellationToken ct) =>
        await db.ChecklistEntries.FirstOrDefaultAsync(e => e.TaskId == taskId && e.Id == entryId, ct)
        ?? throw DomainException.NotFound("Checklist entry", entryId);

    private async Task ValidateAsync(ChecklistEntryInput input, IInputErrors errors, CancellationToken ct)
    {
        if (input.Title is { HasValue: true, Value: var title } && string.IsNullOrWhiteSpace(title))
        {
            errors.Invalid("title", "required", "title must not be empty.");
        }

        errors.MaxLength("title", input.Title.Value?.Trim(), ChecklistEntry.TitleMaxLength);
        errors.NotNegative("position", input.Position);

        if (input.Checked is { HasValue: true, Value: null })
        {
            errors.Invalid("checked", "required", "checked must be true or false.");
        }

        if (input.Position is { HasValue: true, Value: null })
        {
            errors.Invalid("position", "required", "position must be a number.");
        }

        await errors.ActiveUserAsync(db, "assigneeId", input.AssigneeId, ct);
    }

    private static void Apply(ChecklistEntry entry, ChecklistEntryInput input, DateTime now)
    {
        if (input.Title.HasValue) entry.Title = input.Title.Value!.Trim();
        if (input.Checked is { HasValue: true, Value: { } ticked }) entry.Checked = ticked;
        if (input.Position is { HasValue: true, Value: { } position }) entry.Position = position;
        if (input.EndDate.HasValue) entry.EndDate = input.EndDate.Value;
        if (input.AssigneeId.HasValue) entry.AssigneeId = input.AssigneeId.Value;
        entry.ChangeDate = now;
    }
}
