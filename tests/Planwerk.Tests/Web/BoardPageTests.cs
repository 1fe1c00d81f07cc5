using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Access;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tasks;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>The project board (/projects/{id}/board): columns by task state, filters, and moving a card through TaskService.</summary>
public abstract partial class BoardPageTests(PlanwerkApp app) : ProviderTest(app)
{
    /// <summary>A project with a package "Design" holding "Logo"; "Sketch" in Logo for Ann, "Kick-off" at the root (nobody), "Print" in Design for the owner, closed.</summary>
    private sealed record Sample(TestCloud Cloud, HttpClient Api, Guid Project, Guid Design, Guid Logo, Employee Ann, Guid Sketch, Guid KickOff, Guid Print);

    private async Task<Sample> SampleAsync(Plan plan = Plan.Team)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var ann = await App.CreateUserAsync(cloud, plan.Has(PlanFeature.ExtendedSecurityGroups) ? SecurityGroup.BasicRights : SecurityGroup.AllRights);
        var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = (await (await api.PostJsonAsync("projects", new { title = "Relaunch" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var design = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Design" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var logo = (await (await api.PostJsonAsync($"projects/{project}/packages", new { title = "Logo", parentPackageId = design })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var sketch = (await (await api.PostJsonAsync("tasks", new { title = "Sketch", targetParentId = logo, executorId = ann.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var kickOff = (await (await api.PostJsonAsync("tasks", new { title = "Kick-off", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var print = (await (await api.PostJsonAsync("tasks", new { title = "Print", targetParentId = design, executorId = cloud.OwnerId })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == print).ExecuteUpdateAsync(s => s.SetProperty(t => t.TaskState, TaskState.Closed), Ct));
        return new Sample(cloud, api, project, design, logo, ann, sketch, kickOff, print);
    }

    [Fact]
    public async Task TheBoard_ShowsEachTaskInTheColumnOfItsState_WithExecutorAndPackage_AndIsLinkedFromTheProject()
    {
        var s = await SampleAsync();
        using var web = await WebSession.SignInAsync(App, s.Cloud);

        var project = await web.GetPageAsync($"/projects/{s.Project}");
        var board = await web.GetPageAsync($"/projects/{s.Project}/board");

        Assert.Contains($"href=\"/projects/{s.Project}/board\"", project, StringComparison.Ordinal);
        Assert.Equal(Enum.GetNames<TaskState>(), Regex.Matches(board, "data-column=\"([A-Za-z]+)\"").Select(m => m.Groups[1].Value));
        Assert.Equal([s.Sketch, s.KickOff], CardsIn(board, TaskState.Planned));
        Assert.Equal([s.Print], CardsIn(board, TaskState.Closed));
        Assert.Empty(CardsIn(board, TaskState.Review));
        var sketch = Card(board, s.Sketch);
        Assert.Contains($"{s.Ann.FirstName} {s.Ann.LastName}", sketch, StringComparison.Ordinal);
        Assert.Contains("data-field=\"package\">Design / Logo<", sketch, StringComparison.Ordinal);
        Assert.Contains("data-field=\"executor\">–<", Card(board, s.KickOff), StringComparison.Ordinal);
        Assert.Contains("data-field=\"package\">–<", Card(board, s.KickOff), StringComparison.Ordinal);
        // The current state is not offered as a move; every other one is.
        Assert.DoesNotContain("<option value=\"Planned\"", sketch, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Closed\"", sketch, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Planned\"", Card(board, s.Print), StringComparison.Ordinal); // a closed task is reopened by a move
    }

    [Fact]
    public async Task MovingACard_SetsTheStateThroughTheService_FiresTaskStateChanged_AndRedirectsBackToTheFilteredBoard()
    {
        var s = await SampleAsync();
        var hook = await (await s.Api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "TaskStateChanged" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        using var web = await WebSession.SignInAsync(App, s.Cloud);
        var filtered = $"/projects/{s.Project}/board?executor={s.Ann.Id}&package={s.Design}";
        var shown = await web.GetPageAsync(filtered);
        Assert.Contains($"action=\"/projects/{s.Project}/board?executor={s.Ann.Id}&amp;package={s.Design}&amp;handler=Move\"", shown, StringComparison.Ordinal);

        var moved = await web.PostFormAsync($"/projects/{s.Project}/board?handler=Move&executor={s.Ann.Id}&package={s.Design}",
            new() { ["taskId"] = s.Sketch.ToString(), ["state"] = "Review" }, filtered);

        await moved.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal($"{filtered}#task-{s.Sketch}", moved.Headers.Location!.OriginalString);
        Assert.Equal(TaskState.Review, await StateAsync(s, s.Sketch));
        var events = await App.InCloudAsync(s.Cloud.Id, db => db.WebhookEvents.Where(e => e.Action == "TaskStateChanged").ToListAsync(Ct));
        Assert.Equal(s.Sketch, Assert.Single(events).EntityId);
        Assert.Equal(1, await App.InCloudAsync(s.Cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == hook.Id(), Ct)));
        var after = await web.GetPageAsync(filtered);
        Assert.Equal([s.Sketch], CardsIn(after, TaskState.Review));
        Assert.Contains("Sketch moved to “In review”.", WebUtility.HtmlDecode(after), StringComparison.Ordinal); // the flash, on the board
        var fromApi = await (await s.Api.GetAsync($"tasks/{s.Sketch}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("review", fromApi.GetProperty("taskState").GetString());
    }

    [Fact]
    public async Task TheFilters_NarrowTheCards_ByExecutorOrNobody_AndByPackageWithItsSubPackagesOrTheRoot()
    {
        var s = await SampleAsync();
        using var web = await WebSession.SignInAsync(App, s.Cloud);
        var board = $"/projects/{s.Project}/board";

        Assert.Equal([s.Sketch], AllCards(await web.GetPageAsync($"{board}?executor={s.Ann.Id}")));
        Assert.Equal([s.KickOff], AllCards(await web.GetPageAsync($"{board}?executor=none")));
        Assert.Equal([s.Sketch, s.Print], AllCards(await web.GetPageAsync($"{board}?package={s.Design}")));
        Assert.Equal([s.Sketch], AllCards(await web.GetPageAsync($"{board}?package={s.Logo}")));
        Assert.Equal([s.KickOff], AllCards(await web.GetPageAsync($"{board}?package=none")));
        Assert.Equal([s.Print], AllCards(await web.GetPageAsync($"{board}?executor={s.Cloud.OwnerId}&package={s.Design}")));
        var all = await web.GetPageAsync(board);
        Assert.Equal([s.Sketch, s.KickOff, s.Print], AllCards(all));
        Assert.DoesNotContain("id=\"reset-filter\"", all, StringComparison.Ordinal);
        var chosen = await web.GetPageAsync($"{board}?executor={s.Ann.Id}");
        Assert.Contains($"<option value=\"{s.Ann.Id}\" selected=\"selected\">", chosen, StringComparison.Ordinal);
        Assert.Contains("id=\"reset-filter\"", chosen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABadMove_IsShownOnItsCard_AndWritesNothing()
    {
        var s = await SampleAsync();
        using var web = await WebSession.SignInAsync(App, s.Cloud);
        var board = $"/projects/{s.Project}/board";
        var before = await CloudFingerprint.TakeAsync(App, s.Cloud.Id, Ct);

        var bogus = await (await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = s.KickOff.ToString(), ["state"] = "Bogus" }, board))
            .AssertStatusAsync(HttpStatusCode.OK);
        var none = await (await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = s.KickOff.ToString() }, board))
            .AssertStatusAsync(HttpStatusCode.OK);

        foreach (var refused in new[] { bogus, none })
        {
            Assert.Matches(new Regex($"id=\"move-{s.KickOff}-error\"[^>]*><span[^>]*>Move to (is required|is not valid)\\.<"), Card(refused, s.KickOff));
            Assert.Contains("aria-invalid=\"true\"", Card(refused, s.KickOff), StringComparison.Ordinal);
            Assert.DoesNotContain("aria-invalid", Card(refused, s.Sketch), StringComparison.Ordinal);
            Assert.Contains("data-form-errors=\"1\"", refused, StringComparison.Ordinal);
        }

        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, s.Cloud.Id, Ct)));
    }

