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
}
