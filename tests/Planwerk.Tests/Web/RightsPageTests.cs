using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>The rights panel (/rights/{kind}/{id}): the API's rules through forms, who may read and why, in both languages.</summary>
public abstract class RightsPageTests(PlanwerkApp app) : ProviderTest(app)
{
    private static async Task<(Guid Project, Guid Package, Guid Task)> TreeAsync(HttpClient admin)
    {
        async Task<Guid> Post(string path, object body) => (await (await admin.PostJsonAsync(path, body)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var project = await Post("projects", new { title = "Secret project" });
        var package = await Post($"projects/{project}/packages", new { title = "Inner" });
        var task = await Post("tasks", new { title = "Hidden task", targetParentId = package });
        return (project, package, task);
    }

    [Fact]
    public async Task APlanner_GrantsAndRevokesUsersAndTeams_AndThePanelSaysWhoReadsAndWhy()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (project, package, task) = await TreeAsync(admin);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var team = (await (await admin.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await admin.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        using var web = await WebSession.SignInAsync(App, cloud);

        var open = await web.GetPageAsync($"/rights/project/{project}");
        Assert.Contains("id=\"rights-intro\"", open, StringComparison.Ordinal);
        Assert.Contains("No one holds a right here or above", open, StringComparison.Ordinal);
        Assert.Contains($"href=\"/rights/project/{project}\"", await web.GetPageAsync($"/projects/{project}"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/rights/task/{task}\"", await web.GetPageAsync($"/tasks/{task}"), StringComparison.Ordinal);

        var url = $"/rights/project/{project}";
        await (await web.PostFormAsync($"{url}?handler=Grant", new() { ["Input.Holder"] = $"user:{ann.Id}", ["Input.Write"] = "false" }, url))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        await (await web.PostFormAsync($"{url}?handler=Grant", new() { ["Input.Holder"] = $"team:{team}", ["Input.Write"] = "true" }, url))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        var rights = await App.InCloudAsync(cloud.Id, db => db.ObjectRights.OrderBy(r => r.Id).ToListAsync(Ct));
        Assert.Equal([(ann.Id, (Guid?)null, false), (null, team, true)], rights.Select(r => (r.EmployeeId, r.TeamId, r.CanEdit)));

        var taskPanel = await web.GetPageAsync($"/rights/task/{task}");
        Assert.Contains($"data-reader=\"{ann.Id}\"", taskPanel, StringComparison.Ordinal);
        Assert.Contains("read right on the project; team Crew: write right on the project", taskPanel, StringComparison.Ordinal);
        Assert.Contains("No right is held on it itself.", taskPanel, StringComparison.Ordinal);
        var packagePanel = await web.GetPageAsync($"/rights/package/{package}?project={project}");
        Assert.Contains("read and write", packagePanel, StringComparison.Ordinal);

        await (await web.PostFormAsync($"{url}?handler=Revoke", new() { ["holder"] = $"team:{team}", ["writeOnly"] = "true" }, url))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.False(await App.InCloudAsync(cloud.Id, db => db.ObjectRights.AnyAsync(r => r.CanEdit, Ct)));
        await (await web.PostFormAsync($"{url}?handler=Revoke", new() { ["holder"] = $"user:{ann.Id}", ["writeOnly"] = "false" }, url))
            .AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.ObjectRights.CountAsync(Ct)));

        // In German the reasons are German.
        await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = url }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Contains("Team Crew: Leserecht am Projekt", await web.GetPageAsync($"/rights/task/{task}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuestHolderForAWriteRight_IsRefusedUnderTheField_AndAReaderSeesNoForms()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (project, _, _) = await TreeAsync(admin);
        var guest = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        using var web = await WebSession.SignInAsync(App, cloud);
        var url = $"/rights/project/{project}";
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        var refused = await (await web.PostFormAsync($"{url}?handler=Grant", new() { ["Input.Holder"] = $"user:{guest.Id}", ["Input.Write"] = "true" }, url))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("Person or team: guests cannot hold write rights", refused, StringComparison.Ordinal);
        Assert.Contains("id=\"grant-holder-error\"", refused, StringComparison.Ordinal);
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

        var (basic, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (basic)
        {
            var page = await basic.GetPageAsync(url);
            Assert.DoesNotContain("handler=Grant", page, StringComparison.Ordinal);
            await (await basic.PostFormAsync($"{url}?handler=Grant", new() { ["Input.Holder"] = $"user:{guest.Id}", ["Input.Write"] = "false" }, url))
                .AssertStatusAsync(HttpStatusCode.Forbidden);
        }

        var onBasic = await App.CreateCloudAsync(Plan.Basic);
        var (basicAdmin, _) = await App.ApiClientAsync(onBasic);
        var basicProject = (await (await basicAdmin.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        using var basicWeb = await WebSession.SignInAsync(App, onBasic);
        Assert.Contains("id=\"rights-unavailable\"", await basicWeb.GetPageAsync($"/rights/project/{basicProject}"), StringComparison.Ordinal);
        Assert.DoesNotContain("/rights/project/", await basicWeb.GetPageAsync($"/projects/{basicProject}"), StringComparison.Ordinal);
    }
}

public sealed class RightsPageTestsOnSqlite(SqliteApp app) : RightsPageTests(app), IClassFixture<SqliteApp>;

public sealed class RightsPageTestsOnPostgres(PostgresApp app) : RightsPageTests(app), IClassFixture<PostgresApp>;
