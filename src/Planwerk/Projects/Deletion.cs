namespace Planwerk.Projects;

/// <summary>
/// What a deletion takes with it, for the confirmation step that names it before anyone confirms: the packages below,
/// the tasks, their checklist entries, the comments and the documents that go; the work records booked on any of it stay (billing data).
/// Counted as the service's <c>DeleteAsync</c> deletes: every row, also those the caller cannot see.
/// </summary>
public sealed record Deletion(int Packages, int Tasks, int ChecklistEntries, int Comments, int WorkRecordsKept, int Documents = 0);
