using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tasks;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>The tree on the project page: packages that fold without script, each with the progress of its tasks.</summary>
public abstract class ProjectTreePageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task EachPackage_Folds_AndCountsTheClosedTasksOfItAndItsSubPackages()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = (await (await api.PostJsonAsync("projects", new { title = "Relaunch" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var design = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Design" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var logo = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Logo", parentPackageId = design })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var empty = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Later" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var sketch = (await (await api.PostJsonAsync("tasks", new { title = "Sketch", targetParentId = logo })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await api.PostJsonAsync("tasks", new { title = "Colours", targetParentId = logo })).AssertJsonAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("tasks", new { title = "Print", targetParentId = design })).AssertJsonAsync(HttpStatusCode.Created);
        var kickOff = (await (await api.PostJsonAsync("tasks", new { title = "Kick-off", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == sketch || t.Id == kickOff)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.TaskState, TaskState.Closed), Ct));
        using var web = await WebSession.SignInAsync(App, cloud);

        var page = await web.GetPageAsync($"/projects/{project}");

        Assert.Equal("1/3", Progress(page, design)); // Sketch (closed), Colours, Print; Kick-off is at the root
        Assert.Equal("1/2", Progress(page, logo));
        Assert.Equal("0/0", Progress(page, empty));
        Assert.Matches(new Regex($"data-package=\"{design}\">\\s*<details open>\\s*<summary><strong>Design</strong>"), page);
        Assert.Contains("<progress value=\"1\" max=\"3\" aria-hidden=\"true\"></progress>", page, StringComparison.Ordinal);
        Assert.Contains("1/3 done", page, StringComparison.Ordinal);
        // The package's links are outside its summary (no link inside a control).
        var summary = Regex.Match(page, $"data-package=\"{design}\">\\s*<details open>\\s*<summary>(.*?)</summary>", RegexOptions.Singleline).Groups[1].Value;
        Assert.DoesNotContain("<a ", summary, StringComparison.Ordinal);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        Assert.Contains("1/3 erledigt", await web.GetPageAsync($"/projects/{project}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGuest_SeesTheProgressOfTheTasksTheyCanSee_Only()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (guest, user) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = (await (await api.PostJsonAsync("projects", new { title = "Relaunch" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var design = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Design" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await api.PostJsonAsync("tasks", new { title = "Yours", targetParentId = design, executorId = user.Id })).AssertJsonAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("tasks", new { title = "Hidden", targetParentId = design })).AssertJsonAsync(HttpStatusCode.Created);

        var page = await guest.GetPageAsync($"/projects/{project}");

        Assert.Equal("0/1", Progress(page, design));
        Assert.DoesNotContain("Hidden", page, StringComparison.Ordinal);
    }

    private static string Progress(string html, Guid package) =>
        Regex.Match(html, $"data-package=\"{package}\">\\s*<details open>\\s*<summary>.*?data-progress=\"([0-9]+/[0-9]+)\"", RegexOptions.Singleline) is { Success: true } m
            ? m.Groups[1].Value
            : throw new Xunit.Sdk.XunitException($"no progress for package {package}");
}

public sealed class ProjectTreePageTestsOnSqlite(SqliteApp app) : ProjectTreePageTests(app), IClassFixture<SqliteApp>;

public sealed class ProjectTreePageTestsOnPostgres(PostgresApp app) : ProjectTreePageTests(app), IClassFixture<PostgresApp>;
