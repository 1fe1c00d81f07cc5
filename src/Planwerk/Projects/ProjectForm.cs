using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary>The project form of <c>/projects/new</c> and <c>/projects/{id}/edit</c>; the plan decides which fields it has.</summary>
public abstract class ProjectFormPage : FormPage
{
    public sealed class ProjectForm
    {
        [Display(Name = "Field.Title")]
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Project.TitleMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }

        [Display(Name = "Field.Description")]
        [StringLength(Project.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Description { get; set; }

        [Display(Name = "Field.State")]
        public ProjectState ProjectState { get; set; } = ProjectState.InProcess;

        [Display(Name = "Field.Priority")]
        public int? Priority { get; set; }

        [Display(Name = "Field.PlannedStart")]
        public DateOnly? PlannedStartDate { get; set; }

        [Display(Name = "Field.PlannedEnd")]
        [ApiField("plannedEndDate", NotBefore = nameof(PlannedStartDate))]
        public DateOnly? PlannedEndDate { get; set; }

        [Display(Name = "Field.Officer")]
        public Guid? OfficerId { get; set; }

        [Display(Name = "Project.IsDraft")]
        public bool IsDraft { get; set; }
    }

    [BindProperty]
    public ProjectForm Input { get; set; } = new();

    public IReadOnlyList<Person> People { get; private set; } = [];

    /// <summary>The states the plan offers: <c>planned</c> belongs to draft projects.</summary>
    public IEnumerable<ProjectState> States => Enum.GetValues<ProjectState>()
        .Where(s => s != ProjectState.Planned || Has(PlanFeature.DraftProjects) || Input.ProjectState == s);

    public abstract string Heading { get; }

    protected async Task LoadAsync(CancellationToken ct) => People = await PeopleAsync(ct);

    /// <summary>The fields the form sent (as in the API, absent ones are left alone); the officer and the draft flag exist only where the plan has them.</summary>
    protected ProjectInput ToInput() => new()
    {
        Title = IfSent("Input.Title", Input.Title),
        Description = IfSent("Input.Description", Input.Description),
        ProjectState = IfSent<ProjectState?>("Input.ProjectState", Input.ProjectState),
        Priority = IfSent("Input.Priority", Input.Priority),
        PlannedStartDate = IfSent("Input.PlannedStartDate", Utc(Input.PlannedStartDate)),
        PlannedEndDate = IfSent("Input.PlannedEndDate", Utc(Input.PlannedEndDate)),
        OfficerId = IfSent("Input.OfficerId", Input.OfficerId),
        IsDraft = IfSent<bool?>("Input.IsDraft", Input.IsDraft),
    };
}
