using System.ComponentModel.DataAnnotations;
using Planwerk.Infrastructure.Web;

namespace Planwerk.WorkRecords;

/// <summary>
/// The fields of a work record as the pages take them — booking on the task page and editing on
/// <c>/work-records/{id}/edit</c> — with their labels and the API fields their errors come back under.
/// </summary>
public class WorkRecordFields
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

    /// <summary>The fields as the service takes them: the minutes as given, or following from the start and end time (the service checks both).</summary>
    public WorkRecordInput ToInput() => new()
    {
        StartDate = Date, StartTime = StartTime, EndTime = EndTime, Description = Description,
        MinutesWorked = Minutes ?? (StartTime is { } start && EndTime is { } end ? (int)(end - start).TotalMinutes : null),
    };
}
