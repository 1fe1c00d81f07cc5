using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;
using Planwerk.Projects;

namespace Planwerk.Tasks;

/// <summary>factro's <c>taskState</c>.</summary>
public enum TaskState
{
    Planned,
    InProcess,
    Review,
    Closed,
    PushedBack,
    Stopped,
}

/// <summary>factro's task <c>urgency</c>.</summary>
public enum Urgency
{
    Normal,
    Due,
    Overdue,
}

/// <summary>A task in a project, at its root or inside a package (the API's "task").</summary>
public sealed class ProjectTask : ITenantOwned, IEntity, Companies.ICrmLinked
{
    // The input limits of the fields, used by the EF configuration, the API's reader and the forms alike.
    public const int TitleMaxLength = 500;
    public const int DescriptionMaxLength = 100_000;
    public const int ColorSchemeMaxLength = 50;
    public const int CustomFieldsMaxLength = 100_000;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid ProjectId { get; set; }
    public Guid? ParentPackageId { get; set; }
    public int Number { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public TaskState TaskState { get; set; } = TaskState.Planned;
    public int? TaskPriority { get; set; }
    public Urgency Urgency { get; set; }
    public bool IsMilestone { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public DateTime? PausedUntil { get; set; }
    public DateTime CreationDate { get; set; }
    public DateTime ChangeDate { get; set; }
    public Guid? CreatorId { get; set; }
    public Guid? OfficerId { get; set; }
    public Guid? ExecutorId { get; set; }
    public Guid? CompanyId { get; set; }
    public Guid? CompanyContactId { get; set; }
    public int? PlannedEffort { get; set; }
    public int RealizedEffort { get; set; }
    public int? RemainingEffort { get; set; }
    public string? ColorScheme { get; set; }
    public string? CustomFields { get; set; }
}

internal sealed class ProjectTaskConfiguration : IEntityTypeConfiguration<ProjectTask>
{
    public void Configure(EntityTypeBuilder<ProjectTask> builder)
    {
        builder.ToTable("Tasks");
        builder.Property(t => t.Title).HasMaxLength(ProjectTask.TitleMaxLength);
        builder.Property(t => t.ColorScheme).HasMaxLength(ProjectTask.ColorSchemeMaxLength);
        builder.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Package>().WithMany().HasForeignKey(t => t.ParentPackageId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(t => new { t.CloudId, t.Number }).IsUnique();
        builder.HasIndex(t => new { t.CloudId, t.ProjectId });
        builder.HasIndex(t => new { t.CloudId, t.ExecutorId });
    }
}

/// <summary>An entry of a task's checklist.</summary>
public sealed class ChecklistEntry : ITenantOwned, IEntity
{
    public const int TitleMaxLength = 500;


    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid TaskId { get; set; }
    public required string Title { get; set; }
    public bool Checked { get; set; }
    public int Position { get; set; }
    public DateTime? EndDate { get; set; }
    public Guid? AssigneeId { get; set; }
    public DateTime ChangeDate { get; set; }
}

internal sealed class ChecklistEntryConfiguration : IEntityTypeConfiguration<ChecklistEntry>
{
    public void Configure(EntityTypeBuilder<ChecklistEntry> builder)
    {
        builder.ToTable("ChecklistEntries");
        builder.Property(c => c.Title).HasMaxLength(ChecklistEntry.TitleMaxLength);
        builder.HasOne<ProjectTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.CloudId, c.TaskId, c.Position });
    }
}

/// <summary>A connection (dependency) from one task to another.</summary>
public sealed class TaskConnection : ITenantOwned
{
    public Guid CloudId { get; set; }
    public Guid TaskId { get; set; }
    public Guid ConnectedTaskId { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class TaskConnectionConfiguration : IEntityTypeConfiguration<TaskConnection>
{
    public void Configure(EntityTypeBuilder<TaskConnection> builder)
    {
        builder.ToTable("TaskConnections");
        builder.HasKey(c => new { c.TaskId, c.ConnectedTaskId });
        builder.HasOne<ProjectTask>().WithMany().HasForeignKey(c => c.TaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProjectTask>().WithMany().HasForeignKey(c => c.ConnectedTaskId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.CloudId);
    }
}
