using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>
/// Identity's own messages (the ones Planwerk's settings can produce) from <c>Text.resx</c>, in the request's
/// language (the CLI's: the process's); the codes stay Identity's.
/// </summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<Text> t) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), t["Identity.DefaultError"]);

    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), t["Identity.ConcurrencyFailure"]);

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), t["Identity.PasswordMismatch"]);

    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), t["Identity.InvalidToken"]);

    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), t["Identity.InvalidEmail", email ?? string.Empty]);

    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), t["Identity.InvalidEmail", userName ?? string.Empty]);

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), t["Identity.DuplicateEmail", email]);

    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), t["Identity.DuplicateEmail", userName]);

    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), t["Identity.UserAlreadyHasPassword"]);

    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), t["Identity.PasswordTooShort", length]);

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
