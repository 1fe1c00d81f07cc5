using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Tokens;

/// <summary>A personal API token of one user in one cloud. Only its SHA-256 is stored.</summary>
public sealed class ApiToken : ITenantOwned, IEntity
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    /// <summary>The user the token acts as; it never has more rights than they do.</summary>
    public Guid EmployeeId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required byte[] SecretHash { get; set; }
    /// <summary>First and last characters, for telling tokens apart in lists.</summary>
    public required string Hint { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.ToTable("ApiTokens");
        builder.Property(t => t.Name).HasMaxLength(ApiToken.NameMaxLength);
        builder.Property(t => t.Description).HasMaxLength(ApiToken.DescriptionMaxLength);
        builder.Property(t => t.SecretHash).HasMaxLength(32);
        builder.Property(t => t.Hint).HasMaxLength(20);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => new { t.CloudId, t.EmployeeId });
        builder.HasOne<Employee>().WithMany().HasForeignKey(t => t.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}
