using System.Text.Json;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Tasks;
using Planwerk.WorkRecords;

namespace Planwerk.Infrastructure.Api;

// Only the fields that need more than their name are described here.
#pragma warning disable CS1573

// The JSON bodies of the Core API's write routes, for the OpenAPI document only: handlers read bodies
// field by field (to know which fields are present, for partial updates and plan checks), so these
// records describe what may be sent. All fields are optional on PUT; batch updates add "id" per item.

/// <summary>A task. On POST <c>title</c> and <c>targetParentId</c> are required.</summary>
/// <param name="Title">At most 500 characters.</param>
/// <param name="TargetParentId">A package id or a project id: where the task goes. Write-only.</param>
/// <param name="Description">Free text.</param>
/// <param name="StartDate">ISO-8601 date-time.</param>
/// <param name="EndDate">ISO-8601 date-time, not before startDate.</param>
/// <param name="OfficerId">A user id.</param>
/// <param name="ExecutorId">A user id (the person doing the task).</param>
/// <param name="TaskPriority">10, 20, …, 90 or 99.</param>
/// <param name="PlannedEffort">Minutes.</param>
/// <param name="RemainingEffort">Minutes.</param>
/// <param name="ColorScheme">A colour of the UI.</param>
/// <param name="CustomFields">Any JSON object, kept as sent.</param>
/// <param name="IsMilestone">A milestone.</param>
/// <param name="Urgency">overdue, due or normal.</param>
public sealed record TaskWrite(string? Title, Guid? TargetParentId, string? Description, DateTime? StartDate, DateTime? EndDate, Guid? OfficerId,
    Guid? ExecutorId, int? TaskPriority, int? PlannedEffort, int? RemainingEffort, string? ColorScheme, JsonElement? CustomFields, bool? IsMilestone,
    Urgency? Urgency);

/// <summary>The state of a task; answers 204.</summary>
/// <param name="State">planned, inProcess, review, closed, pushedBack or stopped.</param>
/// <param name="PausedUntil">ISO-8601 date-time (for pushedBack).</param>
public sealed record TaskStateWrite(TaskState State, DateTime? PausedUntil);

/// <summary>A checklist entry. On POST <c>title</c> is required; guests executing the task may send only <c>checked</c>.</summary>
public sealed record ChecklistEntryWrite(string? Title, bool? Checked, int? Position, DateTime? EndDate, Guid? AssigneeId);

/// <summary>A package. On POST <c>title</c> is required.</summary>
/// <param name="Title">At most 500 characters.</param>
/// <param name="ParentPackageId">The enclosing package, or null for the project's root.</param>
/// <param name="OfficerId">The package officer, a user id. Not on the basic plan.</param>
public sealed record PackageWrite(string? Title, Guid? ParentPackageId, string? Description, DateTime? StartDate, DateTime? EndDate, Guid? OfficerId,
    int? PlannedEffort, int? RemainingEffort, string? ColorScheme, JsonElement? CustomFields);

/// <summary>A work record (professional plan). On POST startDate, minutesWorked, utcOffset, bookedOnReferenceId and bookedOnReferenceType are required.</summary>
/// <param name="StartDate">YYYY-MM-DD.</param>
/// <param name="EndDate">YYYY-MM-DD.</param>
/// <param name="StartTime">HH:MM.</param>
/// <param name="EndTime">HH:MM.</param>
/// <param name="UtcOffset">The booker's UTC offset in minutes.</param>
/// <param name="MinutesWorked">Minutes.</param>
/// <param name="BookedOnReferenceId">The task, package or project booked on.</param>
/// <param name="BookedOnReferenceType">task, package or project.</param>
/// <param name="WorkEmployeeId">Whose time it is; default the caller (BasicRights: only themselves).</param>
/// <param name="RemainingTaskEffort">Sets the booked task's remainingEffort (minutes).</param>
public sealed record WorkRecordWrite(string? StartDate, string? EndDate, string? StartTime, string? EndTime, int? UtcOffset, int? MinutesWorked,
    Guid? BookedOnReferenceId, BookedOnReferenceType? BookedOnReferenceType, string? Description, bool? IsBillable, bool? IsBilled, Guid? WorkEmployeeId,
    double? TravelledDistanceKm, int? RemainingTaskEffort);

/// <summary>A user of the cloud. On POST emailAddress, firstName, lastName and securityGroup are required.</summary>
/// <param name="SecurityGroup">AllRights, AdvancedRights, BasicRights or GuestRights (basic plan: AllRights and GuestRights only).</param>
/// <param name="Salutation">male, female or none.</param>
/// <param name="IsActive">false deactivates the user (their tokens stop working at once).</param>
public sealed record UserWrite(string? EmailAddress, string? FirstName, string? LastName, string? SecurityGroup, Salutation? Salutation, string? Street,
    string? ZipCode, string? City, bool? IsActive);

/// <summary>A company. On POST <c>name</c> is required.</summary>
public sealed record CompanyWrite(string? Name, string? ShortName, string? Description, string? CompanyNumber, string? CustomerId, string? EmailAddress,
    string? Phone, string? Website, string? Street, string? ZipCode, string? City);

/// <summary>A contact person. On POST <c>firstName</c> and <c>lastName</c> are required.</summary>
/// <param name="CompanyId">The company the person works for.</param>
public sealed record ContactWrite(string? FirstName, string? LastName, Salutation? Salutation, Guid? CompanyId, string? Description, string? City,
    string? EmailAddress, string? Phone, string? MobilePhone, string? Street, string? ZipCode);

/// <summary>A comment. <c>text</c> is required.</summary>
/// <param name="Text">At most 20,000 characters.</param>
/// <param name="ParentId">The comment this one answers.</param>
public sealed record CommentWrite(string Text, Guid? ParentId);

/// <summary>A tag of the cloud's list.</summary>
public sealed record TagWrite(string Name);

/// <summary>Tags to put on a project or task (an array of tag ids is accepted too).</summary>
public sealed record TagIdsWrite(IReadOnlyList<Guid> TagIds);

/// <summary>Tasks to connect to (an array of task ids is accepted too).</summary>
public sealed record TaskIdsWrite(IReadOnlyList<Guid> TaskIds);

/// <summary>Where to move: one of these, by route.</summary>
public sealed record MoveWrite(Guid? PackageId, Guid? ParentPackageId, Guid? ProjectId);

/// <summary>A company or contact to link (by route).</summary>
public sealed record CrmLinkWrite(Guid? CompanyId, Guid? ContactId);

/// <summary>How far to shift a package with its tasks and their successors.</summary>
/// <param name="DaysDelta">Whole days, negative for earlier (required; at most 3,650 either way).</param>
public sealed record ShiftWrite(int DaysDelta);

/// <summary>What <c>shift_with_successors</c> changed.</summary>
/// <param name="DaysDelta">The days shifted.</param>
/// <param name="PackageIds">The package and its sub-packages whose dates moved.</param>
/// <param name="TaskIds">The tasks whose dates moved: those in the package and their successors.</param>
public sealed record ShiftResult(int DaysDelta, IReadOnlyList<Guid> PackageIds, IReadOnlyList<Guid> TaskIds);

/// <summary>What to recover.</summary>
/// <param name="Since">ISO-8601 date-time, at most 14 days back.</param>
public sealed record RecoverWrite(DateTime Since);
