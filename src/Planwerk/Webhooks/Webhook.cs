using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>A subscription: a callback URL, the actions it wants, optional static auth header; owned by a user.</summary>
public sealed class Webhook : ITenantOwned, IEntity
{
    // The input limits of the fields, used by the EF configuration and the API's reader alike.
    public const int UriMaxLength = 2048;
    public const int AuthenticationHeaderNameMaxLength = 100;
    public const int AuthenticationHeaderValueMaxLength = 2000;
    public const int DescriptionMaxLength = 500;
    public const int ActionNameMaxLength = 64;
    public const int ActionTypesMaxCount = 100;
    /// <summary>Secrets rotated out that may sign at once besides the current one (so at most this many rotations in 24 h).</summary>
    public const int RetiredSecretsMaxCount = 10;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    /// <summary>The user who owns the webhook (factro: <c>employeeId</c>).</summary>
    public Guid EmployeeId { get; set; }
    public required string CallbackUri { get; set; }
    /// <summary>Comma-separated action names, or <c>*</c> for all the plan has.</summary>
    public required string ActionTypes { get; set; }
    public string? AuthenticationHeaderName { get; set; }
    /// <summary>Sent verbatim on each delivery; write-only after creation.</summary>
    public string? AuthenticationHeaderValue { get; set; }
    public string? Description { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Why it is inactive (null while active); stored as its wire name.</summary>
    public WebhookDisabledReason? DisabledReason { get; set; }
    /// <summary><c>whsec_</c> + base64 of 32 random bytes.</summary>
    public required string Secret { get; set; }
    /// <summary>
    /// The secrets rotated out in the last 24 h, oldest first, each signing until its own end (24 h after it was rotated
    /// out), so a second rotation does not cut the first one's overlap short. At most <see cref="RetiredSecretsMaxCount"/>.
    /// </summary>
    public IReadOnlyList<RetiredSecret> RetiredSecrets { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the current run of failed attempts began (null while deliveries succeed).</summary>
    public DateTime? FailingSince { get; set; }
    public int ConsecutiveFailures { get; set; }

    public IEnumerable<string> Actions => ActionTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The secrets that sign a request made at <paramref name="at"/>: the retired ones still in their overlap (oldest first), then the current one.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTime at) => [.. RetiredSecrets.Where(r => r.Until > at).Select(r => r.Secret), Secret];
}

/// <summary>A secret rotated out: it keeps signing until <paramref name="Until"/>.</summary>
public sealed record RetiredSecret(string Secret, DateTime Until);

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("Webhooks");
        builder.Property(w => w.CallbackUri).HasMaxLength(Webhook.UriMaxLength);
        builder.Property(w => w.ActionTypes).HasMaxLength(2000);
        builder.Property(w => w.AuthenticationHeaderName).HasMaxLength(Webhook.AuthenticationHeaderNameMaxLength);
        builder.Property(w => w.AuthenticationHeaderValue).HasMaxLength(Webhook.AuthenticationHeaderValueMaxLength);
        builder.Property(w => w.Description).HasMaxLength(Webhook.DescriptionMaxLength);
        builder.Property(w => w.DisabledReason).HasConversion(WebhookReasonNames.DisabledReasonColumn).HasMaxLength(32);
        builder.Property(w => w.Secret).HasMaxLength(64);
        // A JSON list in one column ([{"Secret": "whsec_…", "Until": "…Z"}]): read and written with its webhook only, never queried.
        builder.Property(w => w.RetiredSecrets).HasMaxLength(2000).HasConversion(
            new ValueConverter<IReadOnlyList<RetiredSecret>, string>(
                list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
                json => JsonSerializer.Deserialize<List<RetiredSecret>>(json, JsonSerializerOptions.Default) ?? new List<RetiredSecret>()),
            new ValueComparer<IReadOnlyList<RetiredSecret>>((a, b) => a!.SequenceEqual(b!), list => list.Count, list => list.ToList()));
        builder.HasOne<Employee>().WithMany().HasForeignKey(w => w.EmployeeId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// An event of the transactional outbox: written in the same transaction as the change it describes.
/// <see cref="Sequence"/> increases with every event, so receivers can order what they get.
/// </summary>
public sealed class WebhookEvent : ITenantOwned
{
    public long Sequence { get; set; }
    /// <summary>The payload id (<c>webhook-id</c>): the same on every retry.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public Guid EntityId { get; set; }
    public Guid? ProjectId { get; set; }
    public Guid? ChangedBy { get; set; }
    /// <summary><c>{"field": {"old": …, "new": …}}</c> as JSON, or null.</summary>
    public string? Changes { get; set; }
    public DateTime CreatedAt { get; set; }
}

internal sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.ToTable("WebhookEvents");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).ValueGeneratedOnAdd();
        builder.HasIndex(e => e.Id).IsUnique();
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.EntityType).HasMaxLength(32);
        builder.HasIndex(e => new { e.CloudId, e.CreatedAt });
    }
}

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    Pending,
    Delivering,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>One event to one webhook, with its retry state and lease (so any instance's worker can take it, but only one at a time).</summary>
public sealed class WebhookDelivery : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid WebhookId { get; set; }
    public long EventSequence { get; set; }
    public WebhookEvent? Event { get; set; }
    public DeliveryStatus Status { get; set; }
    /// <summary>Why it was cancelled (null unless cancelled); stored as its wire name, e.g. <c>webhooks_disabled</c>.</summary>
    public DeliveryCancelReason? CancelReason { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public Guid? LeaseOwner { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? LastStatusCode { get; set; }
    /// <summary>The delivery this one sends again (a redelivery), or null for the first delivery of its event.</summary>
    public Guid? RedeliveryOf { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("WebhookDeliveries");
        builder.Property(d => d.CancelReason).HasConversion(WebhookReasonNames.CancelReasonColumn).HasMaxLength(32);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(d => d.Event).WithMany().HasForeignKey(d => d.EventSequence).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(d => new { d.Status, d.NextAttemptAt });
        // The worker's claim: "is anything of this webhook due", then "its next due ones, in order".
        builder.HasIndex(d => new { d.WebhookId, d.Status, d.NextAttemptAt });
        builder.HasIndex(d => new { d.WebhookId, d.CreatedAt });
        builder.HasIndex(d => d.LeaseOwner);
    }
}

/// <summary>One HTTP attempt of a delivery, as the delivery log shows it.</summary>
public sealed class WebhookAttempt : ITenantOwned, IEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid CloudId { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
    public int? StatusCode { get; set; }
    /// <summary><c>timeout</c>, <c>connection</c>, <c>tls</c>, <c>redirect</c>, <c>status</c>, <c>not_allowed</c>; null on success.</summary>
    public string? ErrorKind { get; set; }
    /// <summary>The first 4 KiB of the response.</summary>
    public string? ResponseBody { get; set; }
    public bool Succeeded { get; set; }
    /// <summary>The request's headers as sent, signature values shortened and the auth header's value hidden (<see cref="AttemptHeaders"/>).</summary>
    public IReadOnlyList<AttemptHeader> RequestHeaders { get; set; } = [];
    /// <summary>The response's headers (none when no response came), each value cut at 200 characters.</summary>
    public IReadOnlyList<AttemptHeader> ResponseHeaders { get; set; } = [];
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> builder)
    {
        builder.ToTable("WebhookAttempts");
        builder.Property(a => a.ErrorKind).HasMaxLength(32);
        builder.Property(a => a.ResponseBody).HasMaxLength(4096);
        // JSON lists in one column each ([{"Name": …, "Value": …}]): read and written with their attempt only, never queried.
        builder.Property(a => a.RequestHeaders).HasMaxLength(AttemptHeaders.MaxJsonLength).HasConversion(AttemptHeaders.Converter, AttemptHeaders.Comparer);
        builder.Property(a => a.ResponseHeaders).HasMaxLength(AttemptHeaders.MaxJsonLength).HasConversion(AttemptHeaders.Converter, AttemptHeaders.Comparer);
        builder.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DeliveryId, a.Number });
    }
}
