using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Planwerk.Clouds;

/// <summary>A tenant (factro: "Mandant"). Owns all its data; governed by its owner's switches and its plan.</summary>
public sealed class Cloud
{
    public const int NameMaxLength = 15;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Plan Plan { get; set; }
    public Guid OwnerAccountId { get; set; }
    public bool ApiAccessEnabled { get; set; } = true;
    public bool WebhooksEnabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }

    /// <summary>Per-cloud counters behind the <c>number</c> of projects, packages and tasks.</summary>
    public int LastProjectNumber { get; set; }
    public int LastPackageNumber { get; set; }
    public int LastTaskNumber { get; set; }
    public int LastEmployeeNumber { get; set; }
}

internal sealed class CloudConfiguration : IEntityTypeConfiguration<Cloud>
{
    public void Configure(EntityTypeBuilder<Cloud> builder)
    {
        builder.ToTable("Clouds");
        builder.Property(c => c.Name).HasMaxLength(Cloud.NameMaxLength);
        builder.HasIndex(c => c.Name);
        builder.HasIndex(c => c.OwnerAccountId);
    }
}
