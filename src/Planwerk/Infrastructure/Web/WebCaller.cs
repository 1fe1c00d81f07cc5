using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Web;

/// <summary>One cloud the signed-in account is an active user of (for the cloud switcher).</summary>
public sealed record CloudMembership(Guid CloudId, string Name, Plan Plan, Guid EmployeeId, SecurityGroup Group, bool IsOwner);

/// <summary>The signed-in person in the web UI: the account, its clouds, and the <see cref="Caller"/> in the chosen one.</summary>
public sealed record WebSession(Guid AccountId, string Email, IReadOnlyList<CloudMembership> Clouds, Caller? Caller, Cloud? Cloud, string DisplayName)
{
    /// <summary>The zone this person's times are shown in (<see cref="PersonTimeZone"/>).</summary>
    public PersonTimeZone TimeZone { get; init; } = PersonTimeZone.Utc;
}

/// <summary>
/// Resolves who acts in the web UI, fresh from the database on every request (like the API's token
/// check), so a removed, deactivated or demoted user acts with the new rights at once (rule 5).
/// The chosen cloud comes from a cookie; a cloud the account is not an active user of is never chosen.
/// </summary>
public sealed class WebCaller(PlanwerkDb db)
{
    public const string CloudCookie = "planwerk.cloud";

    public async Task<WebSession?> ResolveAsync(HttpContext http, CancellationToken ct)
    {
        if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } idText || !Guid.TryParse(idText, out var accountId))
        {
            return null;
        }

        var account = await db.Users.AsNoTracking().Where(a => a.Id == accountId).Select(a => new { a.Email, a.TimeZone }).FirstOrDefaultAsync(ct);
        if (account is null)
        {
            return null;
        }

        var zone = PersonTimeZone.Resolve(account.TimeZone, http.Request.Cookies[PersonTimeZone.Cookie]);
        var memberships = await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter]).AsNoTracking()
            .Where(e => e.AccountId == accountId && e.IsActive)
            .Join(db.Clouds, e => e.CloudId, c => c.Id, (e, c) => new { e.Id, e.FirstName, e.LastName, e.SecurityGroup, Cloud = c })
            .ToListAsync(ct);
        var clouds = memberships
            .Select(m => new CloudMembership(m.Cloud.Id, m.Cloud.Name, m.Cloud.Plan, m.Id, m.SecurityGroup, m.Cloud.OwnerAccountId == accountId))
            .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase).ToList();

        var chosenId = Guid.TryParse(http.Request.Cookies[CloudCookie], out var fromCookie) ? fromCookie : Guid.Empty;
        var chosen = memberships.FirstOrDefault(m => m.Cloud.Id == chosenId) ?? memberships.OrderBy(m => m.Cloud.CreatedAt).FirstOrDefault();
        if (chosen is null)
        {
            return new WebSession(accountId, account.Email ?? string.Empty, clouds, null, null, account.Email ?? string.Empty) { TimeZone = zone };
        }

        db.UseCloud(chosen.Cloud.Id);
        db.ChangedBy = chosen.Id;
        var caller = new Caller(chosen.Cloud.Id, chosen.Id, chosen.SecurityGroup, chosen.Cloud.Plan, chosen.Cloud.OwnerAccountId == accountId, "ui");
        http.Features.Set(caller); // resolved once; code below the page reads it as the API's does (Caller.Of)
        return new WebSession(accountId, account.Email ?? string.Empty, clouds, caller, chosen.Cloud, $"{chosen.FirstName} {chosen.LastName}".Trim())
        {
            TimeZone = zone,
        };
    }
}
