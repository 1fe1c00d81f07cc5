using System.Net;
using System.Text.RegularExpressions;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>The projects list (/projects): search by title, filter by state, sort, and pages that keep all three.</summary>
public abstract partial class ProjectsListPageTests(PlanwerkApp app) : ProviderTest(app)
{
    private async Task<(TestCloud Cloud, WebSession Web)> ThreeProjectsAsync()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        await (await api.PostJsonAsync("projects", new { title = "Alpha relaunch", projectState = "inProcess", plannedStartDate = "2026-03-01T00:00:00Z", plannedEndDate = "2026-06-01T00:00:00Z" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("projects", new { title = "beta Site", projectState = "closed", plannedStartDate = "2026-01-01T00:00:00Z" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("projects", new { title = "Gamma", projectState = "stopped", plannedEndDate = "2026-02-01T00:00:00Z" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        return (cloud, await WebSession.SignInAsync(App, cloud));
    }

    [Fact]
    public async Task TheSearch_FindsTitlesWhateverTheirCase_AndTheStateFilterNarrowsThem()
    {
        var (_, web) = await ThreeProjectsAsync();
        using var _web = web;

        Assert.Equal(["Alpha relaunch"], Titles(await web.GetPageAsync("/projects?q=RELAUNCH")));
        Assert.Equal(["beta Site"], Titles(await web.GetPageAsync("/projects?q=%20site%20")));
        Assert.Equal(["beta Site"], Titles(await web.GetPageAsync("/projects?state=Closed")));
        Assert.Equal(["Gamma"], Titles(await web.GetPageAsync("/projects?state=stopped&q=a")));
        Assert.Empty(Titles(await web.GetPageAsync("/projects?state=Closed&q=alpha")));
        Assert.Contains("No project matches.", await web.GetPageAsync("/projects?q=nothing"), StringComparison.Ordinal);
        Assert.Empty(Titles(await web.GetPageAsync("/projects?q=%25"))); // a % is a letter to find, not a wildcard
        Assert.Empty(Titles(await web.GetPageAsync("/projects?q=a_r")));
        Assert.Equal(["Alpha relaunch", "beta Site", "Gamma"], Titles(await web.GetPageAsync("/projects?state=Bogus"))); // no such state: no filter

        var shown = await web.GetPageAsync("/projects?q=site&state=Closed&sort=title");
        Assert.Contains("id=\"project-search\" name=\"q\" type=\"search\" class=\"auto-width\" value=\"site\"", shown, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Closed\" selected=\"selected\">", shown, StringComparison.Ordinal);
        Assert.Contains("<option value=\"title\" selected=\"selected\">", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"reset-projects-filter\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"reset-projects-filter\"", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheList_SortsByNumberTitleStartOrEnd_WithProjectsWithoutADateLast()
    {
        var (_, web) = await ThreeProjectsAsync();
        using var _web = web;

        Assert.Equal(["Alpha relaunch", "beta Site", "Gamma"], Titles(await web.GetPageAsync("/projects")));
        Assert.Equal(["Alpha relaunch", "beta Site", "Gamma"], Titles(await web.GetPageAsync("/projects?sort=title")));
        Assert.Equal(["beta Site", "Alpha relaunch", "Gamma"], Titles(await web.GetPageAsync("/projects?sort=start")));
        Assert.Equal(["Gamma", "Alpha relaunch", "beta Site"], Titles(await web.GetPageAsync("/projects?sort=end")));
        Assert.Equal(["Alpha relaunch", "beta Site", "Gamma"], Titles(await web.GetPageAsync("/projects?sort=bogus")));
    }

    [Fact]
    public async Task ThePages_KeepTheSearchFilterAndSort()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        // 60 matching projects (titles "Match 01" … "Match 60", created in reverse order), and 5 that do not match.
        var batch = Enumerable.Range(1, 60).Reverse().Select(i => (object)new { title = $"Match {i:00}", projectState = "inProcess" })
            .Concat(Enumerable.Range(1, 5).Select(i => (object)new { title = $"Other {i}", projectState = "inProcess" })).ToArray();
        await (await api.PostJsonAsync("projects/projects", batch)).AssertStatusAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);

        var first = await web.GetPageAsync("/projects?q=match&state=InProcess&sort=title");
        var next = Regex.Match(first, "href=\"([^\"]+)\" rel=\"next\"").Groups[1].Value;
        var second = await web.GetPageAsync(WebUtility.HtmlDecode(next));

        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"Match {i:00}"), Titles(first));
        Assert.Equal("/projects?q=match&state=InProcess&sort=title&page=2", WebUtility.HtmlDecode(next));
        Assert.Equal(Enumerable.Range(51, 10).Select(i => $"Match {i:00}"), Titles(second));
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);
        Assert.Contains("href=\"/projects?q=match&amp;state=InProcess&amp;sort=title\" rel=\"prev\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", second, StringComparison.Ordinal);
        Assert.Equal(Titles(second), Titles(await web.GetPageAsync("/projects?q=match&state=InProcess&sort=title&page=99"))); // past the end: the last page
        Assert.Equal(50, Titles(await web.GetPageAsync("/projects?page=abc")).Count);
    }

    [Fact]
    public async Task AGuest_SearchesOnlyTheProjectsTheyCanSee()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (guest, user) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var visible = (await (await api.PostJsonAsync("projects", new { title = "Site visible" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await api.PostJsonAsync("projects", new { title = "Site hidden" })).AssertStatusAsync(HttpStatusCode.Created);
        await (await api.PostJsonAsync("tasks", new { title = "Yours", targetParentId = visible, executorId = user.Id })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal(["Site visible"], Titles(await guest.GetPageAsync("/projects?q=site")));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task TheListsControls_HaveATextForEveryKey_InEnglishAndGerman(string language)
    {
        var (_, web) = await ThreeProjectsAsync();
        using var _web = web;
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var html = await web.GetPageAsync("/projects?q=a&state=Closed&sort=end");

        Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(">\\s*[A-Z][A-Za-z]+\\.[A-Z][A-Za-z.]+\\s*<"), html);
    }

    /// <summary>The titles of the listed projects, in order.</summary>
    private static List<string> Titles(string html) =>
        [.. ProjectTitle().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [GeneratedRegex("<tr data-project=\"[^\"]+\">\\s*<td[^>]*>[0-9]+</td>\\s*<td[^>]*><a href=\"/projects/[^\"]+\">([^<]+)</a>")]
    private static partial Regex ProjectTitle();
}

public sealed class ProjectsListPageTestsOnSqlite(SqliteApp app) : ProjectsListPageTests(app), IClassFixture<SqliteApp>;

public sealed class ProjectsListPageTestsOnPostgres(PostgresApp app) : ProjectsListPageTests(app), IClassFixture<PostgresApp>;
