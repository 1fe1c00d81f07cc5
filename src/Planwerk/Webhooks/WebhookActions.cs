using Planwerk.Clouds;

namespace Planwerk.Webhooks;

/// <summary>The action catalogue (factro's <c>&lt;Entity&gt;&lt;Change&gt;</c> names) and which plan has which.</summary>
public static class WebhookActions
{
    public const string All = "*";
    public const string Ping = "Ping";

    public static readonly IReadOnlyList<string> Catalogue =
    [
        "ProjectCreated", "ProjectUpdated", "ProjectDeleted", "ProjectStateChanged", "ProjectOfficerChanged",
        "PackageCreated", "PackageUpdated", "PackageDeleted",
        "TaskCreated", "TaskUpdated", "TaskDeleted", "TaskStateChanged", "TaskExecutorChanged", "TaskOfficerChanged",
        "TaskCommentCreated", "ChecklistEntryChanged",
        "WorkRecordCreated", "WorkRecordUpdated", "WorkRecordDeleted",
        "UserCreated", "UserUpdated", "UserDeleted",
        "CompanyCreated", "CompanyUpdated", "CompanyDeleted",
        "ContactCreated", "ContactUpdated", "ContactDeleted",
        "TeamCreated", "TeamUpdated", "TeamDeleted", "TeamMemberAdded", "TeamMemberRemoved",
        "AppointmentCreated", "AppointmentUpdated", "AppointmentDeleted",
        "AbsenceCreated", "AbsenceUpdated", "AbsenceDeleted", "SubstituteAdded", "SubstituteRemoved",
        "ReadRightGranted", "ReadRightRevoked", "WriteRightGranted", "WriteRightRevoked",
        "DocumentUploaded", "DocumentDeleted",
        Ping,
    ];

    /// <summary>
    /// The plan feature an action needs, if any: work-record actions professional only; right actions and the project
    /// officer's change team and up (basic has no project officer; the task officer is on every plan).
    /// </summary>
    public static PlanFeature? RequiredFeature(string action) =>
        action.StartsWith("WorkRecord", StringComparison.Ordinal) ? PlanFeature.WorkRecords
        : action == "ProjectOfficerChanged" ? PlanFeature.Officer
        : action.EndsWith("RightGranted", StringComparison.Ordinal) || action.EndsWith("RightRevoked", StringComparison.Ordinal) ? PlanFeature.ObjectRights
        : null;

    public static bool Exists(string action) => Catalogue.Contains(action, StringComparer.Ordinal);

    public static bool IsAvailable(string action, Plan plan) => RequiredFeature(action) is not { } feature || plan.Has(feature);

    /// <summary>The actions a cloud on <paramref name="plan"/> can subscribe to.</summary>
    public static IEnumerable<string> AvailableFor(Plan plan) => Catalogue.Where(a => IsAvailable(a, plan));

    /// <summary>Whether a webhook subscribed to <paramref name="subscribed"/> wants <paramref name="action"/>.</summary>
    public static bool Wants(IEnumerable<string> subscribed, string action) =>
        action == Ping || subscribed.Any(s => s == All || s == action);
}
