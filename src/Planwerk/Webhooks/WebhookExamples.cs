using System.Text.Json;

namespace Planwerk.Webhooks;

/// <summary>
/// An example payload per action, for the new-webhook form: the entity type and the shape of <c>changes</c> each action
/// carries (<see cref="WebhookOutbox"/> writes the real ones; <c>WebhookExamplesTests</c> compares the two by making real
/// changes, so an example cannot drift from what is sent). Ids, times and the sequence are made up.
/// </summary>
public static class WebhookExamples
{
    private static readonly Guid Cloud = Guid.Parse("0190a1b2-0000-7000-8000-00000000c10d");
    private static readonly Guid Entity = Guid.Parse("0190a1b2-0000-7000-8000-0000000e0001");
    private static readonly Guid Project = Guid.Parse("0190a1b2-0000-7000-8000-0000000a0001");
    private static readonly Guid User = Guid.Parse("0190a1b2-0000-7000-8000-0000000b0001");
    private static readonly Guid Other = Guid.Parse("0190a1b2-0000-7000-8000-0000000b0002");
    private static readonly Guid Item = Guid.Parse("0190a1b2-0000-7000-8000-0000000c0001");
    private static readonly DateTime At = new(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc);

    private static readonly string[] Prefixes = ["Project", "Package", "User", "Company", "Contact", "Team", "Appointment", "Absence", "Document"];

    /// <summary>The entity type the payload's <c>context.entityType</c> has for <paramref name="action"/>.</summary>
    public static string EntityType(string action) => action switch
    {
        WebhookActions.Ping => "webhook",
        "ChecklistEntryChanged" => "checklistEntry",
        "SubstituteAdded" or "SubstituteRemoved" => "user",
        _ when action.EndsWith("RightGranted", StringComparison.Ordinal) || action.EndsWith("RightRevoked", StringComparison.Ordinal) => "project",
        _ when action.StartsWith("WorkRecord", StringComparison.Ordinal) => "workRecord",
        _ when action.StartsWith("Task", StringComparison.Ordinal) => "task",
        _ => Prefixes.First(p => action.StartsWith(p, StringComparison.Ordinal)).ToLowerInvariant(),
    };

    /// <summary>The <c>changes</c> of an example <paramref name="action"/> (null where the action carries none: created, deleted, ping).</summary>
    public static Dictionary<string, FieldChange>? Changes(string action)
    {
        Dictionary<string, FieldChange> One(string field, object? old, object? @new) => new() { [field] = new(old, @new) };
        return action switch
        {
            WebhookActions.Ping => null,
            _ when action.EndsWith("Created", StringComparison.Ordinal) && action != "TaskCommentCreated" => null,
            "DocumentUploaded" => new() { ["referenceType"] = new(null, "task"), ["referenceId"] = new(null, Item) },
            "DocumentDeleted" => new() { ["referenceType"] = new("task", null), ["referenceId"] = new(Item, null) },
            _ when action.EndsWith("Deleted", StringComparison.Ordinal) && action != "UserDeleted" => null,
            "UserDeleted" => One("isActive", true, false),
            "ProjectStateChanged" => One("projectState", "inProcess", "pushedBack"),
            "TaskStateChanged" => One("taskState", "open", "inProcess"),
            "ProjectOfficerChanged" or "TaskOfficerChanged" => One("officerId", User, Other),
            "TaskExecutorChanged" => One("executorId", User, Other),
            "TaskCommentCreated" => new() { ["commentId"] = new(null, Item), ["text"] = new(null, "Looks good to me.") },
            "ChecklistEntryChanged" => One("checked", false, true),
            "TeamMemberAdded" => new() { ["teamMemberId"] = new(null, Item), ["employeeId"] = new(null, User) },
            "TeamMemberRemoved" => new() { ["teamMemberId"] = new(Item, null), ["employeeId"] = new(User, null) },
            "SubstituteAdded" => One("substituteId", null, Other),
            "SubstituteRemoved" => One("substituteId", Other, null),
            _ when action.EndsWith("RightGranted", StringComparison.Ordinal) || action.EndsWith("RightRevoked", StringComparison.Ordinal) =>
                new() { ["rightId"] = new(null, Item), ["canEdit"] = new(null, action.StartsWith("Write", StringComparison.Ordinal) && action.EndsWith("Granted", StringComparison.Ordinal)), ["employeeId"] = new(null, User) },
            "WorkRecordUpdated" => One("minutesWorked", 60, 90),
            "UserUpdated" => One("lastName", "Miller", "Müller"),
            "CompanyUpdated" or "TeamUpdated" => One("name", "Acme", "Acme Ltd"),
            "ContactUpdated" => One("phone", "+49 30 1234", "+49 30 5678"),
            "AppointmentUpdated" => One("location", "Berlin", "Hamburg"),
            "AbsenceUpdated" => One("endDate", "2026-12-10", "2026-12-12"),
            _ => One("title", "Website", "Website relaunch"), // ProjectUpdated, PackageUpdated, TaskUpdated
        };
    }

    /// <summary>The example payload of <paramref name="action"/>, indented, as a receiver would get it.</summary>
    public static string Payload(string action)
    {
        var type = EntityType(action);
        var changes = Changes(action);
        var e = new WebhookEvent
        {
            Id = Guid.Parse("0190a1b2-0000-7000-8000-00000000e7e1"), CloudId = Cloud, Action = action, EntityType = type,
            EntityId = type == "project" ? Project : Entity, ProjectId = type is "project" or "package" or "task" ? Project : null,
            ChangedBy = action == WebhookActions.Ping ? null : User, CreatedAt = At, Sequence = 4711,
            Changes = changes is null ? null : JsonSerializer.Serialize(changes, Json),
        };
        return WebhookPayload.Indented(System.Text.Encoding.UTF8.GetString(WebhookPayload.Build(e, Guid.Parse("0190a1b2-0000-7000-8000-0000000000b1"), 1)));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
