using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Planwerk.Audit;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Accounts;

/// <summary>How a password sign-in ended.</summary>
public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown e-mail, no password yet, or a wrong password: one answer for all.</summary>
    Failed,

    /// <summary>Not checked: the address or the account must wait <see cref="PasswordSignInResult.RetryAfter"/>.</summary>
    Throttled,
}

public readonly record struct PasswordSignInResult(SignInOutcome Outcome, TimeSpan RetryAfter);

/// <summary>
/// Signing in with e-mail and password. Leaks nothing about which e-mails have accounts: an unknown e-mail (or an
/// account without a password yet) costs a password hash check like a wrong password, gets the same answer, and is
/// throttled the same (<see cref="LoginThrottle"/>). Nothing locks an account; when an account's back-off starts
/// or reaches its longest wait, every cloud the account is a user of records it in its audit log.
/// </summary>
public sealed class SignInService(
    UserManager<Account> users, SignInManager<Account> signIn, LoginThrottle throttle, PlanwerkDb db, AuditLog audit, ILogger<SignInService> log)
{
    /// <summary>The hash an unknown e-mail's password is checked against, made once by the same hasher as real ones.</summary>
    private static string? dummyHash;

    public async Task<PasswordSignInResult> SignInAsync(string email, string password, IPAddress? address, CancellationToken ct)
    {
        email = (email ?? string.Empty).Trim();
        var wait = throttle.SignInWait(email, address);
        if (wait > TimeSpan.Zero)
        {
            return new PasswordSignInResult(SignInOutcome.Throttled, wait);
        }

        var account = await users.FindByEmailAsync(email);
        if (account?.PasswordHash is null)
        {
            var dummy = new Account();
            dummyHash ??= users.PasswordHasher.HashPassword(dummy, RandomNumberGenerator.GetHexString(32));
            users.PasswordHasher.VerifyHashedPassword(dummy, dummyHash, password);
        }
        else if (await users.CheckPasswordAsync(account, password))
        {
            throttle.SignInSucceeded(email, address);
            await signIn.SignInAsync(account, isPersistent: true);
            return new PasswordSignInResult(SignInOutcome.SignedIn, TimeSpan.Zero);
        }

        var failure = throttle.SignInFailed(email, address);
        if (failure.Escalated)
        {
            log.LogWarning("Sign-ins for {Email} throttled after {Failures} failures in a row, the last from {Address}", email, failure.Failures,
                LoginThrottle.AddressKey(address));
            if (account is not null)
            {
                await AuditThrottledAsync(account, failure, address, ct);
            }
        }

        return new PasswordSignInResult(SignInOutcome.Failed, TimeSpan.Zero);
    }

    /// <summary>An audit row in each cloud the account is a user of: who is being guessed at, from where, how often.</summary>
    private async Task AuditThrottledAsync(Account account, SignInFailure failure, IPAddress? address, CancellationToken ct)
    {
        var memberships = await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
            .Where(e => e.AccountId == account.Id).Select(e => new { e.CloudId, e.Id }).ToListAsync(ct);
        var actor = new AuditActor("ui", null, LoginThrottle.AddressKey(address));
        var value = string.Create(CultureInfo.InvariantCulture,
            $"{failure.Failures} failed sign-ins in a row; next attempt after {failure.NextWait.TotalSeconds:0} s");
        foreach (var membership in memberships)
        {
            audit.Record(membership.CloudId, actor, AuditActions.SignInThrottled, "user", membership.Id, newValue: value);
        }

        await db.SaveChangesAsync(ct);
    }
}
