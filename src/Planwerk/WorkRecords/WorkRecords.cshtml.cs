using Microsoft.AspNetCore.Mvc;
using Planwerk.Clouds;
using Planwerk.Projects;

namespace Planwerk.WorkRecords;

/// <summary>
/// <c>/work-records</c>: the booked working time the caller can see (their own, or everyone's for planners),
/// through <see cref="WorkRecordService.List"/> like <c>GET /api/core/work-records</c>, filtered by date range and user
/// (<see cref="WorkRecordList"/>), with a link to the same rows as CSV. Only on plans with work records; elsewhere the
/// page does not exist (404).
/// </summary>
public sealed class WorkRecordsModel(WorkRecordService workRecords) : WorkRecordList(workRecords)
{
    public IReadOnlyList<WorkRecord> Records { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        Names = await NamesAsync(ct);
        if (ModelState.IsValid)
        {
            Records = await RecordsAsync(ct);
        }

        return Page();
    }

    /// <summary>Where a record links to: its task, or the project or package it was booked on.</summary>
    public string Link(WorkRecord record) => record.BookedOnReferenceType switch
    {
        BookedOnReferenceType.Task => $"/tasks/{record.BookedOnReferenceId}",
        BookedOnReferenceType.Project => $"/projects/{record.BookedOnReferenceId}",
        _ => string.Empty,
    };
}
