using Planwerk.Absences;
using Planwerk.Access;
using Planwerk.Appointments;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Teams;
using Planwerk.WorkRecords;

namespace Planwerk.Webhooks;

/// <summary>A field's change in an event's <c>context.changes</c>.</summary>
public sealed record FieldChange(object? Old, object? New);

/// <summary>A change a service reports itself (<see cref="PlanwerkDb.Report"/>) because no tracked entity shows it.</summary>
public sealed record ReportedChange(Guid CloudId, string Action, string EntityType, Guid EntityId, Guid? ProjectId, Dictionary<string, FieldChange> Fields);

/// <summary>
/// The transactional outbox. On every save, <see cref="PlanwerkDb"/> hands its pending changes here
/// before writing; for each change to a project, package, task, task comment, checklist entry, work
/// record, user, company, contact, team, team membership, appointment, absence or substitution, the matching event and one delivery per subscribed active
/// webhook are added to the same unit of work, so they commit with the change or not at all. Because
/// it reads the change tracker, an action fires whichever door the change came through (API, UI,
/// batch, CLI) and no service can forget it. Fan-out happens here, at write time: there is no separate
/// dispatcher to run, crash or double-run. Nothing is written while the cloud's webhooks are off or
/// when no webhook wants the action.
/// </summary>
public sealed class WebhookOutbox(TimeProvider time, DeliverySignal signal)
{
    private static readonly JsonSerializerOptions Json = CreateJson();
    private static readonly HashSet<string> Unreported = ["CloudId", "ChangeDate", "UpdatedAt", "CreationDate", "CreatedAt", "Number"];

