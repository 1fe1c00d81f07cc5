using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Absences;

/// <summary>factro's absence types: planned (holidays) or unplanned (illness).</summary>
public enum AbsenceType
{
    Planned,
    Unplanned,
}

/// <summary>A user's absence: whole days from <see cref="StartDate"/> to <see cref="EndDate"/>, both included.</summary>
public sealed class Absence : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid EmployeeId { get; set; }
    public DateOnly StartDate { get; set; }

    /// <summary>Never before <see cref="StartDate"/>.</summary>
    public DateOnly EndDate { get; set; }

    public AbsenceType Type { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>That <see cref="SubstituteId"/> stands in for <see cref="EmployeeId"/> (factro's substitute, "Vertretung").</summary>
public sealed class Substitution : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }

    /// <summary>The user who is stood in for.</summary>
    public Guid EmployeeId { get; set; }

    /// <summary>The user who stands in.</summary>
    public Guid SubstituteId { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class AbsenceConfiguration : IEntityTypeConfiguration<Absence>
{
    public void Configure(EntityTypeBuilder<Absence> builder)
    {
        builder.ToTable("Absences");
        builder.Property(a => a.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(a => a.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.CloudId, a.EmployeeId, a.StartDate });
        builder.HasIndex(a => new { a.CloudId, a.StartDate });
    }
}

internal sealed class SubstitutionConfiguration : IEntityTypeConfiguration<Substitution>
{
    public void Configure(EntityTypeBuilder<Substitution> builder)
    {
        builder.ToTable("Substitutions");
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(s => s.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(s => s.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(s => s.SubstituteId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => new { s.EmployeeId, s.SubstituteId }).IsUnique();
        builder.HasIndex(s => new { s.CloudId, s.SubstituteId });
    }
}
