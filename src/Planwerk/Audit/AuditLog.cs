using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Audit;

/// <summary>
/// Adds audit rows to the unit of work of the change they describe, so the change and its audit
/// row commit together or not at all; and lists them, for the API and the page alike.
/// </summary>
public sealed class AuditLog(PlanwerkDb db, TimeProvider time)
{
    /// <summary>
    /// The cloud's audit log for an admin (403 otherwise), filtered by action and channel when given; unordered, so the
    /// API pages it by cursor and the page by <c>before</c>, both newest first by id.
    /// </summary>
    public IQueryable<AuditEntry> Entries(Caller caller, string? action = null, string? channel = null,
        DateOnly? from = null, DateOnly? to = null, Guid? actor = null)
    {
        Rights.Require(caller, Right.ReadAuditLog, "read the audit log");
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(action))
        {
            entries = entries.Where(a => a.Action == action);
        }

        if (!string.IsNullOrEmpty(channel))
        {
            entries = entries.Where(a => a.Channel == channel);
        }

        // A day range in UTC, both days included: from its first moment to before the next day's.
        if (from is { } start)
        {
            var since = start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.OccurredAt >= since);
        }

        if (to is { } end)
        {
            var until = end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            entries = entries.Where(a => a.OccurredAt < until);
        }

        if (actor is { } who)
        {
            entries = entries.Where(a => a.ActorEmployeeId == who);
        }

        return entries;
    }

    public void Record(Guid cloudId, AuditActor actor, string action, string? targetType = null, Guid? targetId = null,
        string? oldValue = null, string? newValue = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            CloudId = cloudId,
            OccurredAt = time.GetUtcNow().UtcDateTime,
            Channel = actor.Channel,
            ActorEmployeeId = actor.EmployeeId,
            ActorName = actor.Name,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            OldValue = oldValue,
            NewValue = newValue,
        });
    }
}
