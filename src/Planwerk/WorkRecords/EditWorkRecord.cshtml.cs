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
    public sealed class WorkRecordForm
    {
        [Display(Name = "Field.Date")]
        [ApiField("startDate")]
        [Required(ErrorMessage = "Validation.Required")]
        public DateOnly? Date { get; set; }

        [Display(Name = "Field.Minutes")]
        [ApiField("minutesWorked")]
        public int? Minutes { get; set; }

        [Display(Name = "Field.StartTime")]
        public TimeOnly? StartTime { get; set; }

        [Display(Name = "Field.EndTime")]
        [ApiField("endTime", NotBefore = nameof(StartTime))]
        public TimeOnly? EndTime { get; set; }

        [Display(Name = "Field.Description")]
        [StringLength(WorkRecord.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Description { get; set; }
    }

    protected override Right? Access => Right.RecordWork;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public WorkRecordForm Input { get; set; } = new();

    public WorkRecord Record { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        Record = await workRecords.GetAsync(Caller, Id, ct);
        Input = new WorkRecordForm
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

        // Minutes may be given, or follow from the start and end time (the service checks both), as when booking.
        var minutes = Input.Minutes ?? (Input.StartTime is { } start && Input.EndTime is { } end ? (int)(end - start).TotalMinutes : null);
        var change = new WorkRecordInput
        {
            StartDate = Input.Date, StartTime = Input.StartTime, EndTime = Input.EndTime, MinutesWorked = minutes, Description = Input.Description,
        };
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
