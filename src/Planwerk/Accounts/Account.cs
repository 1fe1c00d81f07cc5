using Microsoft.AspNetCore.Identity;

namespace Planwerk.Accounts;

/// <summary>A person's login (ASP.NET Core Identity). One account can be a user in several clouds.</summary>
public sealed class Account : IdentityUser<Guid>
{
    public Account()
    {
        Id = Guid.CreateVersion7();
        SecurityStamp = Guid.NewGuid().ToString();
    }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// The IANA time zone the person chose for the UI (e.g. <c>Europe/Berlin</c>); null: the browser's (see
    /// <see cref="Infrastructure.Web.PersonTimeZone"/>). The API answers in UTC whatever this says.
    /// </summary>
    [System.ComponentModel.DataAnnotations.MaxLength(TimeZoneMaxLength)]
    public string? TimeZone { get; set; }

    public const int TimeZoneMaxLength = 64;
}
