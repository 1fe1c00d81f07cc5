using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Planwerk.Audit;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Accounts;

/// <summary>Accounts through ASP.NET Core Identity, with its validators turned into domain errors.</summary>
public sealed class AccountService(UserManager<Account> users, PlanwerkDb db, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Sets the zone the web UI shows this account's times in (an IANA id the server knows), or null for the browser's.
    /// Returns false, changing nothing, for an id that is no time zone.
    /// </summary>
    public async Task<bool> SetTimeZoneAsync(Guid accountId, string? timeZone, CancellationToken ct)
    {
        string? id = null;
        if (!string.IsNullOrWhiteSpace(timeZone))
        {
            if (Infrastructure.Web.PersonTimeZone.Find(timeZone) is null)
            {
                return false;
            }

            id = timeZone.Trim();
        }

        await db.Users.Where(a => a.Id == accountId).ExecuteUpdateAsync(u => u.SetProperty(a => a.TimeZone, id), ct);
        return true;
    }

    /// <summary>
    /// Sets an account's password (the admin's way back in, e.g. <c>planwerk user set-password</c>): validated by the
    /// same rules as sign-up (PasswordStrengthValidator), a lockout left by an earlier version is lifted, other sessions end (new security stamp), and every cloud the account
    /// is a user of records it in its audit log — all in one save. Without <paramref name="password"/> one is generated.
    /// Returns the password now in force.
    /// </summary>
    public async Task<string> SetPasswordAsync(string email, string? password, AuditActor actor, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var account = await users.FindByEmailAsync((email ?? string.Empty).Trim())
            ?? throw DomainException.NotFound($"Account with e-mail \"{email}\" not found");
        password ??= RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, account, password);
            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            throw DomainException.Invalid("/password", string.Join(" ", errors.Select(e => e.Description)));
        }

        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        account.SecurityStamp = Guid.NewGuid().ToString();
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        var memberships = await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
            .Where(e => e.AccountId == account.Id).Select(e => new { e.CloudId, e.Id }).ToListAsync(ct);
        foreach (var membership in memberships)
        {
            audit.Record(membership.CloudId, actor, AuditActions.PasswordSet, "user", membership.Id);
        }

        var updated = await users.UpdateAsync(account);
        if (!updated.Succeeded)
        {
            throw DomainException.Invalid("/password", string.Join(" ", updated.Errors.Select(e => e.Description)));
        }

        return password;
    }

    /// <summary>
    /// The account with this e-mail, or a new one. A new account gets <paramref name="password"/>
    /// (or none: it can be claimed later by sign-up with that e-mail).
    /// </summary>
    public async Task<Account> FindOrCreateAsync(string email, string? password, CancellationToken ct)
    {
        email = (email ?? string.Empty).Trim();
        if (!IsEmail(email))
        {
            throw DomainException.Invalid("/emailAddress", $"\"{email}\" is not a valid e-mail address.");
        }

        ct.ThrowIfCancellationRequested();
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing;
        }

        var account = new Account { UserName = email, Email = email, EmailConfirmed = false, CreatedAt = time.GetUtcNow().UtcDateTime };
        var result = password is null ? await users.CreateAsync(account) : await users.CreateAsync(account, password);
        if (!result.Succeeded)
        {
            var pointer = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "/password" : "/emailAddress";
            throw DomainException.Invalid(pointer, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        return account;
    }

    /// <summary>A plain, conservative e-mail check: one @, something on each side, a dot in the domain, no spaces.</summary>
    public static bool IsEmail(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return value.Length is > 2 and <= Employees.Employee.EmailMaxLength
            && at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
            && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.')
            && !value.Any(char.IsWhiteSpace);
    }
}
