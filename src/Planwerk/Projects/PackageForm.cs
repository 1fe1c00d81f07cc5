using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary>The package form of <c>/projects/{projectId}/packages/new</c> and <c>…/packages/{id}/edit</c>.</summary>
public abstract class PackageFormPage(ProjectService projects, PackageService packages) : FormPage
{
    public sealed class PackageForm
    {
        [Display(Name = "Field.Title")]
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Package.TitleMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }

        [Display(Name = "Field.Description")]
        [StringLength(Package.DescriptionMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Description { get; set; }

        [Display(Name = "Field.ParentPackage")]
        public Guid? ParentPackageId { get; set; }

        [Display(Name = "Field.Officer")]
        public Guid? OfficerId { get; set; }

        [Display(Name = "Field.Start")]
        public DateOnly? StartDate { get; set; }

        [Display(Name = "Field.End")]
        [ApiField("endDate", NotBefore = nameof(StartDate))]
        public DateOnly? EndDate { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid ProjectId { get; set; }

    [BindProperty]
    public PackageForm Input { get; set; } = new();

    public Project Project { get; private set; } = null!;

    /// <summary>The packages that can be the parent (the service refuses cycles).</summary>
    public IReadOnlyList<Package> Parents { get; private set; } = [];

    public IReadOnlyList<Person> People { get; private set; } = [];

    public abstract string Heading { get; }

    protected ProjectService Projects => projects;

    protected PackageService Packages => packages;

    protected async Task LoadAsync(Guid? self, CancellationToken ct)
    {
        Project = await projects.GetAsync(Caller, ProjectId, ct);
        Parents = await (await packages.ListAsync(Caller, ProjectId, ct)).AsNoTracking().Where(p => p.Id != self).OrderBy(p => p.Number).ToListAsync(ct);
        People = await PeopleAsync(ct);
    }

    /// <summary>The fields the form sent (as in the API, absent ones are left alone); the officer exists only where the plan has it.</summary>
    protected PackageInput ToInput() => new()
    {
        Title = IfSent("Input.Title", Input.Title),
        Description = IfSent("Input.Description", Input.Description),
        ParentPackageId = IfSent("Input.ParentPackageId", Input.ParentPackageId),
        OfficerId = IfSent("Input.OfficerId", Input.OfficerId),
        StartDate = IfSent("Input.StartDate", Utc(Input.StartDate)),
        EndDate = IfSent("Input.EndDate", Utc(Input.EndDate)),
    };
}
