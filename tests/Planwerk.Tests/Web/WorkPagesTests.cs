using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using Planwerk.WorkRecords;

namespace Planwerk.Tests.Web;

/// <summary>The everyday pages (projects, packages, tasks, work records) driven over HTTP like a browser.</summary>
public abstract partial class WorkPagesTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AProjectCreatedThroughTheForm_IsListed_AndTheApiReturnsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        var created = await web.PostFormAsync("/projects/new", new()
        {
            ["Input.Title"] = "Relaunch", ["Input.Description"] = "The new site", ["Input.ProjectState"] = "InProcess", ["Input.Priority"] = "70",
            ["Input.PlannedStartDate"] = "2026-12-01", ["Input.PlannedEndDate"] = "2026-12-24", ["Input.OfficerId"] = cloud.OwnerId.ToString(),
            ["Input.IsDraft"] = "false",
        });

        var projectId = IdIn(await Redirected(created, "/projects/"));
        Assert.Contains("Relaunch", await web.GetPageAsync("/projects"), StringComparison.Ordinal);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var fromApi = await (await api.GetAsync($"projects/{projectId}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Relaunch", fromApi.GetProperty("title").GetString());
        Assert.Equal(70, fromApi.GetProperty("priority").GetInt32());
        Assert.Equal(cloud.OwnerId, fromApi.GetProperty("officerId").GetGuid());
        Assert.Equal("2026-12-24T00:00:00.000Z", fromApi.GetProperty("plannedEndDate").GetString());
        var list = await (await api.GetAsync("projects", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Contains(list.EnumerateArray(), p => p.Id() == projectId);
    }

    [Fact]
    public async Task TheProjectForm_ShowsTheServicesRules_NextToTheField()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        var empty = await (await web.PostFormAsync("/projects/new", new() { ["Input.Title"] = "" })).AssertStatusAsync(HttpStatusCode.OK);
        var backwards = await (await web.PostFormAsync("/projects/new", new()
        {
            ["Input.Title"] = "Backwards", ["Input.PlannedStartDate"] = "2026-12-24", ["Input.PlannedEndDate"] = "2026-12-01",
        })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Matches(ErrorFor("project-title-error"), empty);
        Assert.Matches(ErrorFor("project-planned-end-error"), backwards);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task OnBasic_TheProjectFormHasNoOfficerOrDraft_AndAForgedOfficerIsRefused_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        using var web = await WebSession.SignInAsync(App, cloud);

        var form = await web.GetPageAsync("/projects/new");
        var forged = await web.PostFormAsync("/projects/new", new() { ["Input.Title"] = "X", ["Input.OfficerId"] = cloud.OwnerId.ToString() });

        Assert.Contains("id=\"project-title\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"officer\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.OfficerId", form, StringComparison.Ordinal);
        Assert.DoesNotContain("Input.IsDraft", form, StringComparison.Ordinal);
        Assert.DoesNotContain("value=\"Planned\"", form, StringComparison.Ordinal);
        Assert.Contains("data-code=\"plan_feature_unavailable\"", await forged.AssertStatusAsync(HttpStatusCode.Forbidden), StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
        await Redirected(await web.PostFormAsync("/projects/new", new() { ["Input.Title"] = "X" }), "/projects/");
    }

    [Fact]
    public async Task OnTeam_TheFormsHaveTheOfficer()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);

        Assert.Contains("id=\"officer\"", await web.GetPageAsync("/projects/new"), StringComparison.Ordinal);
        Assert.Contains("id=\"project-draft\"", await web.GetPageAsync("/projects/new"), StringComparison.Ordinal);
        Assert.Contains("id=\"officer\"", await web.GetPageAsync($"/projects/{projectId}/packages/new"), StringComparison.Ordinal);
        Assert.Contains("id=\"officer\"", await web.GetPageAsync($"/projects/{projectId}/tasks/new"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PackagesAndTasks_AreShownAsATree_AndEditingAPackageMovesIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);
        var newPackage = $"/projects/{projectId}/packages/new";

        Assert.DoesNotContain("id=\"officer\"", await web.GetPageAsync(newPackage), StringComparison.Ordinal);
        await Redirected(await web.PostFormAsync(newPackage, new() { ["Input.Title"] = "Design" }), $"/projects/{projectId}");
        var design = await App.InCloudAsync(cloud.Id, db => db.Packages.Where(p => p.Title == "Design").Select(p => p.Id).SingleAsync(Ct));
        await Redirected(await web.PostFormAsync(newPackage, new() { ["Input.Title"] = "Logo", ["Input.ParentPackageId"] = design.ToString() }), $"/projects/{projectId}");
        var logo = await App.InCloudAsync(cloud.Id, db => db.Packages.Where(p => p.Title == "Logo").Select(p => p.Id).SingleAsync(Ct));
        var task = await CreateTaskAsync(web, projectId, "Sketch", logo);
        await CreateTaskAsync(web, projectId, "Kick-off");

        var tree = Tree(await web.GetPageAsync($"/projects/{projectId}"));
        Assert.Matches(new Regex($"data-package=\"{design}\".*data-package=\"{logo}\".*data-task=\"{task}\".*</ul>\\s*</details>\\s*</li>\\s*</ul>\\s*</details>\\s*</li>.*Kick-off", RegexOptions.Singleline), tree);

        var cycle = await web.PostFormAsync($"/projects/{projectId}/packages/{design}/edit", new() { ["Input.Title"] = "Design", ["Input.ParentPackageId"] = logo.ToString() });
        Assert.Matches(ErrorFor("package-parent-error"), await cycle.AssertStatusAsync(HttpStatusCode.OK));
        await Redirected(await web.PostFormAsync($"/projects/{projectId}/packages/{logo}/edit", new() { ["Input.Title"] = "Logo", ["Input.ParentPackageId"] = "" }), $"/projects/{projectId}");
        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.Packages.Where(p => p.Id == logo).Select(p => p.ParentPackageId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task ATaskCreatedInTheUi_FiresTaskCreated_IntoTheOutbox()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var hook = await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "TaskCreated" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);

        var taskId = await CreateTaskAsync(web, projectId, "From the UI");

        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.Where(e => e.Action == "TaskCreated").ToListAsync(Ct));
        var created = Assert.Single(events);
        Assert.Equal(taskId, created.EntityId);
        Assert.Equal(projectId, created.ProjectId);
        Assert.Equal(cloud.OwnerId, created.ChangedBy);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == hook.Id(), Ct)));
    }

    [Fact]
    public async Task OnTheTaskPage_StateChecklistAndComments_GoThroughTheServices()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);
        var taskId = await CreateTaskAsync(web, projectId, "Write copy");
        var page = $"/tasks/{taskId}";

        await Redirected(await web.PostFormAsync($"{page}?handler=State", new() { ["state"] = "InProcess" }, page), page);
        await Redirected(await web.PostFormAsync($"{page}?handler=Entry", new() { ["Entry.Title"] = "Headline" }, page), page);
        var entry = await App.InCloudAsync(cloud.Id, db => db.ChecklistEntries.SingleAsync(e => e.TaskId == taskId, Ct));
        await Redirected(await web.PostFormAsync($"{page}?handler=Tick", new() { ["entryId"] = entry.Id.ToString(), ["checked"] = "true" }, page), page);
        await Redirected(await web.PostFormAsync($"{page}?handler=Comment", new() { ["Comment.Text"] = "Looks good" }, page), page);
        var noState = await (await web.PostFormAsync($"{page}?handler=State", new() { ["state"] = "Bogus" }, page)).AssertStatusAsync(HttpStatusCode.OK);
        var emptyComment = await (await web.PostFormAsync($"{page}?handler=Comment", new() { ["Comment.Text"] = "" }, page)).AssertStatusAsync(HttpStatusCode.OK);

        var shown = await web.GetPageAsync(page);
        Assert.Equal(Tasks.TaskState.InProcess, await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.TaskState).SingleAsync(Ct)));
        Assert.True(await App.InCloudAsync(cloud.Id, db => db.ChecklistEntries.Where(e => e.Id == entry.Id).Select(e => e.Checked).SingleAsync(Ct)));
        Assert.Contains("Looks good", shown, StringComparison.Ordinal);
        Assert.Contains("aria-pressed=\"true\"", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"task-state\"", shown, StringComparison.Ordinal);
        Assert.Matches(ErrorFor("comment-text-error"), emptyComment);
        Assert.Matches(new Regex("id=\"task-state-error\"[^>]*><span[^>]*>[^<]+<"), noState);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Comments.CountAsync(Ct)));
        Assert.DoesNotContain("id=\"book-time\"", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"task-officer\"", shown, StringComparison.Ordinal); // the task officer exists on every plan
    }

    [Fact]
    public async Task OnProfessional_BookingTimeOnATask_WritesAWorkRecord_ShownOnWorkRecords()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);
        var taskId = await CreateTaskAsync(web, projectId, "Billable work");
        var page = $"/tasks/{taskId}";
        Assert.Contains("id=\"book-time\"", await web.GetPageAsync(page), StringComparison.Ordinal);

        await Redirected(await web.PostFormAsync($"{page}?handler=Book", new()
        {
            ["Booking.Date"] = "2026-11-27", ["Booking.StartTime"] = "09:00", ["Booking.EndTime"] = "10:30", ["Booking.Description"] = "Workshop",
        }, page), page);
        var noMinutes = await (await web.PostFormAsync($"{page}?handler=Book", new() { ["Booking.Date"] = "2026-11-27" }, page)).AssertStatusAsync(HttpStatusCode.OK);

        var record = await App.InCloudAsync(cloud.Id, db => db.WorkRecords.SingleAsync(Ct));
        Assert.Equal(90, record.MinutesWorked);
        Assert.Equal(new DateOnly(2026, 11, 27), record.StartDate);
        Assert.Equal(BookedOnReferenceType.Task, record.BookedOnReferenceType);
        Assert.Equal(taskId, record.BookedOnReferenceId);
        Assert.Equal(cloud.OwnerId, record.WorkEmployeeId);
        Assert.Equal(90, await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.RealizedEffort).SingleAsync(Ct)));
        Assert.Matches(ErrorFor("booking-minutes-error"), noMinutes);
        var list = await web.GetPageAsync("/work-records");
        Assert.Contains($"data-work-record=\"{record.Id}\"", list, StringComparison.Ordinal);
        Assert.Contains("Workshop", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnTeam_ThereIsNoTimeBooking_AndNoWorkRecordsPage()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);
        var taskId = await CreateTaskAsync(web, projectId, "T");
        var page = $"/tasks/{taskId}";

        var shown = await web.GetPageAsync(page);
        var forged = await web.PostFormAsync($"{page}?handler=Book", new() { ["Booking.Date"] = "2026-11-27", ["Booking.Minutes"] = "30" }, page);

        Assert.DoesNotContain("id=\"book-time\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Booking.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"/work-records\"", shown, StringComparison.Ordinal);
        Assert.Contains("id=\"task-officer\"", shown, StringComparison.Ordinal);
        await forged.AssertStatusAsync(HttpStatusCode.NotFound);
        await web.GetPageAsync("/work-records", HttpStatusCode.NotFound);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WorkRecords.CountAsync(Ct)));
    }

    [Fact]
    public async Task AGuest_CannotCreateProjects()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (guest, user) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        // A guest sees the tasks they execute (and so a page with a form, for the antiforgery token).
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = await (await api.PostJsonAsync("projects", new { title = "Visible" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await api.PostJsonAsync("tasks", new { title = "Yours", targetParentId = project.Id(), executorId = user.Id })).AssertJsonAsync(HttpStatusCode.Created);

        var list = await guest.GetPageAsync("/projects");
        await guest.GetPageAsync("/projects/new", HttpStatusCode.Forbidden);
        var posted = await guest.PostFormAsync("/projects/new", new() { ["Input.Title"] = "Sneaky" }, $"/tasks/{task.Id()}");

        Assert.Contains("Visible", list, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"new-project\"", list, StringComparison.Ordinal);
        await posted.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task ABasicRightsUser_SeesNoNewProjectButton_AndIsRefusedByTheService()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var owner = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(owner);
        var (member, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using var _member = member;

        Assert.DoesNotContain("id=\"new-project\"", await member.GetPageAsync("/projects"), StringComparison.Ordinal);
        await member.GetPageAsync("/projects/new", HttpStatusCode.Forbidden);
        var posted = await member.PostFormAsync("/projects/new", new() { ["Input.Title"] = "Not mine" }, $"/projects/{projectId}/tasks/new");

        await posted.AssertStatusAsync(HttpStatusCode.Forbidden); // the page is for planners: refused before the form is read
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
        // Tasks, though, are theirs to create.
        await CreateTaskAsync(member, projectId, "Mine");
    }

    [Fact]
    public async Task APostWithoutTheAntiforgeryToken_Is400_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);

        var response = await web.PostWithoutTokenAsync("/projects/new", new() { ["Input.Title"] = "Forged" });

        await response.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task ATaskOrProjectOfAnotherCloud_Answers404()
    {
        var other = await App.CreateCloudAsync(Plan.Team);
        using var otherWeb = await WebSession.SignInAsync(App, other);
        var otherProject = await CreateProjectAsync(otherWeb);
        var otherTask = await CreateTaskAsync(otherWeb, otherProject, "Secret");
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var ownTask = await CreateTaskAsync(web, await CreateProjectAsync(web), "Own");

        await web.GetPageAsync($"/tasks/{otherTask}", HttpStatusCode.NotFound);
        await web.GetPageAsync($"/tasks/{otherTask}/edit", HttpStatusCode.NotFound);
        await web.GetPageAsync($"/projects/{otherProject}", HttpStatusCode.NotFound);
        await web.GetPageAsync($"/projects/{otherProject}/edit", HttpStatusCode.NotFound);
        await web.GetPageAsync($"/projects/{otherProject}/tasks/new", HttpStatusCode.NotFound);
        var state = await web.PostFormAsync($"/tasks/{otherTask}?handler=State", new() { ["state"] = "Closed" }, $"/tasks/{ownTask}");

        await state.AssertStatusAsync(HttpStatusCode.NotFound);
        Assert.Equal(Tasks.TaskState.Planned, await App.InCloudAsync(other.Id, db => db.Tasks.Where(t => t.Id == otherTask).Select(t => t.TaskState).SingleAsync(Ct)));
    }

    [Fact]
    public async Task EditingAProject_ChangesOnlyTheFormsFields_ForTheApiToo()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = await (await api.PostJsonAsync("projects", new { title = "Old", colorScheme = "blue", description = "Kept" })).AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, cloud);
        var edit = $"/projects/{project.Id()}/edit";

        var form = await web.GetPageAsync(edit);
        await Redirected(await web.PostFormAsync(edit, new() { ["Input.Title"] = "New", ["Input.ProjectState"] = "Stopped" }), $"/projects/{project.Id()}");

        Assert.Contains("value=\"Old\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"officer\"", form, StringComparison.Ordinal);
        var fromApi = await (await api.GetAsync($"projects/{project.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("New", fromApi.GetProperty("title").GetString());
        Assert.Equal("stopped", fromApi.GetProperty("projectState").GetString());
        Assert.Equal("blue", fromApi.GetProperty("colorScheme").GetString());
        Assert.Equal("Kept", fromApi.GetProperty("description").GetString());
    }

    [Fact]
    public async Task AClosedTask_RefusesItsEditForm_UntilItsStateReopensIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var taskId = await CreateTaskAsync(web, await CreateProjectAsync(web), "Done soon");
        var page = $"/tasks/{taskId}";

        await Redirected(await web.PostFormAsync($"{page}?handler=State", new() { ["state"] = "Closed" }, page), page);
        var closed = await web.GetPageAsync(page);
        var refused = await web.GetPageAsync($"{page}/edit", HttpStatusCode.Forbidden);
        await Redirected(await web.PostFormAsync($"{page}?handler=State", new() { ["state"] = "InProcess" }, page), page);

        Assert.DoesNotContain("id=\"edit-task\"", closed, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"checklist-form\"", closed, StringComparison.Ordinal);
        Assert.Contains("data-code=\"task_closed\"", refused, StringComparison.Ordinal);
        await web.GetPageAsync($"{page}/edit");
    }

    [Fact]
    public async Task AGuestExecutor_SetsTheStateAndComments_ButCannotEditTheTask()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (guest, user) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await api.PostJsonAsync("tasks", new { title = "Yours", targetParentId = project.Id(), executorId = user.Id })).AssertJsonAsync(HttpStatusCode.Created);
        var page = $"/tasks/{task.Id()}";

        var shown = await guest.GetPageAsync(page);
        await Redirected(await guest.PostFormAsync($"{page}?handler=State", new() { ["state"] = "Review" }, page), page);
        await Redirected(await guest.PostFormAsync($"{page}?handler=Comment", new() { ["Comment.Text"] = "On it" }, page), page);
        var entry = await guest.PostFormAsync($"{page}?handler=Entry", new() { ["Entry.Title"] = "Mine now" }, page);

        Assert.DoesNotContain("id=\"edit-task\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"new-task\"", await guest.GetPageAsync($"/projects/{project.Id()}"), StringComparison.Ordinal);
        await guest.GetPageAsync($"{page}/edit", HttpStatusCode.Forbidden);
        await entry.AssertStatusAsync(HttpStatusCode.Forbidden);
        Assert.Equal(Tasks.TaskState.Review, await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == task.Id()).Select(t => t.TaskState).SingleAsync(Ct)));
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Comments.CountAsync(Ct)));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.ChecklistEntries.CountAsync(Ct)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task ThePages_HaveATextForEveryKey_InEnglishAndGerman(string language)
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        using var web = await WebSession.SignInAsync(App, cloud);
        var projectId = await CreateProjectAsync(web);
        var taskId = await CreateTaskAsync(web, projectId, "T");
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        foreach (var url in new[] { "/projects", "/projects/new", $"/projects/{projectId}", $"/projects/{projectId}/edit", $"/projects/{projectId}/packages/new",
                     $"/projects/{projectId}/tasks/new", $"/tasks/{taskId}", $"/tasks/{taskId}/edit", "/work-records" })
        {
            var html = await web.GetPageAsync(url);
            Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
            // A missing resource shows its key (e.g. "Field.Title") as the text.
            Assert.DoesNotMatch(new Regex(">\\s*[A-Z][A-Za-z]+\\.[A-Z][A-Za-z.]+\\s*<"), html);
            Assert.DoesNotMatch(new Regex("(aria-label|title)=\"[A-Z][A-Za-z]+\\.[A-Z][A-Za-z]+\""), html);
        }
    }

    private static async Task<Guid> CreateProjectAsync(WebSession web, string title = "Project")
    {
        var response = await web.PostFormAsync("/projects/new", new() { ["Input.Title"] = title });
        return IdIn(await Redirected(response, "/projects/"));
    }

    private static async Task<Guid> CreateTaskAsync(WebSession web, Guid projectId, string title, Guid? package = null)
    {
        var response = await web.PostFormAsync($"/projects/{projectId}/tasks/new", new()
        {
            ["Input.Title"] = title, ["Input.TargetParentId"] = (package ?? projectId).ToString(),
        });
        return IdIn(await Redirected(response, "/tasks/"));
    }

    /// <summary>Asserts a redirect (the form was accepted) to a path starting with <paramref name="prefix"/>; returns the location.</summary>
    private static async Task<string> Redirected(HttpResponseMessage response, string prefix)
    {
        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(prefix, location, StringComparison.Ordinal);
        return location;
    }

    private static Guid IdIn(string location) => Guid.Parse(GuidIn().Match(location).Value);

    /// <summary>A non-empty message in the error element next to a field.</summary>
    private static Regex ErrorFor(string id) => new($"id=\"{id}\"[^>]*>[^<]+<");

    private static string Tree(string html) => html[html.IndexOf("id=\"project-tree\"", StringComparison.Ordinal)..];

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidIn();
}

public sealed class WorkPagesTestsOnSqlite(SqliteApp app) : WorkPagesTests(app), IClassFixture<SqliteApp>;

public sealed class WorkPagesTestsOnPostgres(PostgresApp app) : WorkPagesTests(app), IClassFixture<PostgresApp>;
