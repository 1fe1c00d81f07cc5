using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Clouds;

namespace Planwerk.WorkRecords;

/// <summary>
/// <c>/work-records/export.csv</c>: the rows <c>/work-records</c> shows for the same filter, as CSV (<see cref="Infrastructure.Web.CsvFile"/>),
/// with the same rights and plan gate. Dates and times are the ones the list shows: the worker's own day and clock, with
/// their offset from UTC (minutes, as the API gives it) in a column of its own. A filter that cannot be read goes back to the list, which names it.
/// </summary>
public sealed class WorkRecordsExportModel(WorkRecordService workRecords) : WorkRecordList(workRecords)
{
    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Redirect("/work-records" + Request.QueryString);
        }

        var records = await RecordsAsync(ct);
        var names = await NamesAsync(ct);
        var invariant = CultureInfo.InvariantCulture;
        return Infrastructure.Web.CsvFile.Create("work-records.csv",
            [P["Field.Date"], P["WorkRecords.Start"], P["WorkRecords.End"], P["WorkRecords.UtcOffset"], P["Field.Minutes"],
             P["WorkRecords.BookedOn"], P["Field.Worker"], T["Field.Description"]],
            records.Select(w => new[]
            {
                w.StartDate.ToString("yyyy-MM-dd", invariant), w.StartTime?.ToString("HH:mm", invariant), w.EndTime?.ToString("HH:mm", invariant),
                w.UtcOffset.ToString(invariant), w.MinutesWorked.ToString(invariant), w.Title, names.GetValueOrDefault(w.WorkEmployeeId), w.Description,
            }));
    }
}
