using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Web;

/// <summary>
/// Sign-up, sign-in, invitations, the cloud switcher and the owner's and admins' settings pages, over
/// HTTP like a browser: each goes through the same service (and writes the same audit rows) as the API and CLI.
/// </summary>
public abstract partial class SettingsPagesTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task SignUp_MakesABasicCloudWithItsOwner_AndSignsIn()
    {
        var email = $"new-{Guid.NewGuid():N}@example.test";
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = await (await client.GetAsync("/signup", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var response = await client.PostAsync("/signup", Form(page, new()
        {
            ["Input.FirstName"] = "Nina", ["Input.LastName"] = "New", ["Input.Email"] = email, ["Input.Password"] = WebSession.Password,
            ["Input.CloudName"] = "Ninas",
        }), Ct);

        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("/projects", response.Headers.Location?.OriginalString);
        await (await client.GetAsync("/projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Planwerk.Infrastructure.Data.PlanwerkDb>();
        var account = await db.Users.SingleAsync(a => a.Email == email, Ct);
        var cloud = await db.Clouds.SingleAsync(c => c.OwnerAccountId == account.Id, Ct);
        Assert.Equal(Plan.Basic, cloud.Plan);
        Assert.Equal("Ninas", cloud.Name);
        var owner = await db.Employees.IgnoreQueryFilters().SingleAsync(e => e.CloudId == cloud.Id, Ct);
        Assert.Equal(SecurityGroup.AllRights, owner.SecurityGroup);
        Assert.Equal(cloud.OwnerAccountId, owner.AccountId);
    }

    [Fact]
    public async Task SignUp_WithAnExistingEmail_OrBadFields_IsRefusedNextToTheField_AndWritesNothing()
    {
        var cloud = await App.CreateCloudAsync();
        var clouds = await CloudCountAsync();
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = await (await client.GetAsync("/signup", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        var taken = await (await client.PostAsync("/signup", Form(page, new()
        {
            ["Input.FirstName"] = "Eve", ["Input.LastName"] = "Taken", ["Input.Email"] = cloud.OwnerEmail, ["Input.Password"] = WebSession.Password,
            ["Input.CloudName"] = "Takeover",
        }), Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var bad = await (await client.PostAsync("/signup", Form(page, new()
        {
            ["Input.FirstName"] = "", ["Input.LastName"] = "Short", ["Input.Email"] = "not-an-email", ["Input.Password"] = "short",
            ["Input.CloudName"] = "A name far longer than fifteen",
        }), Ct)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Matches(ErrorFor("Input.Email", "An account with this e-mail exists"), taken);
        Assert.Matches(ErrorFor("Input.FirstName", "required"), bad);
        Assert.Matches(ErrorFor("Input.Email", "not a valid e-mail"), bad);
        Assert.Matches(ErrorFor("Input.CloudName", "too long"), bad);
        Assert.Equal(clouds, await CloudCountAsync());
    }

    [Fact]
    public async Task WithoutSmtp_ResendShowsANewInvitationLinkOnce_AndTheOldOneStopsWorking_ABasicUserCannotResend()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var owner = await WebSession.SignInAsync(App, cloud);
        var email = $"invitee-{Guid.NewGuid():N}@example.test";
        await (await owner.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = email, ["Input.FirstName"] = "Ivy", ["Input.LastName"] = "Invitee", ["Input.SecurityGroup"] = "BasicRights",
        }, "/settings/users")).AssertStatusAsync(HttpStatusCode.Redirect);
        var first = new Uri(System.Net.WebUtility.HtmlDecode(InvitationLink().Match(await owner.GetPageAsync("/settings/users")).Groups[1].Value));
        var ivy = await App.InCloudAsync(cloud.Id, db => db.Employees.SingleAsync(e => e.FirstName == "Ivy", Ct));

        var (basic, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (basic)
        {
            await (await basic.PostFormAsync("/settings/users?handler=Resend", new() { ["id"] = ivy.Id.ToString() }, "/projects")).AssertStatusAsync(HttpStatusCode.Forbidden);
        }

        await (await owner.PostFormAsync("/settings/users?handler=Resend", new() { ["id"] = ivy.Id.ToString() }, "/settings/users")).AssertStatusAsync(HttpStatusCode.Redirect);
        var page = await owner.GetPageAsync("/settings/users");
        Assert.Contains($"A new invitation link for {email} is below; the old one no longer works.", page, StringComparison.Ordinal);
        var second = new Uri(System.Net.WebUtility.HtmlDecode(InvitationLink().Match(page).Groups[1].Value));
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("id=\"invitation\"", await owner.GetPageAsync("/settings/users"), StringComparison.Ordinal); // shown once

        using var invitee = WebSession.Anonymous(App);
        string Code(Uri link) => System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        var old = await invitee.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = WebSession.Password, ["Code"] = Code(first) }, first.PathAndQuery);
        Assert.Contains("not valid", await old.AssertStatusAsync(HttpStatusCode.OK), StringComparison.Ordinal);
        await (await invitee.PostFormAsync("/signup", new() { ["Input.Email"] = email, ["Input.Password"] = WebSession.Password, ["Code"] = Code(second) }, second.PathAndQuery))
            .AssertStatusAsync(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task AnInvitationLink_SetsThePasswordOnce_AndTheInviteeJoinsTheCloud()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var owner = await WebSession.SignInAsync(App, cloud);
        var email = $"invitee-{Guid.NewGuid():N}@example.test";
        await (await owner.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = email, ["Input.FirstName"] = "Ivy", ["Input.LastName"] = "Invitee", ["Input.SecurityGroup"] = "BasicRights",
        }, "/settings/users")).AssertStatusAsync(HttpStatusCode.Redirect);
        var invited = await owner.GetPageAsync("/settings/users"); // post/redirect/get: the link is shown once, after the redirect
        var link = new Uri(System.Net.WebUtility.HtmlDecode(InvitationLink().Match(invited).Groups[1].Value));

        using var invitee = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var signup = await (await invitee.GetAsync(link.PathAndQuery, Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("<title>Join your team&#x27;s cloud · Planwerk</title>", signup, StringComparison.Ordinal); // the tab says what the heading says
        var code = System.Web.HttpUtility.ParseQueryString(link.Query)["code"]!;
        var joined = await invitee.PostAsync("/signup", Form(signup, new() { ["Input.Email"] = email, ["Input.Password"] = WebSession.Password, ["Code"] = code }), Ct);
        await joined.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("Ivy Invitee", await (await invitee.GetAsync("/projects", Ct)).AssertStatusAsync(HttpStatusCode.OK), StringComparison.Ordinal);

        using var again = App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var page = await (await again.GetAsync(link.PathAndQuery, Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var reused = await (await again.PostAsync("/signup", Form(page, new() { ["Input.Email"] = email, ["Input.Password"] = "amber kettle orbit", ["Code"] = code }), Ct))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("not valid", reused, StringComparison.Ordinal);
        using var signIn = await WebSession.SignInAsync(App, email, WebSession.Password); // the first password still holds
    }

    [Fact]
    public async Task AnAccountInTwoClouds_SwitchesBetweenThem_ButNeverIntoACloudItIsNotIn()
    {
        var first = await App.CreateCloudAsync(Plan.Team);
        var second = await App.CreateCloudAsync(Plan.Professional);
        var stranger = await App.CreateCloudAsync(Plan.Business);
        await using (var scope = App.Scope())
        {
            await scope.ServiceProvider.GetRequiredService<EmployeeService>()
                .AddAsync(Planwerk.Access.Caller.System(second.Id, second.Plan), first.OwnerEmail, "Olga", "Owner", SecurityGroup.AdvancedRights, null, Ct);
        }

        using var web = await WebSession.SignInAsync(App, first);
        var home = await web.GetPageAsync("/projects");
        Assert.Contains(first.Name, home, StringComparison.Ordinal);
        Assert.Contains($"value=\"{second.Id}\"", home, StringComparison.Ordinal);

        await (await web.PostFormAsync("/switch-cloud", new() { ["cloudId"] = second.Id.ToString() }, "/projects")).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("data-plan=\"professional\"", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
        await web.GetPageAsync("/settings/plan", HttpStatusCode.Forbidden); // a planner there, not its owner

        await (await web.PostFormAsync("/switch-cloud", new() { ["cloudId"] = stranger.Id.ToString() }, "/projects")).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("data-plan=\"professional\"", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
        Assert.DoesNotContain(stranger.Name, await web.GetPageAsync("/projects"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOwnersSwitches_ThroughTheUi_ActOnTheApiAtOnce_AndAreAuditedAsUi()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        await (await web.PostFormAsync("/settings/integrations/api?handler=Switch", new() { ["enabled"] = "false" }, "/settings/integrations/api"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        await (await api.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "api_access_disabled");
        await (await web.PostFormAsync("/settings/integrations/webhooks?handler=Switch", new() { ["enabled"] = "false" }, "/settings/integrations/webhooks"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        await web.GetPageAsync("/settings/integrations/webhooks/new", HttpStatusCode.Forbidden);
        await (await web.PostFormAsync("/settings/integrations/api?handler=Switch", new() { ["enabled"] = "true" }, "/settings/integrations/api"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        await (await api.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.Where(a => a.Action == AuditActions.ApiAccessChanged || a.Action == AuditActions.WebhooksChanged)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id).ToListAsync(Ct));
        Assert.Equal(["cloud.api_access_changed on→off", "cloud.webhooks_changed on→off", "cloud.api_access_changed off→on"],
            audit.Select(a => $"{a.Action} {a.OldValue}→{a.NewValue}"));
        Assert.All(audit, a => Assert.Equal(("ui", cloud.OwnerId), (a.Channel, a.ActorEmployeeId)));
    }

    [Fact]
    public async Task ASwitchPostWithoutOrWithAMalformedValue_Is400_AndSwitchesNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        foreach (var (page, value) in new[] { ("api", (string?)null), ("api", "maybe"), ("webhooks", null), ("webhooks", "0ff") })
        {
            var fields = value is null ? new Dictionary<string, string?>() : new() { ["enabled"] = value };
            var url = $"/settings/integrations/{page}";
            await (await web.PostFormAsync($"{url}?handler=Switch", fields, url)).AssertStatusAsync(HttpStatusCode.BadRequest);
        }

        var state = await App.InCloudAsync(cloud.Id, db => db.Clouds.AsNoTracking().SingleAsync(c => c.Id == cloud.Id, Ct));
        Assert.True(state.ApiAccessEnabled && state.WebhooksEnabled);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.AuditEntries.CountAsync(a => a.Action == AuditActions.ApiAccessChanged || a.Action == AuditActions.WebhooksChanged, Ct)));
    }

    [Fact]
    public async Task AnAdminWhoIsNotTheOwner_CannotFlipTheSwitches_ByAForgedPost()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AllRights);
        using var _admin = admin;

        await (await admin.PostFormAsync("/settings/integrations/api?handler=Switch", new() { ["enabled"] = "false" }, "/settings/integrations/api"))
            .AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await admin.PostFormAsync("/settings/integrations/webhooks?handler=Switch", new() { ["enabled"] = "false" }, "/settings/integrations/webhooks"))
            .AssertStatusAsync(HttpStatusCode.Forbidden);

        var state = await App.InCloudAsync(cloud.Id, db => db.Clouds.AsNoTracking().SingleAsync(c => c.Id == cloud.Id, Ct));
        Assert.True(state.ApiAccessEnabled && state.WebhooksEnabled);
    }

    [Fact]
    public async Task AnAdminWhoIsNotTheOwner_CannotRevokeAnotherUsersToken_ByAForgedScope()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var ownerToken = await App.CreateTokenAsync(cloud, cloud.OwnerId);
        var tokenId = await App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.EmployeeId == cloud.OwnerId).Select(t => t.Id).SingleAsync(Ct));
        var (admin, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AllRights);
        using var _admin = admin;

        // The owner rule lives in TokenService: a forged "all" is refused, and without it the token is not the admin's own.
        await (await admin.PostFormAsync("/settings/integrations/api?handler=Revoke", new() { ["id"] = tokenId.ToString(), ["scope"] = "all" },
            "/settings/integrations/api")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await admin.PostFormAsync("/settings/integrations/api?handler=Revoke", new() { ["id"] = tokenId.ToString() },
            "/settings/integrations/api")).AssertStatusAsync(HttpStatusCode.NotFound);

        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.ApiTokens.Where(t => t.Id == tokenId).Select(t => t.RevokedAt).SingleAsync(Ct)));
        using var api = App.ApiClient(ownerToken);
        await (await api.GetAsync("me/tokens", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ThePlanPage_HighlightsTheCurrentPlan_AndNamesAndLinksTheUsersWhoBlockADowngrade_WithoutOfferingIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var planner = await App.CreateUserAsync(cloud, SecurityGroup.AdvancedRights);
        var employee = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var admin = await App.CreateUserAsync(cloud, SecurityGroup.AllRights);
        using var web = await WebSession.SignInAsync(App, cloud);

        var page = WebUtility.HtmlDecode(await web.GetPageAsync("/settings/plan"));
        Assert.Matches("<th class=\"current-plan\" aria-current=\"true\">Team\\s*<span class=\"plan-badge\">your plan</span>\\s*</th>", page);
        Assert.Single(Regex.Matches(page, "<th class=\"current-plan\""));

        var asked = WebUtility.HtmlDecode(await (await web.PostFormAsync("/settings/plan", new() { ["plan"] = "basic" })).AssertStatusAsync(HttpStatusCode.OK));
        Assert.Contains("2 active user(s) have a security group that the Basic plan lacks.", asked, StringComparison.Ordinal);
        foreach (var blocker in new[] { planner, employee })
        {
            Assert.Contains($"<li data-blocking-user=\"{blocker.Id}\"><a href=\"/settings/users#user-{blocker.Id}\">{blocker.FirstName} {blocker.LastName}</a>", asked, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"data-blocking-user=\"{admin.Id}\"", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"confirm-plan\"", asked, StringComparison.Ordinal); // the change is not offered while they block it
        Assert.Equal(Plan.Team, await PlanOfAsync(cloud));
    }

    [Fact]
    public async Task ADowngrade_ListsWhatItRemoves_BeforeItIsConfirmed_AndIsRefusedWhileUsersWouldBeStranded()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        using var web = await WebSession.SignInAsync(App, cloud);

        var asked = await (await web.PostFormAsync("/settings/plan", new() { ["plan"] = "team" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("id=\"downgrade-warning\"", asked, StringComparison.Ordinal);
        Assert.Contains("Time tracking (work records)", asked, StringComparison.Ordinal);
        Assert.Equal(Plan.Professional, await PlanOfAsync(cloud));

        await (await web.PostFormAsync("/settings/plan", new() { ["plan"] = "team", ["confirmed"] = "true" })).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(Plan.Team, await PlanOfAsync(cloud));

        await App.CreateUserAsync(cloud, SecurityGroup.AdvancedRights);
        var blocked = await (await web.PostFormAsync("/settings/plan", new() { ["plan"] = "basic", ["confirmed"] = "true" })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("security group that the basic plan lacks", blocked, StringComparison.Ordinal);
        Assert.Equal(Plan.Team, await PlanOfAsync(cloud));
        var audit = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.Where(a => a.Action == AuditActions.PlanChanged).ToListAsync(Ct));
        Assert.Equal("professional→team", $"{Assert.Single(audit).OldValue}→{audit[0].NewValue}");
    }

    [Fact]
    public async Task OnBasic_TheUsersPageOffersOnlyThePlansGroups_AndAForgedGroupIsRefused()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        using var web = await WebSession.SignInAsync(App, cloud);
        var users = await web.GetPageAsync("/settings/users");
        Assert.Contains("value=\"GuestRights\"", users, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"AdvancedRights\"", users, StringComparison.Ordinal);

        var forged = await web.PostFormAsync("/settings/users?handler=Invite", new()
        {
            ["Input.EmailAddress"] = $"p-{Guid.NewGuid():N}@example.test", ["Input.FirstName"] = "Pat", ["Input.LastName"] = "Planner",
            ["Input.SecurityGroup"] = "AdvancedRights",
        }, "/settings/users");
        Assert.Contains("plan_feature_unavailable", await forged.AssertStatusAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(Ct)));
    }

    [Fact]
    public async Task AWebhookMadeInTheUi_IsRefusedForAnInternalUrl_NextToTheField_AndOnlyOffersThePlansActions()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var form = await web.GetPageAsync("/settings/integrations/webhooks/new");
        Assert.Contains("value=\"TaskCreated\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"WorkRecordCreated\"", form, StringComparison.Ordinal);
        // Appointments, absences and substitutes are on every plan, under their own headings.
        Assert.Contains("value=\"AppointmentCreated\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"SubstituteAdded\"", form, StringComparison.Ordinal);
        Assert.Contains(">Appointments</h2>", form, StringComparison.Ordinal);
        Assert.Contains(">Absences and substitutes</h2>", form, StringComparison.Ordinal);

        var metadata = await (await web.PostFormAsync("/settings/integrations/webhooks/new", new()
        {
            ["Input.CallbackUri"] = "http://169.254.169.254/latest/meta-data", ["Input.ActionTypes"] = "TaskCreated",
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Matches(ErrorFor("Input.CallbackUri", ""), metadata);
        var workRecords = await web.PostFormAsync("/settings/integrations/webhooks/new", new()
        {
            ["Input.CallbackUri"] = "http://127.0.0.1:9/hook", ["Input.ActionTypes"] = "WorkRecordCreated",
        });
        Assert.Contains("plan_feature_unavailable", await workRecords.AssertStatusAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Webhooks.CountAsync(Ct)));
    }

    [Fact]
    public async Task WhileWebhooksAreOff_EveryWebhookChangeThroughTheUi_IsRefused_AndTheLogStaysReadable()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (api, _) = await App.ApiClientAsync(cloud);
        var hook = await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "*" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("projects", new { title = "Makes a delivery" })).AssertStatusAsync(HttpStatusCode.Created);
        var delivery = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.Select(d => d.Id).FirstAsync(Ct));
        await App.SetSwitchAsync(cloud, webhooks: false);
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"/settings/integrations/webhooks/{hook.Id()}";
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        Assert.Contains("data-delivery", await web.GetPageAsync(page), StringComparison.Ordinal); // the log stays readable
        foreach (var (handler, fields) in new (string, Dictionary<string, string?>)[]
        {
            ("Test", []), ("Rotate", []), ("Delete", []), ("Redeliver", new() { ["deliveryId"] = delivery.ToString() }),
            ("Recover", new() { ["since"] = "2026-11-27" }),
        })
        {
            var refused = await web.PostFormAsync($"{page}?handler={handler}", fields, page);
            Assert.Contains("webhooks_disabled", await refused.AssertStatusAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        }

        var edit = await web.PostFormAsync($"{page}/edit", new() { ["Input.CallbackUri"] = "http://127.0.0.1:9/other", ["Input.ActionTypes"] = "*" }, page);
        Assert.Contains("webhooks_disabled", await edit.AssertStatusAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);

        // The refusal speaks the page's language (one message per refusal, localized by its code).
        await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = page }, page)).AssertStatusAsync(HttpStatusCode.Redirect);
        var german = await (await web.PostFormAsync($"{page}?handler=Test", [], page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Contains("Der Inhaber dieser Cloud hat Webhooks ausgeschaltet", german, StringComparison.Ordinal);
        Assert.Empty((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before));

        // The rule is the service's, so any door gets it (the API refuses even earlier, in its authorization).
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<Planwerk.Infrastructure.Data.PlanwerkDb>();
        db.UseCloud(cloud.Id);
        var owner = new Planwerk.Access.Caller(cloud.Id, cloud.OwnerId, SecurityGroup.AllRights, Plan.Team, IsOwner: true, "ui");
        var error = await Assert.ThrowsAsync<Planwerk.Infrastructure.Errors.DomainException>(
            () => scope.ServiceProvider.GetRequiredService<WebhookService>().PingAsync(owner, hook.Id(), Ct));
        Assert.Equal((403, "webhooks_disabled"), (Planwerk.Infrastructure.Api.ErrorStatus.Of(error), error.Code));
    }

    private async Task<Plan> PlanOfAsync(TestCloud cloud) =>
        await App.InCloudAsync(cloud.Id, db => db.Clouds.AsNoTracking().Where(c => c.Id == cloud.Id).Select(c => c.Plan).SingleAsync(Ct));

    private async Task<int> CloudCountAsync() => await App.InCloudAsync(Guid.NewGuid(), db => db.Clouds.CountAsync(Ct));

    private static FormUrlEncodedContent Form(string page, Dictionary<string, string> fields) =>
        new(fields.Append(new("__RequestVerificationToken", WebSession.AntiforgeryToken(page)!)));

    /// <summary>The validation message shown for a field, containing <paramref name="text"/>.</summary>
    private static Regex ErrorFor(string field, string text) =>
        new($"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>[^<]*{Regex.Escape(text)}", RegexOptions.IgnoreCase);

    [GeneratedRegex("id=\"invitation\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex InvitationLink();
}

public sealed class SettingsPagesTestsOnSqlite(SqliteApp app) : SettingsPagesTests(app), IClassFixture<SqliteApp>;

public sealed class SettingsPagesTestsOnPostgres(PostgresApp app) : SettingsPagesTests(app), IClassFixture<PostgresApp>;
