using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Projects;

/// <summary>A work package inside a project; packages nest through <see cref="ParentPackageId"/>.</summary>
public sealed class Package : ITenantOwned, IEntity, Companies.ICrmLinked
{
    // The input limits of the fields, used by the EF configuration, the API's reader and the forms alike.
    public const int TitleMaxLength = 500;
    public const int DescriptionMaxLength = 100_000;
    public const int ColorSchemeMaxLength = 50;
    public const int CustomFieldsMaxLength = 100_000;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid ProjectId { get; set; }
    /// <summary>The enclosing package, or null at the project's root.</summary>
    public Guid? ParentPackageId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public DateTime CreationDate { get; set; }
    public DateTime ChangeDate { get; set; }
    public Guid? CreatorId { get; set; }
    public Guid? OfficerId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? CompanyContactId { get; set; }
    public int? PlannedEffort { get; set; }
    public int RealizedEffort { get; set; }
    public int? RemainingEffort { get; set; }
    public string? ColorScheme { get; set; }
    public string? CustomFields { get; set; }
}

internal sealed class PackageConfiguration : IEntityTypeConfiguration<Package>
{
    public void Configure(EntityTypeBuilder<Package> builder)
    {
        builder.ToTable("Packages");
        builder.Property(p => p.Title).HasMaxLength(Package.TitleMaxLength);
        builder.Property(p => p.ColorScheme).HasMaxLength(Package.ColorSchemeMaxLength);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Package>().WithMany().HasForeignKey(p => p.ParentPackageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.CloudId, p.Number }).IsUnique();
        builder.HasIndex(p => new { p.CloudId, p.ProjectId });
    }
}
