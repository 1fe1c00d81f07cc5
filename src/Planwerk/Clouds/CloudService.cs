using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Webhooks;

namespace Planwerk.Clouds;

/// <summary>The rules for clouds: creation, the owner's switches and the plan. Every door calls these.</summary>
public sealed class CloudService(PlanwerkDb db, AccountService accounts, AuditLog audit, TimeProvider time, WebhookSendGate webhookGate)
{
    /// <summary>Creates a cloud with its owner (an existing account is reused; its password is left alone).</summary>
    public async Task<Cloud> CreateAsync(string name, string ownerEmail, string? ownerPassword, Plan plan,
        string ownerFirstName, string ownerLastName, AuditActor actor, CancellationToken ct)
    {
        name = (name ?? string.Empty).Trim();
        if (name.Length == 0)
        {
            throw DomainException.Invalid("/name", "The cloud's name is required.");
        }

        if (name.Length > Cloud.NameMaxLength)
        {
            throw DomainException.Invalid("/name", $"The cloud's name may have at most {Cloud.NameMaxLength} characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var account = await accounts.FindOrCreateAsync(ownerEmail, ownerPassword, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var cloud = new Cloud { Name = name, Plan = plan, OwnerAccountId = account.Id, CreatedAt = now, LastEmployeeNumber = 1 };
        db.Clouds.Add(cloud);
        db.UseCloud(cloud.Id);
        var owner = new Employee
        {
            CloudId = cloud.Id,
            AccountId = account.Id,
            FirstName = ownerFirstName,
            LastName = ownerLastName,
            SecurityGroup = SecurityGroup.AllRights,
            EmployeeNumber = 1,
            CreatedAt = now,
        };
        db.Employees.Add(owner);
        audit.Record(cloud.Id, actor, AuditActions.CloudCreated, "cloud", cloud.Id, newValue: $"{name} ({plan.ToWire()})");
        audit.Record(cloud.Id, actor, AuditActions.UserCreated, "user", owner.Id, newValue: $"{account.Email} ({SecurityGroup.AllRights})");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return cloud;
    }

    /// <summary>Finds a cloud by id or, failing that, by its (unique) name.</summary>
    public async Task<Cloud> ResolveAsync(string idOrName, CancellationToken ct)
    {
        if (Guid.TryParse(idOrName, out var id) && await db.Clouds.FirstOrDefaultAsync(c => c.Id == id, ct) is { } byId)
        {
            return byId;
        }

        var byName = await db.Clouds.Where(c => c.Name == idOrName).OrderBy(c => c.Id).Take(2).ToListAsync(ct);
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw DomainException.NotFound("Cloud", idOrName),
            _ => throw DomainException.Conflict(ErrorCodes.Conflict, $"Several clouds are named \"{idOrName}\"; use the cloud's id."),
        };
    }

    public async Task<IReadOnlyList<Cloud>> ListAsync(CancellationToken ct) =>
        await db.Clouds.AsNoTracking().OrderBy(c => c.CreatedAt).ToListAsync(ct);

    /// <summary>The owner's switches and plan, from the web UI or the command line (<see cref="Caller.System"/>): only the cloud's owner may (rule 1).</summary>
    public Task SetApiAccessAsync(Caller caller, bool enabled, CancellationToken ct) =>
        SetApiAccessAsync(RequireOwner(caller, "switch API access"), enabled, caller.Actor, ct);

    /// <inheritdoc cref="SetApiAccessAsync(Caller, bool, CancellationToken)"/>
    public Task SetWebhooksAsync(Caller caller, bool enabled, CancellationToken ct) =>
        SetWebhooksAsync(RequireOwner(caller, "switch webhooks"), enabled, caller.Actor, ct);

    /// <inheritdoc cref="SetApiAccessAsync(Caller, bool, CancellationToken)"/>
    public Task SetPlanAsync(Caller caller, Plan plan, CancellationToken ct) =>
        SetPlanAsync(RequireOwner(caller, "change the plan"), plan, caller.Actor, ct);

    /// <summary>Renames the cloud (owner only; audited).</summary>
    public async Task RenameAsync(Caller caller, string name, CancellationToken ct)
    {
        var cloud = await FindAsync(RequireOwner(caller, "rename the cloud"), ct);
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > Cloud.NameMaxLength)
        {
            throw DomainException.Invalid("/name", $"The cloud's name needs 1 to {Cloud.NameMaxLength} characters.");
        }

        if (name != cloud.Name)
        {
            audit.Record(cloud.Id, caller.Actor, AuditActions.CloudRenamed, "cloud", cloud.Id, cloud.Name, name);
            cloud.Name = name;
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Whom the owner can hand the cloud to: the other active users with AllRights (the rule <see cref="TransferOwnershipAsync"/> checks).</summary>
    public async Task<IReadOnlyList<Employee>> TransferCandidatesAsync(Caller caller, CancellationToken ct)
    {
        db.UseCloud(RequireOwner(caller, "hand the cloud to someone else"));
        return await db.Employees.AsNoTracking().Include(e => e.Account)
            .Where(e => e.IsActive && e.SecurityGroup == SecurityGroup.AllRights && e.Id != caller.EmployeeId)
            .OrderBy(e => e.LastName).ToListAsync(ct);
    }

    /// <summary>
    /// Hands the cloud to another active <c>AllRights</c> user (owner only; audited). The old owner stays
    /// an <c>AllRights</c> user; the switches and the plan are the new owner's from the next request on.
    /// </summary>
    public async Task TransferOwnershipAsync(Caller caller, Guid employeeId, CancellationToken ct)
    {
        var cloud = await FindAsync(RequireOwner(caller, "hand the cloud to someone else"), ct);
        db.UseCloud(cloud.Id);
        var next = await db.Employees.FirstOrDefaultAsync(e => e.Id == employeeId, ct) ?? throw DomainException.NotFound("User", employeeId);
        if (!next.IsActive || next.SecurityGroup != SecurityGroup.AllRights)
        {
            throw DomainException.Invalid("/employeeId", "The new owner must be an active user with AllRights.");
        }

        if (next.AccountId != cloud.OwnerAccountId)
        {
            audit.Record(cloud.Id, caller.Actor, AuditActions.OwnerChanged, "user", next.Id, caller.EmployeeId.ToString(), next.Id.ToString());
            cloud.OwnerAccountId = next.AccountId;
            await db.SaveChangesAsync(ct);
        }
    }

    private static Guid RequireOwner(Caller caller, string what)
    {
        Rights.Require(caller, Right.ManageCloud, what);
        return caller.CloudId;
    }

    /// <summary>The owner's API switch (governance rule 2). Audited; no-op changes are not.</summary>
    private async Task SetApiAccessAsync(Guid cloudId, bool enabled, AuditActor actor, CancellationToken ct)
    {
        var cloud = await FindAsync(cloudId, ct);
        if (cloud.ApiAccessEnabled == enabled)
        {
            return;
        }

        audit.Record(cloud.Id, actor, AuditActions.ApiAccessChanged, "cloud", cloud.Id, OnOff(cloud.ApiAccessEnabled), OnOff(enabled));
        cloud.ApiAccessEnabled = enabled;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The owner's webhook switch (governance rule 3). Off: from the moment this returns no request
    /// leaves for the cloud (the send gate is closed and drained before the change commits), and
    /// pending deliveries become <c>cancelled</c> (<c>webhooks_disabled</c>), redeliverable later.
    /// </summary>
    private async Task SetWebhooksAsync(Guid cloudId, bool enabled, AuditActor actor, CancellationToken ct)
    {
        var cloud = await FindAsync(cloudId, ct);
        var wasEnabled = cloud.WebhooksEnabled;
        if (!enabled)
        {
            await webhookGate.CloseAsync(cloudId, ct);
        }

        try
        {
            if (cloud.WebhooksEnabled != enabled)
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                audit.Record(cloud.Id, actor, AuditActions.WebhooksChanged, "cloud", cloud.Id, OnOff(cloud.WebhooksEnabled), OnOff(enabled));
                cloud.WebhooksEnabled = enabled;
                await db.SaveChangesAsync(ct);
                if (!enabled)
                {
                    await db.WebhookDeliveries.CancelPendingAsync(DeliveryCancelReason.WebhooksDisabled, ct);
                }

                await transaction.CommitAsync(ct);
            }
        }
        catch
        {
            if (!enabled && wasEnabled)
            {
                webhookGate.Open(cloudId); // the change did not happen
            }

            throw;
        }

        if (enabled)
        {
            webhookGate.Open(cloudId);
        }
    }

    /// <summary>
    /// Changes the plan. A downgrade that would strand users in security groups the new plan lacks
    /// is refused (they must be moved first), so no one silently gains or loses rights.
    /// </summary>
    private async Task SetPlanAsync(Guid cloudId, Plan plan, AuditActor actor, CancellationToken ct)
    {
        var cloud = await FindAsync(cloudId, ct);
        if (cloud.Plan == plan)
        {
            return;
        }

        var count = (await StrandedAsync(cloudId, plan, ct)).Count;
        if (count > 0)
        {
            throw DomainException.Conflict(ErrorCodes.PlanDowngradeBlocked,
                $"{count} active user(s) have a security group that the {plan.ToWire()} plan lacks; change their group first.");
        }

        audit.Record(cloud.Id, actor, AuditActions.PlanChanged, "cloud", cloud.Id, cloud.Plan.ToWire(), plan.ToWire());
        cloud.Plan = plan;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// The active users whose security group <paramref name="plan"/> lacks: they block a change to it (the plan page names
    /// and links them; <see cref="SetPlanAsync(Caller, Plan, CancellationToken)"/> refuses while there are any). Owner only.
    /// </summary>
    public Task<List<Employee>> BlockingUsersAsync(Caller caller, Plan plan, CancellationToken ct) =>
        StrandedAsync(RequireOwner(caller, "change the plan"), plan, ct);

    /// <summary>
    /// The owner's first steps (a project, a second person, an API token, a webhook), each done once the cloud has one; null
    /// for anyone but the owner. The projects page shows the list until every step is done.
    /// </summary>
    public async Task<FirstRunSteps?> FirstRunAsync(Caller caller, CancellationToken ct)
    {
        if (!caller.IsOwner || caller.IsSystem)
        {
            return null;
        }

        var cloud = await FindAsync(caller.CloudId, ct);
        return new FirstRunSteps(
            Project: await db.Projects.AnyAsync(ct),
            Invited: await db.Employees.CountAsync(ct) > 1,
            Token: await db.ApiTokens.AnyAsync(ct),
            Webhook: await db.Webhooks.AnyAsync(ct),
            ApiOn: cloud.ApiAccessEnabled,
            WebhooksOn: cloud.WebhooksEnabled);
    }

    private async Task<List<Employee>> StrandedAsync(Guid cloudId, Plan plan, CancellationToken ct)
    {
        var active = await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter]).AsNoTracking()
            .Where(e => e.CloudId == cloudId && e.IsActive).OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ToListAsync(ct);
        return [.. active.Where(e => !plan.Allows(e.SecurityGroup))];
    }

    private async Task<Cloud> FindAsync(Guid cloudId, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        return await db.Clouds.FirstOrDefaultAsync(c => c.Id == cloudId, ct) ?? throw DomainException.NotFound("Cloud", cloudId);
    }

    private static string OnOff(bool value) => value ? "on" : "off";
}

/// <summary>Which of the owner's first steps are done, and whether the switches let the last two be taken yet.</summary>
public sealed record FirstRunSteps(bool Project, bool Invited, bool Token, bool Webhook, bool ApiOn, bool WebhooksOn)
{
    public bool Done => Project && Invited && Token && Webhook;
}
