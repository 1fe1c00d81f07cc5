using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Projects;

namespace Planwerk.WorkRecords;

/// <summary>
/// The filtered list of work records that the page (<c>/work-records</c>) shows and its CSV export
/// (<c>/work-records/export.csv</c>) writes: one query, so the export holds exactly the rows the list shows for the same
/// filter (<c>from</c>, <c>to</c> on the start date, inclusive; <c>user</c>: whose records), no more. A value that cannot be
/// read (a date that is none) lands in the model state under its label, and then nothing is listed.
/// </summary>
public abstract class WorkRecordList(WorkRecordService workRecords) : FormPage
{
    /// <summary>At most this many records are listed (and exported), the newest first.</summary>
    public const int Limit = 500;

    protected override Right? Access => Right.RecordWork;

    [BindProperty(SupportsGet = true)]
    [Display(Name = "WorkRecords.From")]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    [Display(Name = "WorkRecords.To")]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    [Display(Name = "Field.Worker")]
    public Guid? Worker { get; set; }

    /// <summary>Whether the caller sees others' records too (planners), so the list offers a choice of user.</summary>
    public bool SeesEveryone => Caller.Has(Right.ManageAllWorkRecords);

    /// <summary>The filter as a query string (<c>?from=…&amp;to=…&amp;user=…</c>, empty values left out), for the export link.</summary>
    public string FilterQuery => QueryString.Create(new[]
        {
            KeyValuePair.Create("from", From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create("to", To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            KeyValuePair.Create("user", Worker?.ToString()),
        }.Where(p => p.Value is not null)).ToString();

    /// <summary>The records of the filter, newest first, at most <see cref="Limit"/>.</summary>
    protected Task<List<WorkRecord>> RecordsAsync(CancellationToken ct)
    {
        var records = workRecords.List(Caller, From, To).AsNoTracking();
        if (Worker is { } worker)
        {
            records = records.Where(w => w.WorkEmployeeId == worker);
        }

        return records.OrderByDescending(w => w.StartDate).ThenByDescending(w => w.StartTime).ThenByDescending(w => w.Id).Take(Limit).ToListAsync(ct);
    }
}
