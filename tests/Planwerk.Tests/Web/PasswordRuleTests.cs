using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Accounts;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// Weak and common passwords are refused by one rule (zxcvbn, score 3 or more) on every door that sets one —
/// sign-up, invitation, password change, CLI — in English and German, naming the form's field and what to do.
/// </summary>
public abstract partial class PasswordRuleTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string Common = "sommer2024sommer";

    public static TheoryData<string, string, string> Languages => new()
    {
        { "en", "“Password” is too easy to guess. Common passwords, words and names are guessed first. Make it longer",
            "“New password” is too easy to guess. Repeated characters like aaa or abcabc add little. Make it longer" },
        { "de", "„Passwort“ ist zu leicht zu erraten. Häufige Passwörter, Wörter und Namen werden zuerst geraten. Machen Sie es länger",
            "„Neues Passwort“ ist zu leicht zu erraten. Wiederholungen wie aaa oder abcabc helfen kaum. Machen Sie es länger" },
    };

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task SignUp_WithACommonPassword_IsRefusedAtThePasswordField_SayingWhatToDo_AndWritesNothing(string language, string expected, string _)
    {
        var email = $"new-{Guid.NewGuid():N}@example.test";
        using var session = WebSession.Anonymous(App, LoginThrottleTests.NextAddress(), language);

        var page = await (await session.PostFormAsync("/signup", new()
        {
            ["Input.FirstName"] = "Nina", ["Input.LastName"] = "New", ["Input.Email"] = email, ["Input.Password"] = Common, ["Input.CloudName"] = "Ninas",
        })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.StartsWith(expected, FieldError(page, "Input.Password"), StringComparison.Ordinal);
        Assert.False(await App.InCloudAsync(Guid.NewGuid(), db => db.Users.AnyAsync(a => a.Email == email, Ct)));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task AnInvitation_WithACommonPassword_IsRefused_AndTheLinkStillWorksWithAStrongOne(string language, string expected, string _)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var invitee = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        string email, code;
        await using (var scope = App.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var account = (await users.FindByIdAsync(invitee.AccountId.ToString()))!;
            (email, code) = (account.Email!, await users.GeneratePasswordResetTokenAsync(account));
        }

        using var session = WebSession.Anonymous(App, LoginThrottleTests.NextAddress(), language);
        var link = $"/signup?email={Uri.EscapeDataString(email)}&code={Uri.EscapeDataString(code)}";
        var refused = await (await session.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = Common, ["Code"] = code }, link))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.StartsWith(expected, FieldError(refused, "Input.Password"), StringComparison.Ordinal);
        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.Users.Where(a => a.Email == email).Select(a => a.PasswordHash).SingleAsync(Ct)));
        var joined = await session.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = WebSession.Password, ["Code"] = code }, link);
        await joined.AssertStatusAsync(HttpStatusCode.Redirect);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task APasswordChange_ToAWeakOne_IsRefusedAtTheNewPasswordField_AndTheOldOneStillHolds(string language, string _, string expected)
    {
        var cloud = await App.CreateCloudAsync();
        using var owner = await WebSession.SignInAsync(App, cloud.OwnerEmail, WebSession.Password, LoginThrottleTests.NextAddress());
        owner.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = await (await owner.PostFormAsync("/account/password", new() { ["Input.Current"] = WebSession.Password, ["Input.New"] = "aaaaaaaaaaaa" }))
            .AssertStatusAsync(HttpStatusCode.OK);

        Assert.StartsWith(expected, FieldError(page, "Input.New"), StringComparison.Ordinal);
        using var again = await WebSession.SignInAsync(App, cloud.OwnerEmail, WebSession.Password, LoginThrottleTests.NextAddress());
    }

    [Theory]
    [InlineData("en", "The password must be at least 10 characters long.")]
    [InlineData("de", "Das Passwort muss mindestens 10 Zeichen lang sein.")]
    public async Task ATooShortPassword_GetsIdentitysLengthRule_InTheLanguageOfThePage(string language, string expected)
    {
        using var session = WebSession.Anonymous(App, LoginThrottleTests.NextAddress(), language);

        var page = await (await session.PostFormAsync("/signup", new()
        {
            ["Input.FirstName"] = "Nina", ["Input.LastName"] = "New", ["Input.Email"] = $"new-{Guid.NewGuid():N}@example.test", ["Input.Password"] = "short",
            ["Input.CloudName"] = "Ninas",
        })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(expected, FieldError(page, "Input.Password"));
    }

    [Fact]
    public async Task TheCli_RefusesAWeakPassword_OnEveryVerbThatSetsOne_InEnglishAndGerman()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var owner = $"owner-{Guid.NewGuid():N}@example.test";
        var user = $"user-{Guid.NewGuid():N}@example.test";
        var german = new Dictionary<string, string> { ["LANG"] = "de_DE.UTF-8", ["LC_ALL"] = "de_DE.UTF-8" };

        var runs = new[]
        {
            await CliProcess.RunAsync(App.Database, "cloud", "create", "--name", "Weak" + Guid.NewGuid().ToString("N")[..6], "--owner", owner,
                "--password", Common, "--plan", "team"),
            await CliProcess.RunAsync(App.Database, "user", "add", cloud.Name, "--email", user, "--first", "Ann", "--last", "Lee", "--group", "BasicRights",
                "--password", "1234567890abc"),
            await CliProcess.RunAsync(App.Database, "user", "set-password", "--email", cloud.OwnerEmail, "--password", "password1234"),
        };
        var inGerman = await CliProcess.RunAsync(App.Database, german, "user", "set-password", "--email", cloud.OwnerEmail, "--password", "password1234");

        Assert.All(runs, run =>
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("“Password” is too easy to guess.", run.Error, StringComparison.Ordinal);
        });
        Assert.Contains("Sequences like abc or 1234", runs[1].Error, StringComparison.Ordinal);
        Assert.True(inGerman.ExitCode == 1, inGerman.ToString());
        Assert.Contains("„Passwort“ ist zu leicht zu erraten. Häufige Passwörter", inGerman.Error, StringComparison.Ordinal);
        Assert.False(await App.InCloudAsync(cloud.Id, db => db.Users.AnyAsync(a => a.Email == owner || a.Email == user, Ct)));
        await using var scope = App.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync(cloud.OwnerEmail))!, WebSession.Password));
    }

    [Theory]
    [InlineData("zorblat-1a2b3c4d@example.test", "zorblat2024x!", "It contains your e-mail address or a part of it.", "Es enthält Ihre E-Mail-Adresse oder einen Teil davon.")]
    [InlineData("ann@example.test", "winterwinter2", "Common passwords, words and names are guessed first.", "Häufige Passwörter, Wörter und Namen werden zuerst geraten.")]
    [InlineData("ann@example.test", "1234567890abc", "Sequences like abc or 1234 and keyboard rows like qwertz are guessed first.",
        "Folgen wie abc oder 1234 und Tastaturreihen wie qwertz werden zuerst geraten.")]
    [InlineData("ann@example.test", "aaaaaaaaaaaa", "Repeated characters like aaa or abcabc add little.", "Wiederholungen wie aaa oder abcabc helfen kaum.")]
    [InlineData("ann@example.test", "1987-08-19-2001", "Dates and years are guessed first.", "Daten und Jahreszahlen werden zuerst geraten.")]
    [InlineData("ann@example.test", "correct horse battery", null, null)]
    [InlineData("ann@example.test", "Kx9mP2vQ7nWz4RtY", null, null)]
    public async Task TheRule_SaysWhyAPasswordIsWeak_InBothLanguages_AndLetsStrongOnesPass(string email, string password, string? english, string? german)
    {
        foreach (var (culture, expected) in new[] { ("en", english), ("de", german) })
        {
            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                await using var scope = App.Scope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
                var rule = users.PasswordValidators.OfType<PasswordStrengthValidator>().Single();
                var result = await rule.ValidateAsync(users, new Account { Email = email, UserName = email }, password);
                if (expected is null)
                {
                    Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
                }
                else
                {
                    var error = Assert.IsType<WeakPasswordError>(Assert.Single(result.Errors));
                    Assert.Equal((WeakPasswordError.ErrorCode, expected), (error.Code, error.Reason));
                }
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
    }

    /// <summary>The validation message shown next to <paramref name="field"/>, decoded.</summary>
    private static string FieldError(string html, string field)
    {
        var match = new Regex($"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>(.*?)</span>", RegexOptions.Singleline).Match(html);
        Assert.True(match.Success, $"no message for {field}");
        return WebUtility.HtmlDecode(Regex.Replace(match.Groups[1].Value, "<[^>]+>", string.Empty)).Trim();
    }
}

public sealed class PasswordRuleTestsOnSqlite(SqliteApp app) : PasswordRuleTests(app), IClassFixture<SqliteApp>;

public sealed class PasswordRuleTestsOnPostgres(PostgresApp app) : PasswordRuleTests(app), IClassFixture<PostgresApp>;
