using System.Text.Json;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Tasks;
using Planwerk.WorkRecords;

namespace Planwerk.Infrastructure.Api;

// Only the fields that need more than their name are described here.
#pragma warning disable CS1573

// The small bodies of the Core API's commands, for the OpenAPI document: a route's own arguments (a move's
// target, ids to connect or tag, a state, a shift, a recovery window) and the few creations whose fields are
// all required (a comment, a tag; a token is next to its route). The handler reads each of these fields
// itself, next to the route that documents it. Entities' fields are not here: their request schemas come
// from the services' input types (TaskInput, ProjectInput, ...) through OptionalSchemas, so each field is
// described once, where the service checks it.

/// <summary>The state of a task; answers 204.</summary>
/// <param name="State">planned, inProcess, review, closed, pushedBack or stopped.</param>
/// <param name="PausedUntil">ISO-8601 date-time (for pushedBack).</param>
public sealed record TaskStateWrite(TaskState State, DateTime? PausedUntil);

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
