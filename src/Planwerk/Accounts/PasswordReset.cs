using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Mail;

namespace Planwerk.Accounts;

/// <summary>
/// The token of a password-reset link: Identity's data-protection token (the account, the purpose and its security
/// stamp, protected with the keys every instance shares), but dated by the app's <see cref="TimeProvider"/>, so its
/// <see cref="Lifetime"/> is tested with the fake clock (Identity's own provider reads the system clock). Setting the
/// password renews the stamp, so a link works once.
/// </summary>
public sealed class PasswordResetTokenProvider(IDataProtectionProvider protection, TimeProvider time) : IUserTwoFactorTokenProvider<Account>
{
    public const string ProviderName = "PlanwerkPasswordReset";

    public const string Purpose = "ResetPassword";

    /// <summary>How long a reset link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly IDataProtector protector = protection.CreateProtector("Planwerk.PasswordReset.v1");

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<Account> manager, Account user) => Task.FromResult(false);

    public async Task<string> GenerateAsync(string purpose, UserManager<Account> manager, Account user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(time.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? string.Empty);
        }

        return WebEncoders.Base64UrlEncode(protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<Account> manager, Account user)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(protector.Unprotect(WebEncoders.Base64UrlDecode(token))), Encoding.UTF8);
            var issued = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            // Only too old counts: the time is inside the protected payload, nobody can date a token forward.
            if (time.GetUtcNow() - issued > Lifetime)
            {
                return false;
            }

            return reader.ReadString() == await manager.GetUserIdAsync(user) && reader.ReadString() == purpose
                && reader.ReadString() == (await manager.GetSecurityStampAsync(user) ?? string.Empty);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or EndOfStreamException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}

/// <summary>
/// Makes and checks password-reset links (<c>/account/reset-password?id=…&amp;code=…</c>) for the CLI
/// (<c>user reset-password</c>), the users page's "Reset link" and "Forgot password?", which e-mails it.
/// </summary>
public sealed class PasswordResetLinks(UserManager<Account> users, IOptions<PublicUrlOptions> publicUrl)
{
    /// <summary>The configured public address (<c>Planwerk:PublicUrl</c>), or null.</summary>
    public string? PublicBase => publicUrl.Value.Base;

    /// <summary>A new link for <paramref name="account"/> on <paramref name="baseUrl"/> (the public address or the request's).</summary>
    public async Task<string> CreateAsync(Account account, string baseUrl)
    {
        var code = await users.GenerateUserTokenAsync(account, PasswordResetTokenProvider.ProviderName, PasswordResetTokenProvider.Purpose);
        return $"{baseUrl.TrimEnd('/')}/account/reset-password?id={account.Id}&code={Uri.EscapeDataString(code)}";
    }

    /// <summary>A link for the account with <paramref name="email"/> on the public address (the CLI); 404 for no such account.</summary>
    public async Task<string> CreateAsync(string email)
    {
        var account = await users.FindByEmailAsync((email ?? string.Empty).Trim()) ?? throw DomainException.NotFound($"Account with e-mail \"{email}\" not found");
        return await CreateAsync(account, PublicBase
            ?? throw DomainException.Invalid("/publicUrl", $"Set {PublicUrlOptions.Section}:PublicUrl (the address people open Planwerk at) to make links."));
    }

    /// <summary>The account the link is for, if the link still works (not used, not expired, not forged); else null.</summary>
    public async Task<Account?> AccountAsync(Guid? id, string? code)
    {
        if (id is null || string.IsNullOrEmpty(code) || await users.FindByIdAsync(id.Value.ToString()) is not { } account)
        {
            return null;
        }

        return await users.VerifyUserTokenAsync(account, PasswordResetTokenProvider.ProviderName, PasswordResetTokenProvider.Purpose, code) ? account : null;
    }
}