    [Fact]
    public async Task ATaskOfAnotherProjectOrCloud_CannotBeMovedOnThisBoard_AndAnotherCloudsBoardIs404()
    {
        var s = await SampleAsync();
        var other = await SampleAsync();
        var elsewhere = (await (await s.Api.PostJsonAsync("projects", new { title = "Elsewhere" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var stray = (await (await s.Api.PostJsonAsync("tasks", new { title = "Stray", targetParentId = elsewhere })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        using var web = await WebSession.SignInAsync(App, s.Cloud);
        var board = $"/projects/{s.Project}/board";

        await web.GetPageAsync($"/projects/{other.Project}/board", HttpStatusCode.NotFound);
        await (await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = stray.ToString(), ["state"] = "Closed" }, board)).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = other.Sketch.ToString(), ["state"] = "Closed" }, board)).AssertStatusAsync(HttpStatusCode.NotFound);
        await (await web.PostFormAsync($"/projects/{other.Project}/board?handler=Move", new() { ["taskId"] = other.Sketch.ToString(), ["state"] = "Closed" }, board))
            .AssertStatusAsync(HttpStatusCode.NotFound);

        Assert.Equal(TaskState.Planned, await StateAsync(s, stray));
        Assert.Equal(TaskState.Planned, await StateAsync(other, other.Sketch));
    }

    [Fact]
    public async Task AGuest_SeesOnlyTheCardsTheyExecute_AndMovesThem()
    {
        var s = await SampleAsync(Plan.Basic);
        var (guest, user) = await WebSession.SignInAsNewUserAsync(App, s.Cloud, SecurityGroup.GuestRights);
        using var _guest = guest;
        var yours = (await (await s.Api.PostJsonAsync("tasks", new { title = "Yours", targetParentId = s.Logo, executorId = user.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var board = $"/projects/{s.Project}/board";

        var shown = await guest.GetPageAsync(board);
        var notYours = await guest.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = s.Sketch.ToString(), ["state"] = "Closed" }, board);
        var moved = await guest.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = yours.ToString(), ["state"] = "InProcess" }, board);

        Assert.Equal([yours], AllCards(shown));
        Assert.Contains($"id=\"move-{yours}\"", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Kick-off", shown, StringComparison.Ordinal);
        await notYours.AssertStatusAsync(HttpStatusCode.NotFound); // a task the guest cannot see does not exist for them
        await moved.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(TaskState.InProcess, await StateAsync(s, yours));
        Assert.Equal(TaskState.Planned, await StateAsync(s, s.Sketch));
    }

    [Fact]
    public async Task AReaderWithoutAWriteRight_SeesNoMoveControls_OnTheBoardOrTheTaskPage_AndAForgedMoveIsRefused()
    {
        var s = await SampleAsync(Plan.Team);
        var (web, reader) = await WebSession.SignInAsNewUserAsync(App, s.Cloud, SecurityGroup.BasicRights);
        using var _web = web;
        var mine = (await (await s.Api.PostJsonAsync("tasks", new { title = "Mine", targetParentId = s.Project, executorId = reader.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        // A read right on the project restricts it: the reader reads every task, but writes only the one they execute.
        await (await s.Api.PutJsonAsync($"projects/{s.Project}/read_rights", new { employeeId = reader.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var board = $"/projects/{s.Project}/board";

        var shown = await web.GetPageAsync(board);
        var forged = await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = s.KickOff.ToString(), ["state"] = "Closed" }, board);
        var moved = await web.PostFormAsync($"{board}?handler=Move", new() { ["taskId"] = mine.ToString(), ["state"] = "InProcess" }, board);

        Assert.Equal([s.Sketch, s.KickOff, mine, s.Print], AllCards(shown)); // Print is closed: the fourth column
        Assert.Contains($"id=\"move-{mine}\"", Card(shown, mine), StringComparison.Ordinal);
        foreach (var other in new[] { s.Sketch, s.KickOff, s.Print })
        {
            Assert.DoesNotContain("<form", Card(shown, other), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("id=\"state-form\"", await web.GetPageAsync($"/tasks/{s.KickOff}"), StringComparison.Ordinal);
        Assert.Contains("id=\"state-form\"", await web.GetPageAsync($"/tasks/{mine}"), StringComparison.Ordinal);
        await forged.AssertStatusAsync(HttpStatusCode.Forbidden); // the service refuses anyway
        await moved.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(TaskState.Planned, await StateAsync(s, s.KickOff));
        Assert.Equal(TaskState.InProcess, await StateAsync(s, mine));
    }

    [Fact]
    public void TheGroupsPartOfTheRule_LetsAGuestMoveOnlyWhatTheyExecute()
    {
        var task = new ProjectTask { Title = "T", ExecutorId = Guid.NewGuid() };
        Caller As(Guid id, SecurityGroup group) => new(Guid.NewGuid(), id, group, Plan.Team, false, "web");

        Assert.True(TaskService.MaySetState(As(Guid.NewGuid(), SecurityGroup.BasicRights), task));
        Assert.True(TaskService.MaySetState(As(task.ExecutorId.Value, SecurityGroup.GuestRights), task));
        Assert.False(TaskService.MaySetState(As(Guid.NewGuid(), SecurityGroup.GuestRights), task));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("de")]
    public async Task TheBoard_HasATextForEveryKey_InEnglishAndGerman(string language)
    {
        var s = await SampleAsync(Plan.Professional);
        using var web = await WebSession.SignInAsync(App, s.Cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        foreach (var url in new[] { $"/projects/{s.Project}/board", $"/projects/{s.Project}/board?executor=none&package={s.Design}" })
        {
            var html = await web.GetPageAsync(url);
            Assert.Contains($"lang=\"{language}\"", html, StringComparison.Ordinal);
            Assert.DoesNotMatch(new Regex(">\\s*[A-Z][A-Za-z]+\\.[A-Z][A-Za-z.]+\\s*<"), html);
            Assert.DoesNotMatch(new Regex("(aria-label|title)=\"[A-Z][A-Za-z]+\\.[A-Z][A-Za-z]+\""), html);
        }
    }

    private Task<TaskState> StateAsync(Sample s, Guid task) =>
        App.InCloudAsync(s.Cloud.Id, db => db.Tasks.Where(t => t.Id == task).Select(t => t.TaskState).SingleAsync(Ct));

    /// <summary>The ids of the cards in one column, top to bottom.</summary>
    private static List<Guid> CardsIn(string html, TaskState state)
    {
        var start = html.IndexOf($"data-column=\"{state}\"", StringComparison.Ordinal);
        var end = html.IndexOf("data-column=", start + 1, StringComparison.Ordinal);
        return AllCards(html[start..(end < 0 ? html.Length : end)]);
    }

    private static List<Guid> AllCards(string html) => [.. CardId().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value))];

    /// <summary>The HTML of one card.</summary>
    private static string Card(string html, Guid task)
    {
        html = WebUtility.HtmlDecode(html);
        var start = html.IndexOf($"data-task=\"{task}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no card of {task}");
        return html[start..html.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex("class=\"board-card\"[^>]*data-task=\"([0-9a-f-]{36})\"")]
    private static partial Regex CardId();
}

public sealed class BoardPageTestsOnSqlite(SqliteApp app) : BoardPageTests(app), IClassFixture<SqliteApp>;

public sealed class BoardPageTestsOnPostgres(PostgresApp app) : BoardPageTests(app), IClassFixture<PostgresApp>;
