using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>The teams page (/teams): the same rules as the API, through forms.</summary>
public abstract class TeamsPageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AnAdmin_CreatesRenamesAndDeletesATeam_AndAddsAndRemovesMembers_ThroughTheForms()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        using var web = await WebSession.SignInAsync(App, cloud);

        await (await web.PostFormAsync("/teams?handler=Create", new() { ["Input.Name"] = "Design", ["Input.Color"] = "#1565c0" }, "/teams"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        var team = await App.InCloudAsync(cloud.Id, db => db.Teams.SingleAsync(Ct));
        Assert.Equal(("Design", "#1565c0"), (team.Name, team.Color));
        Assert.Contains($"value=\"{ann.Id}\"", await web.GetPageAsync("/teams"), StringComparison.Ordinal); // the picker offers Ann

        await (await web.PostFormAsync("/teams?handler=AddMember", new() { ["id"] = team.Id.ToString(), ["employeeId"] = ann.Id.ToString() }, "/teams"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        await (await web.PostFormAsync("/teams?handler=Update", new()
        {
            ["id"] = team.Id.ToString(), ["Edit.Name"] = "Product design", ["Edit.Color"] = "", ["Edit.IsActive"] = "false",
        }, "/teams")).AssertStatusAsync(HttpStatusCode.Redirect);
        var page = await web.GetPageAsync("/teams");
        team = await App.InCloudAsync(cloud.Id, db => db.Teams.SingleAsync(Ct));
        Assert.Equal(("Product design", null, false), (team.Name, team.Color, team.IsActive));
        Assert.Contains($"data-member=\"{ann.Id}\"", page, StringComparison.Ordinal);

        var membership = await App.InCloudAsync(cloud.Id, db => db.TeamMembers.SingleAsync(Ct));
        await (await web.PostFormAsync("/teams?handler=RemoveMember", new() { ["id"] = team.Id.ToString(), ["memberId"] = membership.Id.ToString() }, "/teams"))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.TeamMembers.CountAsync(Ct)));
        await (await web.PostFormAsync("/teams?handler=Delete", new() { ["id"] = team.Id.ToString() }, "/teams")).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Teams.CountAsync(Ct)));
    }

    [Fact]
    public async Task ABadName_IsShownUnderItsField_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        await (await web.PostFormAsync("/teams?handler=Create", new() { ["Input.Name"] = "Taken" }, "/teams")).AssertStatusAsync(HttpStatusCode.Redirect);
        var taken = await App.InCloudAsync(cloud.Id, db => db.Teams.SingleAsync(Ct));
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        var created = await (await web.PostFormAsync("/teams?handler=Create", new() { ["Input.Name"] = new string('x', 101) }, "/teams")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("Name is too long (at most 100 characters).", created, StringComparison.Ordinal);
        var renamed = await (await web.PostFormAsync("/teams?handler=Update", new() { ["id"] = taken.Id.ToString(), ["Edit.Name"] = " ", ["Edit.IsActive"] = "true" }, "/teams"))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains($"id=\"team-name-error-{taken.Id}\" class=\"field-validation-error\">Name is required.", renamed, StringComparison.Ordinal);
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
    }

    [Fact]
    public async Task AnEmployee_SeesTheTeamsAndTheirMembers_ButNoForms()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (api, _) = await App.ApiClientAsync(cloud);
        var team = (await (await api.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var (web, employee) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            await (await api.PutJsonAsync($"teams/{team}/members", new { employeeId = employee.Id })).AssertStatusAsync(HttpStatusCode.OK);

            var page = await web.GetPageAsync("/teams");

            Assert.Contains("Crew", page, StringComparison.Ordinal);
            Assert.Contains($"data-member=\"{employee.Id}\"", page, StringComparison.Ordinal);
            Assert.Contains("href=\"/teams\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("handler=", page, StringComparison.Ordinal);
        }
    }
}

public sealed class TeamsPageTestsOnSqlite(SqliteApp app) : TeamsPageTests(app), IClassFixture<SqliteApp>;

public sealed class TeamsPageTestsOnPostgres(PostgresApp app) : TeamsPageTests(app), IClassFixture<PostgresApp>;
