using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.WorkRecords;

/// <summary>What a work record is booked on (factro's <c>bookedOnReferenceType</c>).</summary>
public enum BookedOnReferenceType
{
    Task,
    Package,
    Project,
}

/// <summary>Recorded working time ("erfasste Leistung"); professional plan only.</summary>
public sealed class WorkRecord : ITenantOwned, IEntity
{
    public const int DescriptionMaxLength = 10_000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    /// <summary>Made by the server from what the record is booked on.</summary>
    public required string Title { get; set; }
    public string? Description { get; set; }
    public Guid WorkEmployeeId { get; set; }
    public Guid CreatorEmployeeId { get; set; }
    public DateOnly StartDate { get; set; }
    public TimeOnly? StartTime { get; set; }
    public DateOnly? EndDate { get; set; }
    public TimeOnly? EndTime { get; set; }
    /// <summary>The booker's UTC offset in minutes, as factro sends it.</summary>
    public int UtcOffset { get; set; }
    public int MinutesWorked { get; set; }
    public bool IsBillable { get; set; }
    public bool IsBilled { get; set; }
    public Guid BookedOnReferenceId { get; set; }
    public BookedOnReferenceType BookedOnReferenceType { get; set; }
    public double? TravelledDistanceKm { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class WorkRecordConfiguration : IEntityTypeConfiguration<WorkRecord>
{
    public void Configure(EntityTypeBuilder<WorkRecord> builder)
    {
        builder.ToTable("WorkRecords");
        builder.Property(w => w.Title).HasMaxLength(600);
        builder.HasOne<Employees.Employee>().WithMany().HasForeignKey(w => w.WorkEmployeeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(w => new { w.CloudId, w.StartDate });
        builder.HasIndex(w => new { w.CloudId, w.BookedOnReferenceId });
    }
}
