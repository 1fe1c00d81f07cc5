using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Projects;

/// <summary>factro's <c>projectState</c>.</summary>
public enum ProjectState
{
    Planned,
    InProcess,
    Closed,
    PushedBack,
    Stopped,
}

/// <summary>A project: the root of a tree of packages and tasks.</summary>
public sealed class Project : ITenantOwned, IEntity, Companies.ICrmLinked
{
    // The input limits of the fields, used by the EF configuration, the API's reader and the forms alike.
    public const int TitleMaxLength = 500;
    public const int DescriptionMaxLength = 100_000;
    public const int ColorSchemeMaxLength = 50;
    public const int CustomFieldsMaxLength = 100_000;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public ProjectState ProjectState { get; set; } = ProjectState.InProcess;
    public int? Priority { get; set; }
    public bool IsArchived { get; set; }
    public bool IsDraft { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public DateTime? PlannedStartDate { get; set; }
    public DateTime? PlannedEndDate { get; set; }
    public DateTime CreationDate { get; set; }
    public DateTime ChangeDate { get; set; }
    public Guid? CreatorId { get; set; }
    public Guid? OfficerId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? CompanyContactId { get; set; }
    /// <summary>Efforts in minutes.</summary>
    public int? PlannedEffort { get; set; }
    public int RealizedEffort { get; set; }
    public int? RemainingEffort { get; set; }
    public string? ColorScheme { get; set; }
    /// <summary>factro's free-form custom fields, kept as the JSON object the client sent.</summary>
    public string? CustomFields { get; set; }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("Projects");
        builder.Property(p => p.Title).HasMaxLength(Project.TitleMaxLength);
        builder.Property(p => p.ColorScheme).HasMaxLength(Project.ColorSchemeMaxLength);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(p => p.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.CloudId, p.Number }).IsUnique();
    }
}
