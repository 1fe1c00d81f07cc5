using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// The everyday basics in the web UI (issue 18): deleting projects, packages and tasks after a confirmation that names what
/// goes with them, archiving projects, changing, moving and deleting checklist entries, changing and deleting one's own
/// comments, changing and deleting work records: each through the service the API calls, each refused (and writing
/// nothing) for someone without the right, each redirecting with its message after success.
/// </summary>
public abstract partial class BasicsPageTests(PlanwerkApp app) : ProviderTest(app)
{
    private sealed record Tree(Guid Project, Guid Design, Guid Logo, Guid Sketch, Guid Draw, Guid KickOff, Guid Entry);

    /// <summary>A project with a package holding a sub-package, three tasks (two in the packages), a checklist entry, three comments and (professional) a work record on a task.</summary>
    private static async Task<Tree> TreeAsync(HttpClient api, bool workRecord = false)
    {
        async Task<Guid> Post(string path, object body) => (await (await api.PostJsonAsync(path, body)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var project = await Post("projects", new { title = "Relaunch" });
        var design = await Post($"projects/{project}/packages", new { title = "Design" });
        var logo = await Post($"projects/{project}/packages", new { title = "Logo", parentPackageId = design });
        var sketch = await Post("tasks", new { title = "Sketch", targetParentId = logo });
        var draw = await Post("tasks", new { title = "Draw", targetParentId = design });
        var kickOff = await Post("tasks", new { title = "Kick-off", targetParentId = project });
        var entry = await Post($"tasks/{sketch}/checklist", new { title = "Pencil" });
        await Post($"tasks/{sketch}/comments", new { text = "Round, please" });
        await Post($"projects/{project}/packages/{design}/comments", new { text = "Blue" });
        await Post($"projects/{project}/comments", new { text = "Go" });
        if (workRecord)
        {
            await Post("work-records", new { startDate = "2026-12-01", minutesWorked = 45, utcOffset = 0, bookedOnReferenceId = sketch, bookedOnReferenceType = "task" });
        }

        return new Tree(project, design, logo, sketch, draw, kickOff, entry);
    }

    [Fact]
    public async Task DeletingAProject_NamesWhatGoesWithIt_ThenDeletesIt_AndTheListSaysSo()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)), workRecord: true);
        using var web = await WebSession.SignInAsync(App, cloud);

        var page = await web.GetPageAsync($"/projects/{tree.Project}");
        var confirm = WebUtility.HtmlDecode(await web.GetPageAsync($"/projects/{tree.Project}/delete"));
        Assert.Contains($"href=\"/projects/{tree.Project}/delete\"", page, StringComparison.Ordinal);
        Assert.Contains("Deleting project “Relaunch” also deletes:", confirm, StringComparison.Ordinal);
        Assert.Equal(["2 packages", "3 tasks", "1 checklist entry", "3 comments"], Items(confirm, "deletion-goes"));
        Assert.Contains("1 work record booked on it stays", confirm, StringComparison.Ordinal);
        Assert.Equal(2, await App.InCloudAsync(cloud.Id, db => db.Packages.CountAsync(Ct))); // the GET deleted nothing

        var deleted = await web.PostFormAsync($"/projects/{tree.Project}/delete", new());
        await Redirected(deleted, "/projects");
        Assert.Contains("The project “Relaunch” is deleted.", WebUtility.HtmlDecode(await web.GetPageAsync("/projects")), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0, 0, 0, 1), await App.InCloudAsync(cloud.Id, async db => (await db.Projects.CountAsync(Ct), await db.Packages.CountAsync(Ct),
            await db.Tasks.CountAsync(Ct), await db.ChecklistEntries.CountAsync(Ct), await db.Comments.CountAsync(Ct), await db.WorkRecords.CountAsync(Ct))));
        await web.GetPageAsync($"/projects/{tree.Project}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task APlannerWithOnlyAReadRight_AndAnEmployee_SeeNoDeleteOrArchive_AndAreRefused_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var admin = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var tree = await TreeAsync(admin);
        var (planner, plannerUser) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AdvancedRights);
        using var _planner = planner;
        var (employee, employeeUser) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using var _employee = employee;
        foreach (var reader in new[] { plannerUser.Id, employeeUser.Id })
        {
            await (await admin.PutJsonAsync($"projects/{tree.Project}/read_rights", new { employeeId = reader })).AssertStatusAsync(HttpStatusCode.OK);
        }

        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        foreach (var web in new[] { planner, employee })
        {
            var page = await web.GetPageAsync($"/projects/{tree.Project}");
            Assert.DoesNotContain("id=\"delete-project\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"archive-project\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-delete-package", page, StringComparison.Ordinal);
            await web.GetPageAsync($"/projects/{tree.Project}/delete", HttpStatusCode.Forbidden);
            await web.GetPageAsync($"/projects/{tree.Project}/packages/{tree.Design}/delete", HttpStatusCode.Forbidden);
            await (await web.PostFormAsync($"/projects/{tree.Project}/delete", new(), "/account/password")).AssertStatusAsync(HttpStatusCode.Forbidden);
            await (await web.PostFormAsync($"/projects/{tree.Project}/packages/{tree.Design}/delete", new(), "/account/password")).AssertStatusAsync(HttpStatusCode.Forbidden);
            await (await web.PostFormAsync($"/projects/{tree.Project}?handler=Archive", new() { ["archived"] = "true" }, "/account/password"))
                .AssertStatusAsync(HttpStatusCode.Forbidden);
        }

        Assert.Empty((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before));
    }

    [Fact]
    public async Task DeletingAPackage_NamesItsSubPackagesTasksAndComments_AndDeletesOnlyThatSubtree()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)));
        using var web = await WebSession.SignInAsync(App, cloud);
        var url = $"/projects/{tree.Project}/packages/{tree.Design}/delete";

        Assert.Contains($"href=\"{url}\"", await web.GetPageAsync($"/projects/{tree.Project}/packages/{tree.Design}/edit"), StringComparison.Ordinal);
        var confirm = WebUtility.HtmlDecode(await web.GetPageAsync(url));
        Assert.Contains("Deleting package “Design” also deletes:", confirm, StringComparison.Ordinal);
        Assert.Equal(["1 sub-package", "2 tasks", "1 checklist entry", "2 comments"], Items(confirm, "deletion-goes"));
        Assert.DoesNotContain("id=\"deletion-kept\"", confirm, StringComparison.Ordinal);

        await Redirected(await web.PostFormAsync(url, new()), $"/projects/{tree.Project}");
        Assert.Contains("The package “Design” is deleted.", WebUtility.HtmlDecode(await web.GetPageAsync($"/projects/{tree.Project}")), StringComparison.Ordinal);
        Assert.Equal((0, 1, 1), await App.InCloudAsync(cloud.Id, async db =>
            (await db.Packages.CountAsync(Ct), await db.Tasks.CountAsync(Ct), await db.Comments.CountAsync(Ct))));
    }

    [Fact]
    public async Task DeletingATask_NamesItsChecklistAndComments_AndLandsOnItsProject_AClosedOneIsRefused_AGuestToo()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)));
        using var web = await WebSession.SignInAsync(App, cloud);
        var (guest, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var url = $"/tasks/{tree.Sketch}/delete";

        Assert.Contains($"href=\"{url}\"", await web.GetPageAsync($"/tasks/{tree.Sketch}"), StringComparison.Ordinal);
        Assert.Contains($"href=\"{url}\"", await web.GetPageAsync($"/tasks/{tree.Sketch}/edit"), StringComparison.Ordinal);
        var confirm = WebUtility.HtmlDecode(await web.GetPageAsync(url));
        Assert.Equal(["1 checklist entry", "1 comment"], Items(confirm, "deletion-goes"));
        var alone = WebUtility.HtmlDecode(await web.GetPageAsync($"/tasks/{tree.KickOff}/delete"));
        Assert.Contains("Deleting task “Kick-off” deletes nothing else", alone, StringComparison.Ordinal);

        await guest.GetPageAsync(url, HttpStatusCode.Forbidden);
        await (await guest.PostFormAsync(url, new(), "/account/password")).AssertStatusAsync(HttpStatusCode.Forbidden);
        await Redirected(await web.PostFormAsync($"/tasks/{tree.Draw}?handler=State", new() { ["state"] = "Closed" }, $"/tasks/{tree.Draw}"), $"/tasks/{tree.Draw}");
        Assert.Contains("data-code=\"task_closed\"", await web.GetPageAsync($"/tasks/{tree.Draw}/delete", HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await (await web.PostFormAsync($"/tasks/{tree.Draw}/delete", new(), "/account/password")).AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal(3, await App.InCloudAsync(cloud.Id, db => db.Tasks.CountAsync(Ct)));

        await Redirected(await web.PostFormAsync(url, new()), $"/projects/{tree.Project}");
        Assert.Contains("The task “Sketch” is deleted.", WebUtility.HtmlDecode(await web.GetPageAsync($"/projects/{tree.Project}")), StringComparison.Ordinal);
        Assert.Equal((2, 0, 2), await App.InCloudAsync(cloud.Id, async db =>
            (await db.Tasks.CountAsync(Ct), await db.ChecklistEntries.CountAsync(Ct), await db.Comments.CountAsync(Ct))));
    }

    [Fact]
    public async Task ArchivingAProject_HidesItFromTheList_UntilItIsTakenOutOfTheArchive_AndTheApiSeesIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var tree = await TreeAsync(api);
        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"/projects/{tree.Project}";

        await Redirected(await web.PostFormAsync($"{page}?handler=Archive", new() { ["archived"] = "true" }, page), page);
        var archived = WebUtility.HtmlDecode(await web.GetPageAsync(page));
        Assert.Contains("The project “Relaunch” is archived", archived, StringComparison.Ordinal);
        Assert.Contains("id=\"unarchive-project\"", archived, StringComparison.Ordinal);
        Assert.True((await (await api.GetAsync($"projects/{tree.Project}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("isArchived").GetBoolean());
        Assert.DoesNotContain($"href=\"/projects/{tree.Project}\"", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
        Assert.Contains($"href=\"/projects/{tree.Project}\"", await web.GetPageAsync("/projects?archived=true"), StringComparison.Ordinal);

        await Redirected(await web.PostFormAsync($"{page}?handler=Archive", new() { ["archived"] = "false" }, page), page);
        Assert.Contains($"href=\"/projects/{tree.Project}\"", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"/projects/{tree.Project}\"", await web.GetPageAsync("/projects?archived=true"), StringComparison.Ordinal);
        await (await web.PostFormAsync($"{page}?handler=Archive", new(), page)).AssertStatusAsync(HttpStatusCode.BadRequest); // no yes/no: never read as "no"
    }

    [Fact]
    public async Task ChecklistEntries_AreRenamedMovedAndDeleted_InOneOrder_AndAGuestExecutorIsRefused()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var admin = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var (guest, guestUser) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var project = (await (await admin.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var task = (await (await admin.PostJsonAsync("tasks", new { title = "T", targetParentId = project, executorId = guestUser.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var ids = new List<Guid>();
        foreach (var title in new[] { "One", "Two", "Three" })
        {
            ids.Add((await (await admin.PostJsonAsync($"tasks/{task}/checklist", new { title })).AssertJsonAsync(HttpStatusCode.Created)).Id());
        }

        using var web = await WebSession.SignInAsync(App, cloud);
        var page = $"/tasks/{task}";
        var shown = await web.GetPageAsync(page);
        Assert.Contains($"data-move-up=\"{ids[2]}\"", shown, StringComparison.Ordinal);
        Assert.Contains($"data-delete-entry=\"{ids[0]}\"", shown, StringComparison.Ordinal);

        await Redirected(await web.PostFormAsync($"{page}?handler=EditEntry", new() { ["EntryEdit.EntryId"] = ids[1].ToString(), ["EntryEdit.Title"] = "  Second  " }, page), page);
        await Redirected(await web.PostFormAsync($"{page}?handler=MoveEntry", new() { ["entryId"] = ids[2].ToString(), ["by"] = "-1" }, page), page);
        Assert.Equal(["One", "Three", "Second"], await TitlesAsync(cloud, task));
        var moved = await web.GetPageAsync($"{page}?moved={ids[2]}&by=-1");
        Assert.Matches(new Regex($"data-move-up=\"{ids[2]}\"[^>]*autofocus|autofocus[^>]*data-move-up=\"{ids[2]}\""), moved); // the keyboard stays on it
        await Redirected(await web.PostFormAsync($"{page}?handler=MoveEntry", new() { ["entryId"] = ids[0].ToString(), ["by"] = "-1" }, page), page); // at the top: stays
        Assert.Equal(["One", "Three", "Second"], await TitlesAsync(cloud, task));

        var empty = await web.PostFormAsync($"{page}?handler=EditEntry", new() { ["EntryEdit.EntryId"] = ids[0].ToString(), ["EntryEdit.Title"] = " " }, page);
        var refused = WebUtility.HtmlDecode(await empty.AssertStatusAsync(HttpStatusCode.OK));
        Assert.Matches(new Regex($"id=\"entry-title-{ids[0]}-error\"[^>]*>[^<]*Title of the entry is required"), refused);
        Assert.Matches(new Regex($"id=\"entry-title-{ids[0]}\"[^>]*aria-invalid=\"true\""), refused);
        Assert.DoesNotMatch(new Regex($"id=\"entry-title-{ids[1]}\"[^>]*aria-invalid"), refused);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var german = WebUtility.HtmlDecode(await (await web.PostFormAsync($"{page}?handler=EditEntry", new() { ["EntryEdit.EntryId"] = ids[0].ToString(), ["EntryEdit.Title"] = new string('x', 501) }, page))
            .AssertStatusAsync(HttpStatusCode.OK));
        Assert.Contains("Titel des Eintrags ist zu lang", german, StringComparison.Ordinal);

        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        await (await guest.PostFormAsync($"{page}?handler=EditEntry", new() { ["EntryEdit.EntryId"] = ids[0].ToString(), ["EntryEdit.Title"] = "Mine" }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await guest.PostFormAsync($"{page}?handler=MoveEntry", new() { ["entryId"] = ids[2].ToString(), ["by"] = "1" }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await guest.PostFormAsync($"{page}?handler=DeleteEntry", new() { ["entryId"] = ids[0].ToString() }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain("data-delete-entry", await guest.GetPageAsync(page), StringComparison.Ordinal);
        Assert.Empty((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before));

        await Redirected(await web.PostFormAsync($"{page}?handler=DeleteEntry", new() { ["entryId"] = ids[2].ToString() }, page), page);
        Assert.Equal(["One", "Second"], await TitlesAsync(cloud, task));
    }

    [Fact]
    public async Task OwnComments_AreChangedAndDeleted_OthersAreNot_ButAnAdminDeletesThem()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)));
        var (ann, annUser) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using var _ann = ann;
        using var owner = await WebSession.SignInAsync(App, cloud);
        var page = $"/tasks/{tree.Sketch}";
        await Redirected(await ann.PostFormAsync($"{page}?handler=Comment", new() { ["Comment.Text"] = "Mine" }, page), page);
        var ownersComment = await App.InCloudAsync(cloud.Id, db => db.Comments.Where(c => c.ReferenceId == tree.Sketch && c.CreatorId == cloud.OwnerId).Select(c => c.Id).SingleAsync(Ct));
        var annsComment = await App.InCloudAsync(cloud.Id, db => db.Comments.Where(c => c.CreatorId == annUser.Id).Select(c => c.Id).SingleAsync(Ct));

        var annSees = await ann.GetPageAsync(page);
        Assert.Contains($"data-save-comment=\"{annsComment}\"", annSees, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-save-comment=\"{ownersComment}\"", annSees, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-delete-comment=\"{ownersComment}\"", annSees, StringComparison.Ordinal);
        var ownerSees = await owner.GetPageAsync(page);
        Assert.DoesNotContain($"data-save-comment=\"{annsComment}\"", ownerSees, StringComparison.Ordinal); // an admin deletes, never rewrites, another's words
        Assert.Contains($"data-delete-comment=\"{annsComment}\"", ownerSees, StringComparison.Ordinal);

        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        await (await ann.PostFormAsync($"{page}?handler=EditComment", new() { ["CommentEdit.CommentId"] = ownersComment.ToString(), ["CommentEdit.Text"] = "Changed" }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await ann.PostFormAsync($"{page}?handler=DeleteComment", new() { ["commentId"] = ownersComment.ToString() }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        await (await owner.PostFormAsync($"{page}?handler=EditComment", new() { ["CommentEdit.CommentId"] = annsComment.ToString(), ["CommentEdit.Text"] = "Changed" }, page)).AssertStatusAsync(HttpStatusCode.Forbidden);
        var empty = WebUtility.HtmlDecode(await (await ann.PostFormAsync($"{page}?handler=EditComment", new() { ["CommentEdit.CommentId"] = annsComment.ToString(), ["CommentEdit.Text"] = "" }, page))
            .AssertStatusAsync(HttpStatusCode.OK));
        Assert.Matches(new Regex($"id=\"comment-text-{annsComment}-error\"[^>]*>[^<]*Comment is required"), empty);
        Assert.Empty((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before));

        await Redirected(await ann.PostFormAsync($"{page}?handler=EditComment", new() { ["CommentEdit.CommentId"] = annsComment.ToString(), ["CommentEdit.Text"] = "Mine, changed" }, page), page);
        Assert.Contains("The comment is changed.", await ann.GetPageAsync(page), StringComparison.Ordinal);
        Assert.Equal("Mine, changed", await App.InCloudAsync(cloud.Id, db => db.Comments.Where(c => c.Id == annsComment).Select(c => c.Text).SingleAsync(Ct)));
        await Redirected(await owner.PostFormAsync($"{page}?handler=DeleteComment", new() { ["commentId"] = annsComment.ToString() }, page), page);
        await Redirected(await owner.PostFormAsync($"{page}?handler=DeleteComment", new() { ["commentId"] = ownersComment.ToString() }, page), page);
        Assert.False(await App.InCloudAsync(cloud.Id, db => db.Comments.AnyAsync(c => c.ReferenceId == tree.Sketch, Ct)));
    }

    [Fact]
    public async Task WorkRecords_AreChangedAndDeleted_TheEffortFollows_AndAnEmployeeCannotReachAnothersRecord()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)), workRecord: true);
        var record = await App.InCloudAsync(cloud.Id, db => db.WorkRecords.Select(w => w.Id).SingleAsync(Ct));
        var (ann, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using var _ann = ann;
        using var web = await WebSession.SignInAsync(App, cloud);
        var edit = $"/work-records/{record}/edit";

        Assert.Contains($"href=\"{edit}\"", await web.GetPageAsync("/work-records"), StringComparison.Ordinal);
        Assert.Contains("value=\"45\"", await web.GetPageAsync(edit), StringComparison.Ordinal);
        await ann.GetPageAsync(edit, HttpStatusCode.NotFound);
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        await (await ann.PostFormAsync(edit, new() { ["Input.Date"] = "2026-12-02", ["Input.Minutes"] = "1" }, "/work-records")).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await ann.PostFormAsync($"{edit}?handler=Delete", new(), "/work-records")).AssertStatusAsync(HttpStatusCode.NotFound);
        var backwards = WebUtility.HtmlDecode(await (await web.PostFormAsync(edit, new()
        {
            ["Input.Date"] = "2026-12-02", ["Input.Minutes"] = "60", ["Input.StartTime"] = "10:00", ["Input.EndTime"] = "09:00",
        })).AssertStatusAsync(HttpStatusCode.OK));
        Assert.Matches(new Regex("id=\"record-end-error\"[^>]*>[^<]*End time must not be before the start time"), backwards);
        Assert.Empty((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before));

        await Redirected(await web.PostFormAsync(edit, new() { ["Input.Date"] = "2026-12-02", ["Input.Minutes"] = "90", ["Input.Description"] = "Longer" }), "/work-records");
        Assert.Contains("The work record is saved.", await web.GetPageAsync("/work-records"), StringComparison.Ordinal);
        Assert.Equal(90, await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == tree.Sketch).Select(t => t.RealizedEffort).SingleAsync(Ct)));

        await Redirected(await web.PostFormAsync($"{edit}?handler=Delete", new(), edit), "/work-records");
        Assert.Contains("The work record is deleted.", await web.GetPageAsync("/work-records"), StringComparison.Ordinal);
        Assert.Equal((0, 0), await App.InCloudAsync(cloud.Id, async db =>
            (await db.WorkRecords.CountAsync(Ct), await db.Tasks.Where(t => t.Id == tree.Sketch).Select(t => t.RealizedEffort).SingleAsync(Ct))));
    }

    [Theory]
    [InlineData("en", "Deleting project “Relaunch” also deletes:", "2 packages")]
    [InlineData("de", "Das Löschen des Projekts „Relaunch“ löscht auch:", "2 Pakete")]
    public async Task TheNewPagesAndControls_HaveATextForEveryKey_InEnglishAndGerman(string language, string deletes, string packages)
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var tree = await TreeAsync(App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId)), workRecord: true);
        var record = await App.InCloudAsync(cloud.Id, db => db.WorkRecords.Select(w => w.Id).SingleAsync(Ct));
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        foreach (var url in new[] { $"/projects/{tree.Project}", $"/projects/{tree.Project}/delete", $"/projects/{tree.Project}/packages/{tree.Design}/delete",
                     $"/projects/{tree.Project}/packages/{tree.Design}/edit", $"/tasks/{tree.Sketch}", $"/tasks/{tree.Sketch}/delete", $"/tasks/{tree.KickOff}/delete",
                     "/work-records", $"/work-records/{record}/edit", "/projects?archived=true" })
        {
            var html = await web.GetPageAsync(url);
            Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
            // A missing resource shows its key (e.g. "Deletion.Project.Heading") as the text.
            Assert.DoesNotMatch(new Regex(">\\s*[A-Z][A-Za-z]+\\.[A-Z][A-Za-z.]+\\s*<"), html);
            Assert.DoesNotMatch(new Regex("(aria-label|title)=\"[A-Z][A-Za-z]+\\.[A-Z][A-Za-z.]+\""), html);
        }

        var confirm = WebUtility.HtmlDecode(await web.GetPageAsync($"/projects/{tree.Project}/delete"));
        Assert.Contains(deletes, confirm, StringComparison.Ordinal);
        Assert.Contains(packages, Items(confirm, "deletion-goes"));
    }

    private Task<List<string>> TitlesAsync(TestCloud cloud, Guid task) =>
        App.InCloudAsync(cloud.Id, db => db.ChecklistEntries.Where(e => e.TaskId == task).OrderBy(e => e.Position).Select(e => e.Title).ToListAsync(Ct));

    /// <summary>The texts of the items of the list with <paramref name="id"/>.</summary>
    private static List<string> Items(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {id} in the page");
        var list = html[start..html.IndexOf("</ul>", start, StringComparison.Ordinal)];
        return ListItem().Matches(list).Select(m => m.Groups[1].Value.Trim()).ToList();
    }

    private static async Task Redirected(HttpResponseMessage response, string prefix)
    {
        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.StartsWith(prefix, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [GeneratedRegex("<li>([^<]*)</li>")]
    private static partial Regex ListItem();
}

public sealed class BasicsPageTestsOnSqlite(SqliteApp app) : BasicsPageTests(app), IClassFixture<SqliteApp>;

public sealed class BasicsPageTestsOnPostgres(PostgresApp app) : BasicsPageTests(app), IClassFixture<PostgresApp>;
