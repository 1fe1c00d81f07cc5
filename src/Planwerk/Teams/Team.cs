using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Teams;

/// <summary>A team of the cloud: a named group of users (per-object rights will grant to teams as to users).</summary>
public sealed class Team : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration, the service's checks and the form alike.
    public const int NameMaxLength = 100;

    /// <summary>A colour is <c>#rrggbb</c>: 7 characters.</summary>
    public const int ColorMaxLength = 7;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public required string Name { get; set; }

    /// <summary>A CSS hex colour, <c>#rrggbb</c> in lower case, or none.</summary>
    public string? Color { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>A user's membership in a team (factro's team member: its id is the membership's, not the user's).</summary>
public sealed class TeamMember : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid TeamId { get; set; }
    public Guid EmployeeId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.ToTable("Teams");
        builder.Property(t => t.Name).HasMaxLength(Team.NameMaxLength);
        builder.Property(t => t.Color).HasMaxLength(Team.ColorMaxLength);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(t => t.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.CloudId, t.Name }).IsUnique();
    }
}

internal sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> builder)
    {
        builder.ToTable("TeamMembers");
        builder.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(m => m.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.TeamId, m.EmployeeId }).IsUnique();
        builder.HasIndex(m => new { m.CloudId, m.EmployeeId });
    }
}
