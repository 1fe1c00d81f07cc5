using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Tasks;

namespace Planwerk.Appointments;

/// <summary>A user's appointment (factro's "Termin"): a span of time with a subject, a task it belongs to, or both.</summary>
public sealed class Appointment : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration and the service's checks alike.
    public const int SubjectMaxLength = 500;
    public const int DescriptionMaxLength = 10_000;
    public const int LocationMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }

    /// <summary>Whose appointment it is.</summary>
    public Guid EmployeeId { get; set; }

    public string? Subject { get; set; }
    public string? Description { get; set; }
    public string? Location { get; set; }

    /// <summary>The distance to travel, in kilometres.</summary>
    public double? Distance { get; set; }

    /// <summary>The task the appointment is about; cleared by the database when the task is deleted.</summary>
    public Guid? ReferencedTaskId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime StartDate { get; set; }

    /// <summary>UTC, never before <see cref="StartDate"/>.</summary>
    public DateTime EndDate { get; set; }

    public Guid CreatorId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>factro's read-only <c>duration</c>: the length in hours.</summary>
    public double DurationHours => (EndDate - StartDate).TotalHours;
}

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.ToTable("Appointments");
        builder.Property(a => a.Subject).HasMaxLength(Appointment.SubjectMaxLength);
        builder.Property(a => a.Location).HasMaxLength(Appointment.LocationMaxLength);
        builder.Ignore(a => a.DurationHours);
        builder.HasOne<Clouds.Cloud>().WithMany().HasForeignKey(a => a.CloudId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Employee>().WithMany().HasForeignKey(a => a.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectTask>().WithMany().HasForeignKey(a => a.ReferencedTaskId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(a => new { a.CloudId, a.EmployeeId, a.StartDate });
        builder.HasIndex(a => new { a.CloudId, a.StartDate });
    }
}
