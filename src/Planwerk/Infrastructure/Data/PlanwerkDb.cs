using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Projects;
using Planwerk.Tags;
using Planwerk.Tasks;
using Planwerk.Teams;
using Planwerk.Tokens;
using Planwerk.Webhooks;
using Planwerk.WorkRecords;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// The one model of Planwerk. Each provider has a derived context (<see cref="SqlitePlanwerkDb"/>,
/// <see cref="PostgresPlanwerkDb"/>) only so that each has its own migrations.
/// </summary>
/// <remarks>
/// Tenant scoping lives here: every <see cref="ITenantOwned"/> entity gets the named query filter
/// <see cref="TenantFilter"/> on <see cref="CurrentCloudId"/>. A context that was never given a
/// cloud sees no tenant rows at all, so forgetting to scope fails closed. Cross-cloud work (the
/// CLI, the webhook worker, the seed) opts out explicitly with
/// <c>IgnoreQueryFilters([PlanwerkDb.TenantFilter])</c>.
/// <para>
/// Contexts are pooled (<see cref="PlanwerkDbPool"/>): an instance serves many units of work one after the other.
/// Everything that belongs to one unit of work — <see cref="CurrentCloudId"/>, <see cref="ChangedBy"/>, the outbox and
/// <see cref="DeliveriesAwaitCommit"/> — is set back by <see cref="BeginUnitOfWork"/>, which the pool calls on every
/// rent before the context is handed out; EF resets its own state (tracked entities, transaction) on return.
/// </para>
/// </remarks>
public abstract class PlanwerkDb(DbContextOptions options) : IdentityUserContext<Account, Guid>(options), IDataProtectionKeyContext
{
    private WebhookOutbox? outbox;

    /// <summary>The name of the tenant query filter.</summary>
    public const string TenantFilter = "Tenant";

    /// <summary>The cloud this context is scoped to; <see cref="Guid.Empty"/> until <see cref="UseCloud"/>.</summary>
    public Guid CurrentCloudId { get; private set; }

    /// <summary>The user whose request this unit of work serves (webhook events name them as <c>changedBy</c>).</summary>
    public Guid? ChangedBy { get; set; }

    /// <summary>ASP.NET Core Data Protection keys, shared by every instance (cookies and antiforgery tokens of one are valid on all).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Cloud> Clouds => Set<Cloud>();
    public DbSet<Employee> Employees => Set<Employee>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Package> Packages => Set<Package>();
    public DbSet<ProjectTask> Tasks => Set<ProjectTask>();
    public DbSet<ChecklistEntry> ChecklistEntries => Set<ChecklistEntry>();
    public DbSet<TaskConnection> TaskConnections => Set<TaskConnection>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Tag> Tags => Set<Tag>();
    public DbSet<TagAssignment> TagAssignments => Set<TagAssignment>();
    public DbSet<WorkRecord> WorkRecords => Set<WorkRecord>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<ObjectRight> ObjectRights => Set<ObjectRight>();
    public DbSet<Documents.Document> Documents => Set<Documents.Document>();
    public DbSet<Documents.DocumentChunk> DocumentChunks => Set<Documents.DocumentChunk>();
    public DbSet<Appointments.Appointment> Appointments => Set<Appointments.Appointment>();
    public DbSet<Absences.Absence> Absences => Set<Absences.Absence>();
    public DbSet<Absences.Substitution> Substitutions => Set<Absences.Substitution>();
    public DbSet<Import.ImportMapping> ImportMappings => Set<Import.ImportMapping>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookEvent> WebhookEvents => Set<WebhookEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>
    /// Starts a unit of work on a fresh or pooled instance: no cloud, no user, nothing waiting for a commit, and the outbox
    /// that adds webhook events on save (none for design-time tools).
    /// </summary>
    internal void BeginUnitOfWork(WebhookOutbox? webhookOutbox, Action<PlanwerkDb>? onEnd = null)
    {
        CurrentCloudId = Guid.Empty;
        ChangedBy = null;
        DeliveriesAwaitCommit = false;
        outbox = webhookOutbox;
        ended = onEnd;
        reported.Clear();
        Standing = null;
        StandingChanges.Clear();
        StandingRowsChanged.Clear();
        Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
    }

