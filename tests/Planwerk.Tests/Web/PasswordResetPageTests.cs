using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Access;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// Password reset: "Forgot password?" e-mails a link (to a real SMTP server on 127.0.0.1) and tells nobody whether the
/// address has an account; the admin's "Reset link" on the users page (shown once); the CLI's <c>user reset-password</c>;
/// the page that sets the new password (the strength rule, English and German), once, within 2 hours (the fake clock).
/// And invitations: "invited" until accepted, "Resend" makes a new link and the old one stops working, e-mailed when SMTP is configured.
/// </summary>
public abstract partial class PasswordResetPageTests(MailApp app) : ProviderTest(app)
{
    private const string NewPassword = "amber kettle orbit lantern";

    private new MailApp App => (MailApp)base.App;

    [Fact]
    public async Task ForgotPassword_MailsAWorkingLinkToAKnownAddress_SendsNothingForAnUnknownOne_AndAnswersTheSame()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var anonymous = WebSession.Anonymous(App);
        Assert.Contains("href=\"/account/forgot-password\"", await anonymous.GetPageAsync("/login"), StringComparison.Ordinal);
        Assert.Contains("id=\"forgot-password\"", await anonymous.GetPageAsync("/account/forgot-password"), StringComparison.Ordinal);

        var unknown = await anonymous.PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = $"nobody-{Guid.NewGuid():N}@example.test" });
        await unknown.AssertStatusAsync(HttpStatusCode.Redirect);
        var unknownPage = await anonymous.GetPageAsync("/account/forgot-password");
        var known = await anonymous.PostFormAsync("/account/forgot-password", new() { ["Input.Email"] = cloud.OwnerEmail.ToUpperInvariant() });
        await known.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(unknown.Headers.Location, known.Headers.Location);
        var knownPage = await anonymous.GetPageAsync("/account/forgot-password");
        Assert.Contains("If an account has this address, a link to set a new password is on its way.", knownPage, StringComparison.Ordinal);
        Assert.Equal(Flash(unknownPage), Flash(knownPage));

        // The mails go out in order, so the owner's being the first proves the unknown address got none.
        var mail = await App.Mailbox.NextAsync();
        Assert.Equal(cloud.OwnerEmail, mail.To.Mailboxes.Single().Address, ignoreCase: true);
        Assert.Equal("Reset your Planwerk password", mail.Subject);
        var link = new Uri(ResetLink().Match(mail.TextBody!).Value);
        Assert.Equal(MailApp.PublicUrl, link.GetLeftPart(UriPartial.Authority));
        await Task.Delay(300, Ct);
        Assert.False(App.Mailbox.HasMore);

        await SetPasswordWithAsync(link, NewPassword);
        using (await WebSession.SignInAsync(App, cloud.OwnerEmail, NewPassword))
        {
        }

        Assert.Contains("id=\"reset-link-invalid\"", await anonymous.GetPageAsync(link.PathAndQuery), StringComparison.Ordinal); // once only
        var audited = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.PasswordSet && a.Channel == "ui", Ct));
        Assert.Equal(1, audited);
    }

    [Fact]
    public async Task TheAdminsResetLink_IsShownOnce_RefusesWeakPasswordsInGerman_AndExpiresAfterTwoHours()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (bobSession, bob) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        bobSession.Dispose();
        using var owner = await WebSession.SignInAsync(App, cloud);
        var users = await owner.GetPageAsync("/settings/users");
        Assert.Contains($"data-reset-link=\"{bob.Id}\"", users, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-reset-link=\"{cloud.OwnerId}\"", users, StringComparison.Ordinal); // not the owner's (nor one's own)

        var made = await owner.PostFormAsync("/settings/users?handler=ResetLink", new() { ["id"] = bob.Id.ToString() }, "/settings/users");
        await made.AssertStatusAsync(HttpStatusCode.Redirect);
        var shown = await owner.GetPageAsync("/settings/users");
        var link = new Uri(WebUtility.HtmlDecode(ShownResetLink().Match(shown).Groups[1].Value));
        Assert.DoesNotContain("id=\"reset-link\"", await owner.GetPageAsync("/settings/users"), StringComparison.Ordinal); // shown once

        using var german = WebSession.Anonymous(App, language: "de");
        var weak = await german.PostFormAsync("/account/reset-password", new() { ["Input.New"] = "aaaaaaaaaaaa", ["Id"] = Query(link, "id"), ["Code"] = Query(link, "code") }, link.PathAndQuery);
        Assert.Contains("„Neues Passwort“ ist zu leicht zu erraten.", WebUtility.HtmlDecode(await weak.AssertStatusAsync(HttpStatusCode.OK)), StringComparison.Ordinal);

        App.Time.Advance(PasswordResetTokenProvider.Lifetime + TimeSpan.FromMinutes(1));
        var late = await german.GetPageAsync(link.PathAndQuery);
        Assert.Contains("Dieser Link ist nicht (mehr) gültig", WebUtility.HtmlDecode(late), StringComparison.Ordinal);
        var forged = await german.PostFormAsync("/account/reset-password", new() { ["Input.New"] = NewPassword, ["Id"] = Query(link, "id"), ["Code"] = Query(link, "code") }, "/login");
        await forged.AssertStatusAsync(HttpStatusCode.OK);
        using (await WebSession.SignInAsync(App, (await App.InCloudAsync(cloud.Id, db => db.Employees.Include(e => e.Account).SingleAsync(e => e.Id == bob.Id, Ct))).Account!.Email!, WebSession.Password))
        {
        }
    }

    [Fact]
    public async Task AResetLink_IsRefused_ToABasicUser_ForTheOwner_ForALoginInAnotherCloud_AndForAnotherCloudsUser()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        var (web, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            await (await web.PostFormAsync("/settings/users?handler=ResetLink", new() { ["id"] = cloud.OwnerId.ToString() }, "/projects"))
                .AssertStatusAsync(HttpStatusCode.Forbidden);
        }

        // Another cloud's owner, added here as a user: an admin here must not take over that login.
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmployeeService>().AddAsync(Caller.System(cloud.Id, cloud.Plan), other.OwnerEmail, "Otto", "Other",
                SecurityGroup.BasicRights, null, Ct);
        }

        var otto = await App.InCloudAsync(cloud.Id, db => db.Employees.Include(e => e.Account).SingleAsync(e => e.Account!.Email == other.OwnerEmail, Ct));
        var (admin, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AllRights);
        using (admin)
        {
            var page = await admin.GetPageAsync("/settings/users");
            Assert.DoesNotContain($"data-reset-link=\"{otto.Id}\"", page, StringComparison.Ordinal);
            var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
            foreach (var id in new[] { otto.Id, cloud.OwnerId })
            {
                await (await admin.PostFormAsync("/settings/users?handler=ResetLink", new() { ["id"] = id.ToString() }, "/settings/users"))
                    .AssertStatusAsync(HttpStatusCode.Forbidden);
            }

            await (await admin.PostFormAsync("/settings/users?handler=ResetLink", new() { ["id"] = other.OwnerId.ToString() }, "/settings/users"))
                .AssertStatusAsync(HttpStatusCode.NotFound);
            Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
        }
    }

    [Fact]
    public async Task TheCli_PrintsAResetLinkOnThePublicAddress_ThatTheServerAccepts()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var anonymous = WebSession.Anonymous(App);
        await anonymous.GetPageAsync("/login"); // the server has its data-protection key in the database before the CLI reads it

        var without = await CliProcess.RunAsync(App.Database, "user", "reset-password", cloud.Id.ToString(), "--email", cloud.OwnerEmail);
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("Planwerk:PublicUrl", without.Error, StringComparison.Ordinal);

        var result = await CliProcess.RunAsync(App.Database, new Dictionary<string, string> { ["Planwerk__PublicUrl"] = "https://planwerk.example.com/" },
            "user", "reset-password", cloud.Id.ToString(), "--email", cloud.OwnerEmail);
        Assert.True(result.ExitCode == 0, result.ToString());
        var link = new Uri(result.Output.Trim());
        Assert.StartsWith("https://planwerk.example.com/account/reset-password?id=", link.ToString(), StringComparison.Ordinal);
        await SetPasswordWithAsync(link, NewPassword);
        using (await WebSession.SignInAsync(App, cloud.OwnerEmail, NewPassword))
        {
        }
    }

    [Fact]
    public async Task AnInvitedUser_ShowsAsInvitedUntilAccepted_AndResendMailsANewLink_TheOldOneStopsWorking()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var owner = await WebSession.SignInAsync(App, cloud);
        var email = $"ivy-{Guid.NewGuid():N}@example.test";
        await (await owner.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = email, ["Input.FirstName"] = "Ivy", ["Input.LastName"] = "Invitee", ["Input.SecurityGroup"] = "BasicRights",
        }, "/settings/users")).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains($"{email} is added to this cloud; the invitation link is e-mailed to them.", await owner.GetPageAsync("/settings/users"), StringComparison.Ordinal);
        var first = new Uri(SignupLink().Match((await App.Mailbox.NextAsync()).TextBody!).Value);
        var ivy = await App.InCloudAsync(cloud.Id, db => db.Employees.SingleAsync(e => e.FirstName == "Ivy", Ct));
        var page = await owner.GetPageAsync("/settings/users");
        Assert.Contains($"data-status=\"{ivy.Id}\">invited</td>", page, StringComparison.Ordinal);
        Assert.Contains($"data-resend=\"{ivy.Id}\"", page, StringComparison.Ordinal);

        var resent = await owner.PostFormAsync("/settings/users?handler=Resend", new() { ["id"] = ivy.Id.ToString() }, "/settings/users");
        await resent.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains($"A new invitation link is e-mailed to {email}; the old one no longer works.", await owner.GetPageAsync("/settings/users"), StringComparison.Ordinal);
        var mail = await App.Mailbox.NextAsync();
        Assert.Equal(email, mail.To.Mailboxes.Single().Address);
        var second = new Uri(SignupLink().Match(mail.TextBody!).Value);
        Assert.NotEqual(first, second);

        using var invitee = WebSession.Anonymous(App);
        var old = await invitee.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = NewPassword, ["Code"] = Query(first, "code") }, first.PathAndQuery);
        Assert.Contains("not valid", await old.AssertStatusAsync(HttpStatusCode.OK), StringComparison.Ordinal);
        var joined = await invitee.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = NewPassword, ["Code"] = Query(second, "code") }, second.PathAndQuery);
        await joined.AssertStatusAsync(HttpStatusCode.Redirect);

        page = await owner.GetPageAsync("/settings/users");
        Assert.Contains($"data-status=\"{ivy.Id}\">active</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-resend=\"{ivy.Id}\"", page, StringComparison.Ordinal);
        await (await owner.PostFormAsync("/settings/users?handler=Resend", new() { ["id"] = ivy.Id.ToString() }, "/settings/users"))
            .AssertStatusAsync(HttpStatusCode.Conflict);
    }

    private async Task SetPasswordWithAsync(Uri link, string password)
    {
        using var browser = WebSession.Anonymous(App);
        var form = await browser.GetPageAsync(link.PathAndQuery);
        Assert.Contains("id=\"reset-password\"", form, StringComparison.Ordinal);
        var set = await browser.PostFormAsync("/account/reset-password", new() { ["Input.New"] = password, ["Id"] = Query(link, "id"), ["Code"] = Query(link, "code") }, link.PathAndQuery);
        await set.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("/login", set.Headers.Location?.OriginalString);
        Assert.Contains("Your password is set. Sign in with it.", await browser.GetPageAsync("/login"), StringComparison.Ordinal); // post/redirect/get
    }

    private static string Query(Uri link, string name) => System.Web.HttpUtility.ParseQueryString(link.Query)[name]!;

    private static string Flash(string page) => FlashText().Match(page).Groups[1].Value;

    [GeneratedRegex(@"https?://\S+/account/reset-password\?\S+")]
    private static partial Regex ResetLink();

    [GeneratedRegex(@"https?://\S+/signup\?\S+")]
    private static partial Regex SignupLink();

    [GeneratedRegex("id=\"reset-link\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex ShownResetLink();

    [GeneratedRegex("<p class=\"flash\" role=\"status\">([^<]*)</p>")]
    private static partial Regex FlashText();
}

public sealed class PasswordResetPageTestsOnSqlite(SqliteMailApp app) : PasswordResetPageTests(app), IClassFixture<SqliteMailApp>;

public sealed class PasswordResetPageTestsOnPostgres(PostgresMailApp app) : PasswordResetPageTests(app), IClassFixture<PostgresMailApp>;
