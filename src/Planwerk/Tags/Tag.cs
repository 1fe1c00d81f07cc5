using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Tags;

/// <summary>Which of the cloud's tag lists a tag belongs to (factro keeps project, task, company and user tags apart).</summary>
public enum TagKind
{
    Project,
    Task,
    Company,
    User,
}

/// <summary>A tag of one of the cloud's tag lists.</summary>
public sealed class Tag : ITenantOwned, IEntity
{
    public const int NameMaxLength = 100;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public TagKind Kind { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A tag put on a project, task, company or user.</summary>
public sealed class TagAssignment : ITenantOwned
{
    public Guid CloudId { get; set; }
    public Guid TagId { get; set; }
    /// <summary>The project, task, company or user id, by the tag's <see cref="TagKind"/>.</summary>
    public Guid EntityId { get; set; }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> builder)
    {
        builder.ToTable("Tags");
        builder.Property(t => t.Name).HasMaxLength(Tag.NameMaxLength);
        builder.HasIndex(t => new { t.CloudId, t.Kind, t.Name }).IsUnique();
    }
}

internal sealed class TagAssignmentConfiguration : IEntityTypeConfiguration<TagAssignment>
{
    public void Configure(EntityTypeBuilder<TagAssignment> builder)
    {
        builder.ToTable("TagAssignments");
        builder.HasKey(a => new { a.TagId, a.EntityId });
        builder.HasOne<Tag>().WithMany().HasForeignKey(a => a.TagId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CloudId, a.EntityId });
    }
}
