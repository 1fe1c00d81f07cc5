using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Comments;

/// <summary>What a comment is attached to (factro's <c>referenceType</c>).</summary>
public enum CommentReferenceType
{
    Task,
    Package,
    Project,
    WorkRecord,
}

/// <summary>A comment on a project, package, task or work record; replies point at <see cref="ParentId"/>.</summary>
public sealed class Comment : ITenantOwned, IEntity
{
    public const int TextMaxLength = 20_000;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid ReferenceId { get; set; }
    public CommentReferenceType ReferenceType { get; set; }
    public required string Text { get; set; }
    public Guid? CreatorId { get; set; }
    public Guid? ParentId { get; set; }
    public DateTime CreationDate { get; set; }
    public DateTime ChangeDate { get; set; }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("Comments");
        builder.HasIndex(c => new { c.CloudId, c.ReferenceId });
    }
}