    /// <summary>
    /// The token caller whose standing every transaction of this unit of work checks again right before it commits
    /// (<see cref="CommitTimeStanding"/>, ADR 7); null outside token requests.
    /// </summary>
    public CallerStanding? Standing { get; private set; }

    /// <summary>
    /// From now on every save of this unit of work runs in a transaction (also a single statement), and every transaction
    /// commits only if <paramref name="standing"/> still holds then.
    /// </summary>
    public void GuardCommits(CallerStanding standing)
    {
        Standing = standing;
        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
    }

    /// <summary>The clouds whose standings (switch, plan, owner, a token, a user's state or group) the open transaction changes.</summary>
    internal HashSet<Guid> StandingChanges { get; } = [];

    /// <summary>The clouds, tokens and users whose standing the open transaction changes (a change a request makes itself does not refuse it).</summary>
    internal HashSet<Guid> StandingRowsChanged { get; } = [];

    /// <summary>Notes the clouds whose standings this save changes; true when there are any.</summary>
    private bool NoteStandingChanges()
    {
        var any = false;
        foreach (var entry in ChangeTracker.Entries())
        {
            bool Changed(string property) => entry.State == EntityState.Modified && entry.Property(property).IsModified;
            (Guid Cloud, Guid Row)? changed = entry.Entity switch
            {
                Cloud c when Changed(nameof(Cloud.ApiAccessEnabled)) || Changed(nameof(Cloud.Plan)) || Changed(nameof(Cloud.OwnerAccountId)) => (c.Id, c.Id),
                ApiToken t when entry.State == EntityState.Deleted || Changed(nameof(ApiToken.RevokedAt)) || Changed(nameof(ApiToken.ExpiresAt)) => (t.CloudId, t.Id),
                Employee e when entry.State == EntityState.Deleted || Changed(nameof(Employee.IsActive)) || Changed(nameof(Employee.SecurityGroup))
                    || Changed(nameof(Employee.AccountId)) => (e.CloudId, e.Id),
                _ => null,
            };
            if (changed is { } change)
            {
                StandingChanges.Add(change.Cloud);
                StandingRowsChanged.Add(change.Row);
                any = true;
            }
        }

        return any;
    }

    private readonly List<ReportedChange> reported = [];

    /// <summary>
    /// Reports a change that no tracked entity shows (tagging: the assignments are rows of their own); the outbox
    /// turns it into its event on the next save, in the same unit of work.
    /// </summary>
    public void Report(ReportedChange change) => reported.Add(change);

    /// <summary>The reported changes since the last save, handed over once.</summary>
    internal List<ReportedChange> TakeReported()
    {
        var taken = reported.ToList();
        reported.Clear();
        return taken;
    }

    /// <summary>The last caller's reading of the per-object rights (<see cref="Access.ObjectAccess"/>), until the next save or the end of the unit of work.</summary>
    internal Access.AccessView? CachedAccess { get; set; }

    private Action<PlanwerkDb>? ended;

    /// <summary>Ends the unit of work (see <see cref="BeginUnitOfWork"/>'s <c>onEnd</c>), then returns the context to its pool.</summary>
    public override void Dispose()
    {
        CachedAccess = null;
        Interlocked.Exchange(ref ended, null)?.Invoke(this);
        GC.SuppressFinalize(this);
        base.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public override ValueTask DisposeAsync()
    {
        CachedAccess = null;
        Interlocked.Exchange(ref ended, null)?.Invoke(this);
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }

    /// <summary>Scopes this context to one cloud. A context serves one cloud for its whole unit of work.</summary>
    public void UseCloud(Guid cloudId)
    {
        if (CurrentCloudId != Guid.Empty && CurrentCloudId != cloudId)
        {
            throw new InvalidOperationException("This context is already scoped to another cloud.");
        }

        CurrentCloudId = cloudId;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<Account>().ToTable("Accounts");
        builder.Entity<IdentityUserClaim<Guid>>().ToTable("AccountClaims");
        builder.Entity<IdentityUserLogin<Guid>>().ToTable("AccountLogins");
        builder.Entity<IdentityUserToken<Guid>>().ToTable("AccountTokens");
        builder.ApplyConfigurationsFromAssembly(typeof(PlanwerkDb).Assembly, t => t.Namespace?.StartsWith("Planwerk", StringComparison.Ordinal) == true);

        var applyFilter = typeof(PlanwerkDb).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in builder.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            applyFilter.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
        }
    }

