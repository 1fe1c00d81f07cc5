using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Teams;

namespace Planwerk.Access;

/// <summary>What a per-object right is granted on.</summary>
public enum ObjectKind
{
    Project,
    Package,
    Task,
}

/// <summary>
/// A per-object right (factro's read and write rights): a user or a team may read (<see cref="CanEdit"/> false) or read
/// and write (true) one project, package or task, and everything below it (project → packages → tasks). How rights act
/// on what a caller sees and may change is decided in <see cref="ObjectAccess"/>; docs/api.md "Per-object rights".
/// </summary>
public sealed class ObjectRight : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }

    /// <summary>The project, package or task (<see cref="Kind"/>) the right is on (factro: <c>referenceId</c>).</summary>
    public Guid ReferenceId { get; set; }

    public ObjectKind Kind { get; set; }

    /// <summary>The user holding the right, or null for a team's right.</summary>
    public Guid? EmployeeId { get; set; }

    /// <summary>The team holding the right (each member holds it), or null for a user's right.</summary>
    public Guid? TeamId { get; set; }

    /// <summary>Write (which includes read) rather than read only.</summary>
    public bool CanEdit { get; set; }

    public DateTime CreatedAt { get; set; }
    public Guid? CreatorId { get; set; }
}

internal sealed class ObjectRightConfiguration : IEntityTypeConfiguration<ObjectRight>
{
    public void Configure(EntityTypeBuilder<ObjectRight> builder)
    {
        builder.ToTable("ObjectRights");
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(8);
        builder.HasOne<Employee>().WithMany().HasForeignKey(r => r.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
        // One right per holder and object (a second grant changes canEdit); nulls are distinct on both providers.
        builder.HasIndex(r => new { r.CloudId, r.ReferenceId, r.EmployeeId }).IsUnique();
        builder.HasIndex(r => new { r.CloudId, r.ReferenceId, r.TeamId }).IsUnique();
        builder.ToTable(t => t.HasCheckConstraint("CK_ObjectRights_OneHolder", "(\"EmployeeId\" IS NULL) <> (\"TeamId\" IS NULL)"));
    }
}
