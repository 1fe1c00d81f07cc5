using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;

namespace Planwerk.WorkRecords;

/// <summary>
/// <c>/work-records</c>: the booked working time the caller can see (their own, or everyone's for planners),
/// through <see cref="WorkRecordService.List"/> like <c>GET /api/core/work-records</c>. Only on plans with
/// work records; elsewhere the page does not exist (404).
/// </summary>
public sealed class WorkRecordsModel(WorkRecordService workRecords) : FormPage
{
    protected override Right? Access => Right.RecordWork;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<WorkRecord> Records { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        Records = await workRecords.List(Caller, From, To).AsNoTracking()
            .OrderByDescending(w => w.StartDate).ThenByDescending(w => w.StartTime).ThenByDescending(w => w.Id).Take(500).ToListAsync(ct);
        Names = await NamesAsync(ct);
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
