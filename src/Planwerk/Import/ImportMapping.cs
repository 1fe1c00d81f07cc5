using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Import;

/// <summary>
/// One imported item: which source (a Core API's base URL or an export file's cloud) and which of its ids became
/// which local id. A second run, or a run after an interruption, looks here first, so nothing is added twice.
/// </summary>
public sealed class ImportMapping : ITenantOwned, IEntity
{
    public const int SourceMaxLength = 400;
    public const int KindMaxLength = 32;
    public const int SourceIdMaxLength = 120;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }

    /// <summary><c>url:https://…/api/core</c> or <c>file:&lt;cloud id&gt;</c>.</summary>
    public required string Source { get; set; }

    /// <summary>The kind of item (<c>users</c>, <c>tasks</c>, …), as the export file's sections name them.</summary>
    public required string Kind { get; set; }

    /// <summary>The item's id in the source (for items without an id of their own, a composite such as <c>taskId&gt;connectedTaskId</c>).</summary>
    public required string SourceId { get; set; }

    public Guid LocalId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class ImportMappingConfiguration : IEntityTypeConfiguration<ImportMapping>
{
    public void Configure(EntityTypeBuilder<ImportMapping> builder)
    {
        builder.ToTable("ImportMappings");
        builder.Property(m => m.Source).HasMaxLength(ImportMapping.SourceMaxLength);
        builder.Property(m => m.Kind).HasMaxLength(ImportMapping.KindMaxLength);
        builder.Property(m => m.SourceId).HasMaxLength(ImportMapping.SourceIdMaxLength);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(m => m.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.CloudId, m.Source, m.Kind, m.SourceId }).IsUnique();
    }
}
