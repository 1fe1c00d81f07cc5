using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;

namespace Planwerk.WorkRecords;

/// <summary>
/// <c>/work-records/{id}/edit</c>: changes or deletes a work record the caller can see (their own, or anyone's for
/// planners), through <see cref="WorkRecordService"/> like <c>PUT</c> and <c>DELETE /api/core/work-records/{id}</c>.
/// Only on plans with work records; elsewhere the page does not exist (404).
/// </summary>
public sealed class EditWorkRecordModel(WorkRecordService workRecords) : FormPage
{
    protected override Right? Access => Right.RecordWork;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public WorkRecordFields Input { get; set; } = new();

    public WorkRecord Record { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        Record = await workRecords.GetAsync(Caller, Id, ct);
        Input = new WorkRecordFields
        {
            Date = Record.StartDate, Minutes = Record.MinutesWorked, StartTime = Record.StartTime, EndTime = Record.EndTime, Description = Record.Description,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        var change = Input.ToInput();
        if (await TryAsync(errors => workRecords.UpdateAsync(Caller, Id, change, errors, ct)))
        {
            Flash = P["WorkRecords.Saved"];
            return Redirect("/work-records");
        }

        Record = await workRecords.GetAsync(Caller, Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        await workRecords.DeleteAsync(Caller, Id, ct);
        Flash = P["WorkRecords.Deleted"];
        return Redirect("/work-records");
    }
}
