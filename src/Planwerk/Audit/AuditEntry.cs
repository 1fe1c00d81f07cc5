using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Audit;

/// <summary>One security-relevant change in a cloud: who, when, what, old and new value.</summary>
public sealed class AuditEntry : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>How the change came in: <c>ui</c>, <c>api</c>, <c>cli</c> or <c>system</c>.</summary>
    public required string Channel { get; set; }
    /// <summary>The acting user of the cloud, if a user acted (the CLI and the system have none).</summary>
    public Guid? ActorEmployeeId { get; set; }
    /// <summary>A readable name of the actor at the time (an e-mail address, <c>cli</c>, …).</summary>
    public required string ActorName { get; set; }
    /// <summary>A stable, dotted action name, see <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public Guid? TargetId { get; set; }
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
}

/// <summary>The audit log's action names; stable, as clients may filter on them.</summary>
public static class AuditActions
{
    public const string CloudCreated = "cloud.created";
    public const string ApiAccessChanged = "cloud.api_access_changed";
    public const string WebhooksChanged = "cloud.webhooks_changed";
    public const string PlanChanged = "cloud.plan_changed";
    public const string CloudRenamed = "cloud.renamed";
    public const string OwnerChanged = "cloud.owner_changed";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string UserCreated = "user.created";
    public const string UserRemoved = "user.removed";
    public const string UserReactivated = "user.reactivated";
    public const string SecurityGroupChanged = "user.security_group_changed";
    public const string PasswordSet = "user.password_set";
    /// <summary>An account's sign-ins are throttled (its back-off started or reached its longest wait); no lockout.</summary>
    public const string SignInThrottled = "user.sign_in_throttled";
    public const string WebhookCreated = "webhook.created";
    public const string WebhookUpdated = "webhook.updated";
    public const string WebhookDeleted = "webhook.deleted";
    public const string WebhookAutoDisabled = "webhook.auto_disabled";
    public const string WebhookSecretRotated = "webhook.secret_rotated";
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.Property(a => a.Channel).HasMaxLength(16);
        builder.Property(a => a.ActorName).HasMaxLength(320);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.TargetType).HasMaxLength(64);
        builder.HasIndex(a => new { a.CloudId, a.OccurredAt });
    }
}