    private void ApplyTenantFilter<TEntity>(ModelBuilder builder)
        where TEntity : class, ITenantOwned
    {
        Expression<Func<TEntity, bool>> filter = e => e.CloudId == CurrentCloudId;
        builder.Entity<TEntity>().HasQueryFilter(TenantFilter, filter);
        builder.Entity<TEntity>().HasIndex(nameof(ITenantOwned.CloudId));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database, stable when members are reordered.
        configurationBuilder.Properties<Plan>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<SecurityGroup>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Salutation>().HaveConversion<string>().HaveMaxLength(8);
        configurationBuilder.Properties<ProjectState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TaskState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Urgency>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<CommentReferenceType>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<TagKind>().HaveConversion<string>().HaveMaxLength(8);
        configurationBuilder.Properties<BookedOnReferenceType>().HaveConversion<string>().HaveMaxLength(8);
        configurationBuilder.Properties<DeliveryStatus>().HaveConversion<string>().HaveMaxLength(16);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        CachedAccess = null;
        var notify = outbox is not null && outbox.CaptureAsync(this, CancellationToken.None).GetAwaiter().GetResult();
        var always = InTransactionIfStandingChanges();
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            NotifyWhenCommitted(notify);
            return saved;
        }
        finally
        {
            RestoreAutoTransactions(always);
        }
    }

    /// <summary>
    /// Saves; the outbox adds webhook events for the changes to the same unit of work first. A save that changes someone's
    /// standing runs in a transaction, so that <see cref="CommitTimeStanding"/> orders it against the commits that check it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        CachedAccess = null;
        var notify = outbox is not null && await outbox.CaptureAsync(this, cancellationToken);
        var always = InTransactionIfStandingChanges();
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            NotifyWhenCommitted(notify);
            return saved;
        }
        finally
        {
            RestoreAutoTransactions(always);
        }
    }

    private bool InTransactionIfStandingChanges()
    {
        if (!NoteStandingChanges() || Database.AutoTransactionBehavior != AutoTransactionBehavior.WhenNeeded)
        {
            return false;
        }

        Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        return true;
    }

    private void RestoreAutoTransactions(bool always)
    {
        if (always)
        {
            Database.AutoTransactionBehavior = AutoTransactionBehavior.WhenNeeded;
        }
    }

    /// <summary>True while new deliveries wait for the open transaction to commit.</summary>
    internal bool DeliveriesAwaitCommit { get; set; }

    /// <summary>Wakes the delivery worker now, or when the open transaction commits (see <see cref="OutboxCommitSignal"/>).</summary>
    private void NotifyWhenCommitted(bool notify)
    {
        if (!notify)
        {
            return;
        }

        if (Database.CurrentTransaction is null)
        {
            outbox!.Notify();
        }
        else
        {
            DeliveriesAwaitCommit = true;
        }
    }

    /// <summary>New rows take the context's cloud; a row of another cloud cannot be written through it.</summary>
    private void StampTenant()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            var row = entry.Entity;
            if (row.CloudId == Guid.Empty)
            {
                row.CloudId = CurrentCloudId != Guid.Empty
                    ? CurrentCloudId
                    : throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} was saved without a cloud.");
            }
            else if (CurrentCloudId != Guid.Empty && row.CloudId != CurrentCloudId)
            {
                throw new InvalidOperationException($"A {entry.Metadata.ClrType.Name} of another cloud was saved through a scoped context.");
            }
        }
    }
}
