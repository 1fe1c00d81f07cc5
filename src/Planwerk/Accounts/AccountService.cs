using Microsoft.AspNetCore.Identity;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Accounts;

/// <summary>Accounts through ASP.NET Core Identity, with its validators turned into domain errors.</summary>
public sealed class AccountService(UserManager<Account> users, TimeProvider time)
{
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
        return value.Length is > 2 and <= 256
            && at > 0 && at == value.LastIndexOf('@') && at < value.Length - 1
            && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.')
            && !value.Any(char.IsWhiteSpace);
    }
}
