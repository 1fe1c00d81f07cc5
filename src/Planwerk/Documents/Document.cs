using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Documents;

/// <summary>What a document hangs on (factro's <c>referenceType</c>).</summary>
public enum DocumentReferenceType
{
    Project,
    Package,
    Task,
}

/// <summary>
/// A file uploaded to a project, package or task. The row exists only for a document whose bytes were stored whole
/// (<see cref="IDocumentStore"/>): the quota counts rows, so an upload that broke off counts nothing.
/// </summary>
public sealed class Document : ITenantOwned, IEntity
{
    public const int TitleMaxLength = 255;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid ReferenceId { get; set; }
    public DocumentReferenceType ReferenceType { get; set; }

    /// <summary>The title (the safe file name unless one was given).</summary>
    public required string Title { get; set; }

    /// <summary>The safe file name the download offers (<see cref="DocumentNames.Safe"/>).</summary>
    public required string FileName { get; set; }

    /// <summary>Sniffed from the first bytes (<see cref="ContentSniffer"/>), never the type the client declared.</summary>
    public required string ContentType { get; set; }

    /// <summary>Bytes.</summary>
    public long Size { get; set; }

    public Guid? CreatorId { get; set; }
    public DateTime CreationDate { get; set; }
    public DateTime ChangeDate { get; set; }
}

/// <summary>One piece (at most <see cref="Size"/> bytes) of a document's bytes, on PostgreSQL (<see cref="DatabaseDocumentStore"/>).</summary>
public sealed class DocumentChunk : ITenantOwned
{
    public const int Size = 1024 * 1024;

    public Guid CloudId { get; set; }
    public Guid DocumentId { get; set; }
    public int Index { get; set; }
    public required byte[] Data { get; set; }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.Property(d => d.Title).HasMaxLength(Document.TitleMaxLength);
        builder.Property(d => d.FileName).HasMaxLength(DocumentNames.MaxLength);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.HasIndex(d => new { d.CloudId, d.ReferenceId });
    }
}

internal sealed class DocumentChunkConfiguration : IEntityTypeConfiguration<DocumentChunk>
{
    public void Configure(EntityTypeBuilder<DocumentChunk> builder)
    {
        builder.ToTable("DocumentChunks");
        builder.HasKey(c => new { c.DocumentId, c.Index });
        // The bytes go with their document, whichever way it is deleted (one by one or with its project).
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
