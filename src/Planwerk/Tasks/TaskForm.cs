using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Clouds;
using Planwerk.Projects;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Tasks;

/// <summary>The task form of <c>/projects/{projectId}/tasks/new</c> and <c>/tasks/{id}/edit</c>.</summary>
public abstract class TaskFormPage(ProjectService projects, PackageService packages) : FormPage
{
    public sealed class TaskForm
    {
        [Display(Name = "Field.Title")]
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(ProjectTask.TitleMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }

        [Display(Name = "Field.Description")]
        [StringLength(ProjectTask.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Description { get; set; }

        /// <summary>The package the task is in, or the project (factro's <c>targetParentId</c>).</summary>
        [Display(Name = "Field.InPackage")]
        [ApiField("targetParentId", "packageId", "projectId")]
        public Guid? TargetParentId { get; set; }

        [Display(Name = "Field.Executor")]
        public Guid? ExecutorId { get; set; }

        [Display(Name = "Field.Officer")]
        public Guid? OfficerId { get; set; }

        [Display(Name = "Field.Priority")]
        public int? TaskPriority { get; set; }

        [Display(Name = "Field.Start")]
        public DateOnly? StartDate { get; set; }

        [Display(Name = "Field.End")]
        [ApiField("endDate", NotBefore = nameof(StartDate))]
        public DateOnly? EndDate { get; set; }
    }

    [BindProperty]
    public TaskForm Input { get; set; } = new();

    public Project Project { get; private set; } = null!;

    public IReadOnlyList<Package> Packages { get; private set; } = [];

    public IReadOnlyList<Person> People { get; private set; } = [];

    public abstract string Heading { get; }

    public abstract string SubmitId { get; }

    protected async Task LoadAsync(Guid projectId, CancellationToken ct)
    {
        Project = await projects.GetAsync(Caller, projectId, ct);
        Packages = await (await packages.ListAsync(Caller, projectId, ct)).AsNoTracking().OrderBy(p => p.Number).ToListAsync(ct);
        People = await PeopleAsync(ct);
    }

    /// <summary>The fields the form sent (as in the API, absent ones are left alone; the parent defaults to the project); the task officer exists on every plan.</summary>
    protected TaskInput ToInput(Guid projectId) => new()
    {
        Title = IfSent("Input.Title", Input.Title),
        Description = IfSent("Input.Description", Input.Description),
        TargetParentId = Input.TargetParentId ?? projectId,
        ExecutorId = IfSent("Input.ExecutorId", Input.ExecutorId),
        OfficerId = IfSent("Input.OfficerId", Input.OfficerId),
        TaskPriority = IfSent("Input.TaskPriority", Input.TaskPriority),
        StartDate = IfSent("Input.StartDate", Utc(Input.StartDate)),
        EndDate = IfSent("Input.EndDate", Utc(Input.EndDate)),
    };
}
