using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Projects;

/// <summary>A work package inside a project; packages nest through <see cref="ParentPackageId"/>.</summary>
public sealed class Package : ITenantOwned, IEntity, Companies.ICrmLinked
{
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
        builder.Property(p => p.Title).HasMaxLength(500);
        builder.Property(p => p.ColorScheme).HasMaxLength(50);
        builder.HasOne<Project>().WithMany().HasForeignKey(p => p.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Package>().WithMany().HasForeignKey(p => p.ParentPackageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.CloudId, p.Number }).IsUnique();
        builder.HasIndex(p => new { p.CloudId, p.ProjectId });
    }
}
