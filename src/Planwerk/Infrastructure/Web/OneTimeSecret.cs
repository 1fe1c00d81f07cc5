using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// Carries a secret that is shown once (a new API token, an invitation link) from the post that made it to the page the
/// post redirects to (post/redirect/get), so a reload never makes a second one. The secret travels in TempData, encrypted
/// with the Data Protection API (the keys every instance shares, in the database), for the account that made it and for
/// <see cref="Lifetime"/> only; the next page takes it out of TempData (so a reload no longer shows it). Never in clear text
/// in a cookie, and nothing is kept on the server, so any instance can show it.
/// </summary>
public static class OneTimeSecret
{
    /// <summary>How long the protected secret can be opened after the post (a redirect takes milliseconds).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string Purpose = "Planwerk.OneTimeSecret.v1";

    public static void Keep(HttpContext http, ITempDataDictionary tempData, string kind, Guid accountId, string secret)
    {
        // The lifetime is checked against the system clock by Data Protection itself, so it is set by that clock too.
        tempData[Key(kind)] = Protector(http, kind, accountId).Protect(secret, Lifetime);
    }

    public static string? Take(HttpContext http, ITempDataDictionary tempData, string kind, Guid accountId)
    {
        if (tempData[Key(kind)] is not string protectedSecret)
        {
            return null;
        }

        try
        {
            return Protector(http, kind, accountId).Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null; // expired, or made for another account: not shown
        }
    }

    private static string Key(string kind) => "Secret." + kind;

    private static ITimeLimitedDataProtector Protector(HttpContext http, string kind, Guid accountId) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose, kind, accountId.ToString()).ToTimeLimitedDataProtector();
}