    // Both run on every write that changes something webhooks report: compiled once (docs/benchmarks.md, "Writes").
    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<CloudFlags?>>> FindCloud = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid cloudId, CancellationToken ct) => db.Clouds.AsNoTracking().Where(c => c.Id == cloudId)
            .Select(c => new CloudFlags(c.WebhooksEnabled, c.Plan)).FirstOrDefault()));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, IAsyncEnumerable<Webhook>>> ActiveWebhooks = new(() => EF.CompileAsyncQuery<PlanwerkDb, Guid, Webhook>(
        (db, cloudId) => db.Webhooks.IgnoreQueryFilters(new[] { PlanwerkDb.TenantFilter }).AsNoTracking().Where(w => w.CloudId == cloudId && w.IsActive
            // A webhook acts with its owner's rights: only an active AllRights user (Right.ManageWebhooks, who reads everything,
            // per-object rights or not) is sent events, so no owner is ever sent an entity they cannot read (docs/webhooks.md).
            && db.Employees.IgnoreQueryFilters(new[] { PlanwerkDb.TenantFilter }).Any(e => e.Id == w.EmployeeId && e.CloudId == cloudId && e.IsActive
                && e.SecurityGroup == Employees.SecurityGroup.AllRights))));

    private sealed record CloudFlags(bool WebhooksEnabled, Clouds.Plan Plan);

    /// <summary>Adds events and deliveries for the tracked changes of <paramref name="db"/>; returns whether any delivery was added.</summary>
    public async Task<bool> CaptureAsync(PlanwerkDb db, CancellationToken ct)
    {
        db.ChangeTracker.DetectChanges();
        var changes = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .SelectMany(Describe)
            .Concat(db.TakeReported().Select(r => new Change(r.CloudId, r.Action, r.EntityType, r.EntityId, r.ProjectId, r.Fields)))
            .ToList();
        if (changes.Count == 0)
        {
            return false;
        }

        var added = false;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var cloud in changes.GroupBy(c => c.CloudId))
        {
            var target = await FindCloud.For(db)(db, cloud.Key, ct);
            if (target is not { WebhooksEnabled: true })
            {
                continue;
            }

            var webhooks = await ActiveWebhooks.For(db)(db, cloud.Key).ToListAsync(ct);
            foreach (var change in cloud)
            {
                var wanted = WebhookActions.IsAvailable(change.Action, target.Plan)
                    ? webhooks.Where(w => WebhookActions.Wants(w.Actions, change.Action)).ToList()
                    : [];
                if (wanted.Count == 0)
                {
                    continue;
                }

                var @event = new WebhookEvent
                {
                    CloudId = cloud.Key, Action = change.Action, EntityType = change.EntityType, EntityId = change.EntityId,
                    ProjectId = change.ProjectId, ChangedBy = db.ChangedBy,
                    Changes = change.Fields is { Count: > 0 } ? JsonSerializer.Serialize(change.Fields, Json) : null, CreatedAt = now,
                };
                db.WebhookEvents.Add(@event);
                foreach (var webhook in wanted)
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery
                    {
                        CloudId = cloud.Key, WebhookId = webhook.Id, Event = @event, Status = DeliveryStatus.Pending, NextAttemptAt = now, CreatedAt = now,
                    });
                }

                added = true;
            }
        }

        return added;
    }

    /// <summary>Wakes the delivery worker; call after the changes committed.</summary>
    public void Notify() => signal.Notify();

    private sealed record Change(Guid CloudId, string Action, string EntityType, Guid EntityId, Guid? ProjectId, Dictionary<string, FieldChange>? Fields);

    private static IEnumerable<Change> Describe(EntityEntry entry)
    {
        switch (entry.Entity)
        {
            case Project p:
                return Lifecycle(entry, "Project", "project", p.Id, p.CloudId, p.Id,
                    ("ProjectState", "ProjectStateChanged"), ("OfficerId", "ProjectOfficerChanged"));
            case Package p:
                return Lifecycle(entry, "Package", "package", p.Id, p.CloudId, p.ProjectId);
            case ProjectTask t:
                return Lifecycle(entry, "Task", "task", t.Id, t.CloudId, t.ProjectId,
                    ("TaskState", "TaskStateChanged"), ("ExecutorId", "TaskExecutorChanged"), ("OfficerId", "TaskOfficerChanged"));
            case Comment { ReferenceType: CommentReferenceType.Task } c when entry.State == EntityState.Added:
                return [new Change(c.CloudId, "TaskCommentCreated", "task", c.ReferenceId, null,
                    new Dictionary<string, FieldChange> { ["commentId"] = new(null, c.Id), ["text"] = new(null, c.Text) })];
            case ChecklistEntry c:
                return [new Change(c.CloudId, "ChecklistEntryChanged", "checklistEntry", c.Id, null, Fields(entry))];
            case WorkRecord w:
                return Lifecycle(entry, "WorkRecord", "workRecord", w.Id, w.CloudId, null);
            case Employee e:
                // A user is never deleted (history refers to them): deactivation is the "deleted" of factro.
                if (entry.State == EntityState.Modified && entry.Property(nameof(Employee.IsActive)) is { IsModified: true } active
                    && (bool)active.OriginalValue! && !(bool)active.CurrentValue!)
                {
                    return [new Change(e.CloudId, "UserDeleted", "user", e.Id, null, Fields(entry))];
                }

                return Lifecycle(entry, "User", "user", e.Id, e.CloudId, null);
            case Company c:
                return Lifecycle(entry, "Company", "company", c.Id, c.CloudId, null);
            case Contact c:
                return Lifecycle(entry, "Contact", "contact", c.Id, c.CloudId, null);
            case Team t:
                return Lifecycle(entry, "Team", "team", t.Id, t.CloudId, null);
            case TeamMember m when entry.State is EntityState.Added or EntityState.Deleted:
                // Like TaskCommentCreated: the team is the entity, the membership and its user are in the changes.
                var added = entry.State == EntityState.Added;
                return [new Change(m.CloudId, added ? "TeamMemberAdded" : "TeamMemberRemoved", "team", m.TeamId, null, new Dictionary<string, FieldChange>
                {
                    ["teamMemberId"] = added ? new(null, m.Id) : new(m.Id, null),
                    ["employeeId"] = added ? new(null, m.EmployeeId) : new(m.EmployeeId, null),
                })];
            case Appointment a:
                return Lifecycle(entry, "Appointment", "appointment", a.Id, a.CloudId, null);
            case Absence a:
                return Lifecycle(entry, "Absence", "absence", a.Id, a.CloudId, null);
            case Substitution s when entry.State is EntityState.Added or EntityState.Deleted:
                // Like TeamMemberAdded: the user stood in for is the entity, the substitute is in the changes.
                var chosen = entry.State == EntityState.Added;
                return [new Change(s.CloudId, chosen ? "SubstituteAdded" : "SubstituteRemoved", "user", s.EmployeeId, null, new Dictionary<string, FieldChange>
                {
                    ["substituteId"] = chosen ? new(null, s.SubstituteId) : new(s.SubstituteId, null),
                })];
            case ObjectRight r:
                return RightChanges(entry, r);
            case Documents.Document d when entry.State is EntityState.Added or EntityState.Deleted:
                // What it hangs on is in the changes (it never changes); on PostgreSQL the row is added before its bytes, in the
                // same transaction, so the event commits with the whole document or not at all.
                var uploaded = entry.State == EntityState.Added;
                var type = d.ReferenceType.ToString().ToLowerInvariant();
                return [new Change(d.CloudId, uploaded ? "DocumentUploaded" : "DocumentDeleted", "document", d.Id,
                    d.ReferenceType == Documents.DocumentReferenceType.Project ? d.ReferenceId : null, new Dictionary<string, FieldChange>
                {
                    ["referenceType"] = uploaded ? new(null, type) : new(type, null),
                    ["referenceId"] = uploaded ? new(null, d.ReferenceId) : new(d.ReferenceId, null),
                })];
            default:
                return [];
        }
    }

    /// <summary>
    /// A right's events, with the object it is on as the entity (<c>project</c>, <c>package</c>, <c>task</c>): a new right is
    /// <c>ReadRightGranted</c> or <c>WriteRightGranted</c>; a removed one <c>ReadRightRevoked</c> (read and write go together);
    /// a read right made write <c>WriteRightGranted</c>, and back <c>WriteRightRevoked</c>.
    /// </summary>
    private static IEnumerable<Change> RightChanges(EntityEntry entry, ObjectRight r)
    {
        var action = entry.State switch
        {
            EntityState.Added => r.CanEdit ? "WriteRightGranted" : "ReadRightGranted",
            EntityState.Deleted => "ReadRightRevoked",
            EntityState.Modified when entry.Property(nameof(ObjectRight.CanEdit)).IsModified => r.CanEdit ? "WriteRightGranted" : "WriteRightRevoked",
            _ => null,
        };
        if (action is null)
        {
            return [];
        }

        var fields = new Dictionary<string, FieldChange> { ["rightId"] = new(null, r.Id), ["canEdit"] = new(null, r.CanEdit) };
        if (r.EmployeeId is { } employee)
        {
            fields["employeeId"] = new(null, employee);
        }
        else
        {
            fields["teamId"] = new(null, r.TeamId);
        }

        return [new Change(r.CloudId, action, r.Kind.ToString().ToLowerInvariant(), r.ReferenceId, r.Kind == ObjectKind.Project ? r.ReferenceId : null, fields)];
    }

    private static IEnumerable<Change> Lifecycle(EntityEntry entry, string name, string type, Guid id, Guid cloudId, Guid? projectId,
        params (string Property, string Action)[] specific)
    {
        switch (entry.State)
        {
            case EntityState.Added:
                yield return new Change(cloudId, $"{name}Created", type, id, projectId, null);
                break;
            case EntityState.Deleted:
                yield return new Change(cloudId, $"{name}Deleted", type, id, projectId, null);
                break;
            default:
                var fields = Fields(entry);
                if (fields is null)
                {
                    yield break;
                }

                yield return new Change(cloudId, $"{name}Updated", type, id, projectId, fields);
                foreach (var (property, action) in specific)
                {
                    var key = JsonNamingPolicy.CamelCase.ConvertName(property);
                    if (fields.TryGetValue(key, out var field))
                    {
                        yield return new Change(cloudId, action, type, id, projectId, new Dictionary<string, FieldChange> { [key] = field });
                    }
                }

                break;
        }
    }

    /// <summary>The fields that really changed, in the API's names and formats; null when none did.</summary>
    private static Dictionary<string, FieldChange>? Fields(EntityEntry entry)
    {
        if (entry.State != EntityState.Modified)
        {
            return null;
        }

        var fields = entry.Properties
            .Where(p => p.IsModified && !Unreported.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue))
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name),
                p => new FieldChange(Wire(p.Metadata.Name, p.OriginalValue), Wire(p.Metadata.Name, p.CurrentValue)));
        return fields.Count == 0 ? null : fields;
    }

    /// <summary>A stored value as the API shows it: <c>customFields</c> is kept as JSON text but is an object on the wire (<c>{}</c> when none).</summary>
    private static object? Wire(string property, object? value) =>
        property == nameof(Project.CustomFields) ? CustomFieldsJson.Parse((string?)value)
        : value is AbsenceType type ? type.ToString() // factro's PascalCase, as the API answers it
        : value;

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}

/// <summary>Wakes the delivery worker at once when new work was written (polling stays as a fallback).</summary>
public sealed class DeliverySignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try
            {
                signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    public void Dispose() => signal.Dispose();
}
