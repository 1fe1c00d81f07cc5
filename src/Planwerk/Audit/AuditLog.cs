using Planwerk.Infrastructure.Data;

namespace Planwerk.Audit;

/// <summary>
/// Adds audit rows to the unit of work of the change they describe, so the change and its audit
/// row commit together or not at all.
/// </summary>
public sealed class AuditLog(PlanwerkDb db, TimeProvider time)
{
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
