using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Web;
using Zxcvbn.Matcher;

namespace Planwerk.Accounts;

/// <summary>
/// Refuses weak and common passwords by zxcvbn's estimate (<c>zxcvbn-core</c>): a score below
/// <see cref="MinimumScore"/> is refused with a localized reason and what to do instead. Registered once as an
/// Identity password validator, so sign-up, the invitation, the password change and the CLI apply the same rule.
/// Passwords shorter than Identity's minimum length are left to Identity's own length rule (one message, not two).
/// </summary>
public sealed class PasswordStrengthValidator(IStringLocalizer<Text> t, IOptions<IdentityOptions> identity) : IPasswordValidator<Account>
{
    /// <summary>zxcvbn's score from 0 (too guessable) to 4; 3 means about 10^8 guesses at the offline slow-hash rate.</summary>
    public const int MinimumScore = 3;

    /// <summary>Only so much of a password is estimated (zxcvbn's matching grows fast with length); the rest only makes it stronger.</summary>
    private const int EstimatedLength = 128;

    /// <summary>
    /// Words zxcvbn's English lists miss but German speakers pick, matched like a dictionary (by rank, with l33t
    /// substitutions): the estimate knows them as common.
    /// </summary>
    private static readonly string[] CommonGermanWords =
    [
        "passwort", "hallo", "schatz", "geheim", "sommer", "winter", "frühling", "herbst", "fussball", "fußball", "liebe",
        "ichliebedich", "schalke", "bayern", "borussia", "dortmund", "deutschland", "berlin", "hamburg", "münchen", "muenchen",
        "sonne", "mond", "stern", "blume", "katze", "hund", "mausi", "schnucki", "engel", "teufel", "arschloch", "ficken",
        "willkommen", "anmelden", "kennwort", "zugang", "benutzer", "firma", "projekt", "planung", "montag", "freitag",
        "januar", "februar", "dezember", "weihnachten", "ostern", "geburtstag", "mama", "papa", "oma", "opa", "familie",
        "qwertz", "qwertzuiop", "asdfgh", "yxcvbnm", "planwerk", "factro",
    ];

    public Task<IdentityResult> ValidateAsync(UserManager<Account> manager, Account user, string? password)
    {
        password ??= string.Empty;
        if (password.Length < identity.Value.Password.RequiredLength)
        {
            return Task.FromResult(IdentityResult.Success); // Identity's length rule says so
        }

        var personal = PersonalWords(user);
        var result = Zxcvbn.Zxcvbn.MatchPassword(password[..Math.Min(password.Length, EstimatedLength)], [.. personal, .. CommonGermanWords]);
        if (result.Score >= MinimumScore)
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var reason = Reason(result.MatchSequence, personal);
        return Task.FromResult(IdentityResult.Failed(new WeakPasswordError(reason is null ? string.Empty : t[reason], t)));
    }

    /// <summary>What about this account a guesser tries first: its e-mail address and the parts of it.</summary>
    private static HashSet<string> PersonalWords(Account user)
    {
        var words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in new[] { user.Email, user.UserName })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            words.Add(value);
            foreach (var part in value.Split(['@', '.', '-', '_', '+'], StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.Length >= 3)
                {
                    words.Add(part);
                }
            }
        }

        return words;
    }

    /// <summary>The most telling reason among the patterns zxcvbn found, as a text key; null when it was just too short.</summary>
    private static string? Reason(IEnumerable<Zxcvbn.Match> matches, HashSet<string> personal)
    {
        var found = matches.ToList();
        if (found.OfType<DictionaryMatch>().Any(m => m.DictionaryName == "user_inputs" && personal.Contains(m.MatchedWord)))
        {
            return "PasswordRule.Personal";
        }

        if (found.OfType<DictionaryMatch>().Any(m => m.Token.Length >= 3))
        {
            return "PasswordRule.Common";
        }

        if (found.Any(m => m.Pattern is "sequence" or "spatial"))
        {
            return "PasswordRule.Sequence";
        }

        if (found.Any(m => m.Pattern == "repeat"))
        {
            return "PasswordRule.Repeat";
        }

        if (found.Any(m => m.Pattern is "date" or "year" or "digits"))
        {
            return "PasswordRule.Date";
        }

        return null;
    }
}

/// <summary>
/// A password refused as too easy to guess. <see cref="IdentityError.Description"/> names the sign-up form's
/// label; <see cref="For"/> names another (e.g. "New password").
/// </summary>
public sealed class WeakPasswordError : IdentityError
{
    public const string ErrorCode = "PasswordTooWeak";

    private readonly IStringLocalizer<Text> t;

    internal WeakPasswordError(string reason, IStringLocalizer<Text> t)
    {
        this.t = t;
        Reason = reason;
        Code = ErrorCode;
        Description = For(t["Field.Password"]);
    }

    /// <summary>Why it is weak (localized), or empty when it is just too short to be safe.</summary>
    public string Reason { get; }

    /// <summary>The message for a form whose password field is labelled <paramref name="label"/>.</summary>
    public string For(string label) => t["PasswordRule.TooWeak", label, Reason].Value.Replace("  ", " ", StringComparison.Ordinal);
}
