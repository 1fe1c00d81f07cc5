using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Api.PackagesApiTests;

namespace Planwerk.Tests.Api;

public abstract class TasksApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task OnBasic_ATaskOfficer_IsAccepted_SinceOnlyTheProjectAndPackageOfficerIsPlanGated()
    {
        var cloud = await App.CreateCloudAsync(Clouds.Plan.Basic);
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);
        var project = await CreateProjectAsync(client, "P");

        var created = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project, officerId = user.Id }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var changed = await (await client.PutJsonAsync($"tasks/{created.Id()}", new { officerId = cloud.OwnerId })).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, created.GetProperty("officerId").GetGuid());
        Assert.Equal(cloud.OwnerId, changed.GetProperty("officerId").GetGuid());
    }

    [Fact]
    public async Task CreateTaskInAPackage_ReturnsItWithFactroFields_AndGetReturnsTheSame()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageAsync(client, project, "pk");

        var created = await (await client.PostJsonAsync("tasks", new
        {
            title = "Write spec", targetParentId = package, executorId = user.Id, taskPriority = 90, isMilestone = true, urgency = "due",
            startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-02T08:00:00+01:00", plannedEffort = 120, customFields = new { ticket = "T-1" },
        })).AssertJsonAsync(HttpStatusCode.Created);
        var fetched = await (await client.GetAsync($"tasks/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(created.GetRawText(), fetched.GetRawText());
        Assert.Equal(project, fetched.GetProperty("projectId").GetGuid());
        Assert.Equal(package, fetched.GetProperty("parentPackageId").GetGuid());
        Assert.Equal("planned", fetched.GetProperty("taskState").GetString());
        Assert.Equal("due", fetched.GetProperty("urgency").GetString());
        Assert.Equal(90, fetched.GetProperty("taskPriority").GetInt32());
        Assert.True(fetched.GetProperty("isMilestone").GetBoolean());
        Assert.Equal("2026-12-02T07:00:00.000Z", fetched.GetProperty("endDate").GetString());
        Assert.Equal(user.Id, fetched.GetProperty("executorId").GetGuid());
        Assert.Equal(user.Id, fetched.GetProperty("creatorId").GetGuid());
        Assert.Equal("T-1", fetched.GetProperty("customFields").GetProperty("ticket").GetString());
        Assert.Equal(1, fetched.GetProperty("number").GetInt32());
        Assert.Equal(cloud.Id, fetched.GetProperty("mandantId").GetGuid());
        Assert.False(fetched.TryGetProperty("targetParentId", out _));
        var second = await (await client.PostJsonAsync("tasks", new { title = "root task", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, second.GetProperty("number").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("parentPackageId").ValueKind);
    }

    [Fact]
    public async Task CreateTask_WithBadInput_Is422WithAPointerPerProblem()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");

        var problem = await (await client.PostJsonAsync("tasks", new
        {
            title = "", targetParentId = Guid.NewGuid(), executorId = Guid.NewGuid(), taskPriority = 15,
            startDate = "2026-12-02T00:00:00Z", endDate = "2026-12-01T00:00:00Z",
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var missing = await (await client.PostJsonAsync("tasks", new { title = "x" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.PostJsonAsync("tasks", new { title = "x", targetParentId = project, urgency = "whenever" }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");

        Assert.Equal(["/title", "/targetParentId", "/taskPriority", "/executorId", "/endDate"],
            problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()));
        Assert.Equal("/targetParentId", missing.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Tasks.CountAsync(Ct)));
    }

    [Fact]
    public async Task PutTask_ChangesOnlyTheFieldsSent_AndNullClears()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var created = await (await client.PostJsonAsync("tasks", new { title = "A", targetParentId = project, description = "keep me", executorId = user.Id }))
            .AssertJsonAsync(HttpStatusCode.Created);

        var updated = await (await client.PutAsync($"tasks/{created.Id()}", PackagesApiTests.Json("{\"title\":\"B\",\"executorId\":null}"), Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("B", updated.GetProperty("title").GetString());
        Assert.Equal("keep me", updated.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("executorId").ValueKind);
    }

    [Fact]
    public async Task BatchCreate_WithOneBadItem_CreatesTheOthers_AndSaysWhichFailedAndWhy()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");

        var results = await (await client.PostJsonAsync("tasks/tasks", new object[]
        {
            new { title = "one", targetParentId = project },
            new { title = "", targetParentId = project },
            new { title = "three", targetParentId = project },
        })).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([201, 422, 201], results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("one", results[0].GetProperty("item").GetProperty("title").GetString());
        Assert.Equal("validation_failed", results[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("/1/title", results[1].GetProperty("error").GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(2, await App.InCloudAsync(cloud.Id, db => db.Tasks.CountAsync(Ct)));
    }

    [Fact]
    public async Task BatchUpdate_ChangesEachItemOnItsOwn()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var a = await CreateTaskAsync(client, project, "a");
        var closed = await CreateTaskAsync(client, project, "closed");
        await (await client.PutJsonAsync($"tasks/{closed}/state", new { state = "closed" })).AssertStatusAsync(HttpStatusCode.NoContent);

        var results = await (await client.PutJsonAsync("tasks/tasks", new object[]
        {
            new { id = a, title = "a2" },
            new { id = closed, title = "nope" },
            new { id = Guid.NewGuid(), title = "ghost" },
            new { title = "no id" },
        })).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([200, 403, 404, 422], results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("a2", results[0].GetProperty("item").GetProperty("title").GetString());
        Assert.Equal("task_closed", results[1].GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task ClosedTask_RefusesWritesWith403TaskClosed_UntilItsStateReopensIt()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var task = await CreateTaskAsync(client, project, "t");
        await (await client.PutJsonAsync($"tasks/{task}/state", new { state = "closed" })).AssertStatusAsync(HttpStatusCode.NoContent);

        await (await client.PutJsonAsync($"tasks/{task}", new { title = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "task_closed");
        await (await client.PostJsonAsync($"tasks/{task}/checklist", new { title = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "task_closed");
        await (await client.DeleteAsync($"tasks/{task}/package", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "task_closed");
        await (await client.DeleteAsync($"tasks/{task}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "task_closed");

        await (await client.PutJsonAsync($"tasks/{task}/state", new { state = "inProcess" })).AssertStatusAsync(HttpStatusCode.NoContent);
        var reopened = await (await client.PutJsonAsync($"tasks/{task}", new { title = "x" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("inProcess", reopened.GetProperty("taskState").GetString());
        Assert.Equal("x", reopened.GetProperty("title").GetString());
    }

    [Fact]
    public async Task SetState_WithPausedUntil_StoresBoth_AndAnUnknownStateIs400()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await CreateTaskAsync(client, await CreateProjectAsync(client, "P"), "t");

        await (await client.PutJsonAsync($"tasks/{task}/state", new { state = "pushedBack", pausedUntil = "2027-01-04T00:00:00Z" }))
            .AssertStatusAsync(HttpStatusCode.NoContent);
        await (await client.PutJsonAsync($"tasks/{task}/state", new { state = "done" })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");

        var fetched = await (await client.GetAsync($"tasks/{task}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("pushedBack", fetched.GetProperty("taskState").GetString());
        Assert.Equal("2027-01-04T00:00:00.000Z", fetched.GetProperty("pausedUntil").GetString());
    }

    [Fact]
    public async Task Guest_SeesOnlyTheTasksTheyExecute_AndOthersAnswer404()
    {
        var cloud = await App.CreateCloudAsync();
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var project = await CreateProjectAsync(admin, "P");
        var own = await CreateTaskAsync(admin, project, "mine", guestUser.Id);
        var other = await CreateTaskAsync(admin, project, "not mine");

        var all = await (await guest.GetAsync("tasks", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var byProject = await (await guest.GetAsync($"tasks/by-project/{project}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([own], all.EnumerateArray().Select(t => t.Id()));
        Assert.Equal([own], byProject.EnumerateArray().Select(t => t.Id()));
        await (await guest.GetAsync($"tasks/{other}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(own, (await (await guest.GetAsync($"tasks/{own}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).Id());
        await (await guest.PutJsonAsync($"tasks/{other}/state", new { state = "inProcess" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var everything = await (await admin.GetAsync("tasks", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, everything.GetArrayLength());

        // A project with none of the guest's tasks does not exist for them.
        var elsewhere = await CreateProjectAsync(admin, "Q");
        await CreateTaskAsync(admin, elsewhere, "not mine either");
        await (await guest.GetAsync($"tasks/by-project/{elsewhere}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task GuestExecutor_SetsStateOfOwnTask_Returns204()
    {
        var cloud = await App.CreateCloudAsync();
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var own = await CreateTaskAsync(admin, await CreateProjectAsync(admin, "P"), "mine", guestUser.Id);

        await (await guest.PutJsonAsync($"tasks/{own}/state", new { state = "review" })).AssertStatusAsync(HttpStatusCode.NoContent);

        var fetched = await (await admin.GetAsync($"tasks/{own}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("review", fetched.GetProperty("taskState").GetString());
    }

    [Fact]
    public async Task GuestExecutor_MayTickChecklistAndComment_ButNothingElse()
    {
        var cloud = await App.CreateCloudAsync();
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var project = await CreateProjectAsync(admin, "P");
        var own = await CreateTaskAsync(admin, project, "mine", guestUser.Id);
        var entry = (await (await admin.PostJsonAsync($"tasks/{own}/checklist", new { title = "step" })).AssertJsonAsync(HttpStatusCode.Created)).Id();

        var ticked = await (await guest.PutJsonAsync($"tasks/{own}/checklist/{entry}", new { @checked = true })).AssertJsonAsync(HttpStatusCode.OK);
        await (await guest.PostJsonAsync($"tasks/{own}/comments", new { text = "done soon" })).AssertStatusAsync(HttpStatusCode.Created);

        Assert.True(ticked.GetProperty("checked").GetBoolean());
        await (await guest.PutJsonAsync($"tasks/{own}/checklist/{entry}", new { title = "renamed" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PostJsonAsync($"tasks/{own}/checklist", new { title = "more" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PutJsonAsync($"tasks/{own}", new { title = "renamed" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.DeleteAsync($"tasks/{own}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PostJsonAsync("tasks", new { title = "new", targetParentId = project })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PostJsonAsync("tasks/tags", new { name = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Checklist_AddChangeListDelete()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, user) = await App.ApiClientAsync(cloud);
        var task = await CreateTaskAsync(client, await CreateProjectAsync(client, "P"), "t");

        var first = await (await client.PostJsonAsync($"tasks/{task}/checklist", new { title = "one" })).AssertJsonAsync(HttpStatusCode.Created);
        var second = await (await client.PostJsonAsync($"tasks/{task}/checklist", new { title = "two", assigneeId = user.Id })).AssertJsonAsync(HttpStatusCode.Created);
        var changed = await (await client.PutJsonAsync($"tasks/{task}/checklist/{first.Id()}", new { @checked = true, title = "one!" }))
            .AssertJsonAsync(HttpStatusCode.OK);
        var deleted = await (await client.DeleteAsync($"tasks/{task}/checklist/{second.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var list = await (await client.GetAsync($"tasks/{task}/checklist", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, first.GetProperty("position").GetInt32());
        Assert.Equal(2, second.GetProperty("position").GetInt32());
        Assert.Equal(task, first.GetProperty("taskId").GetGuid());
        Assert.Equal("one!", changed.GetProperty("title").GetString());
        Assert.True(changed.GetProperty("checked").GetBoolean());
        Assert.Equal(user.Id, deleted.GetProperty("assigneeId").GetGuid());
        Assert.Equal([first.Id()], list.EnumerateArray().Select(e => e.Id()));
        await (await client.DeleteAsync($"tasks/{task}/checklist/{second.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TaskTags_CanBeCreatedPutOnAndTakenOff()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await CreateTaskAsync(client, await CreateProjectAsync(client, "P"), "t");
        var tag = (await (await client.PostJsonAsync("tasks/tags", new { name = "urgent" })).AssertJsonAsync(HttpStatusCode.Created)).Id();

        var tagged = await (await client.PutJsonAsync($"tasks/{task}/tags", new[] { tag })).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"tasks/{task}/tags/{tag}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var after = await (await client.GetAsync($"tasks/{task}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([tag], tagged.EnumerateArray().Select(t => t.Id()));
        Assert.Equal(0, after.GetArrayLength());
    }

    [Fact]
    public async Task MoveTask_IntoAPackage_ToTheRoot_AndToAnotherProject_KeepsTheStructureRight()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var source = await CreateProjectAsync(client, "S");
        var target = await CreateProjectAsync(client, "T");
        var package = await CreatePackageAsync(client, source, "pk");
        var foreignPackage = await CreatePackageAsync(client, target, "other");
        var task = await CreateTaskAsync(client, source, "t");

        var intoPackage = await (await client.PutJsonAsync($"tasks/{task}/package", new { packageId = package })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(package, intoPackage.GetProperty("parentPackageId").GetGuid());
        Assert.Equal("S[pk[t]]", await StructureAsync(client, source));

        await (await client.PutJsonAsync($"tasks/{task}/package", new { packageId = foreignPackage })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.DeleteAsync($"tasks/{task}/package", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("S[pk,t]", await StructureAsync(client, source));

        await (await client.PutJsonAsync($"tasks/{task}/package", new { packageId = package })).AssertStatusAsync(HttpStatusCode.OK);
        var moved = await (await client.PutJsonAsync($"tasks/{task}/project", new { projectId = target })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(target, moved.GetProperty("projectId").GetGuid());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("parentPackageId").ValueKind);
        Assert.Equal("S[pk]", await StructureAsync(client, source));
        Assert.Equal("T[other,t]", await StructureAsync(client, target));

        await (await client.DeleteAsync($"tasks/{task}/project", Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.PutJsonAsync($"tasks/{task}/project", new { projectId = Guid.NewGuid() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var byProject = await (await client.GetAsync($"tasks/by-project/{target}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([task], byProject.EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task TaskConnections_AreAddedListedAndRemoved_AndSelfOrUnknownIdsAre422()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var a = await CreateTaskAsync(client, project, "a");
        var b = await CreateTaskAsync(client, project, "b");
        var c = await CreateTaskAsync(client, project, "c");

        var connected = await (await client.PutJsonAsync($"tasks/{a}/task_connections", new[] { b })).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"tasks/{a}/task_connections", new { taskIds = new[] { c, b } })).AssertStatusAsync(HttpStatusCode.OK);
        var self = await (await client.PutJsonAsync($"tasks/{a}/task_connections", new[] { a })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var unknown = await (await client.PutJsonAsync($"tasks/{a}/task_connections", new[] { Guid.NewGuid() }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var removed = await (await client.DeleteAsync($"tasks/{a}/task_connections/{b}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var list = await (await client.GetAsync($"tasks/{a}/task_connections", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([b], connected.EnumerateArray().Select(x => x.GetProperty("connectedTaskId").GetGuid()));
        Assert.Equal("self", self.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("unknown_task", unknown.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(b, removed.GetProperty("connectedTaskId").GetGuid());
        Assert.Equal([c], list.EnumerateArray().Select(x => x.GetProperty("connectedTaskId").GetGuid()));
        await (await client.DeleteAsync($"tasks/{a}/task_connections/{b}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task DeleteTask_ReturnsIt_AndItIsGoneWithItsComments()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var task = await CreateTaskAsync(client, project, "t");
        var other = await CreateTaskAsync(client, project, "other");
        await (await client.PostJsonAsync($"tasks/{task}/comments", new { text = "hi" })).AssertStatusAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"tasks/{other}/task_connections", new[] { task })).AssertStatusAsync(HttpStatusCode.OK);

        var deleted = await (await client.DeleteAsync($"tasks/{task}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("t", deleted.GetProperty("title").GetString());
        await (await client.GetAsync($"tasks/{task}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Comments.CountAsync(Ct)));
        var connections = await (await client.GetAsync($"tasks/{other}/task_connections", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, connections.GetArrayLength());
    }

    [Fact]
    public async Task TaskComments_AreListedAndFetched()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await CreateTaskAsync(client, await CreateProjectAsync(client, "P"), "t");

        var comment = await (await client.PostJsonAsync($"tasks/{task}/comments", new { text = "hello" })).AssertJsonAsync(HttpStatusCode.Created);
        var one = await (await client.GetAsync($"tasks/{task}/comments/{comment.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("task", one.GetProperty("referenceType").GetString());
        Assert.Equal(task, one.GetProperty("referenceId").GetGuid());
    }

    [Fact]
    public async Task LinkCompanyToTask_AnswersTheTaskWithTheCompany()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await CreateTaskAsync(client, await CreateProjectAsync(client, "P"), "t");
        var company = new Company { Name = "Acme" };
        await App.InCloudAsync(cloud.Id, async db =>
        {
            db.Companies.Add(company);
            return await db.SaveChangesAsync(Ct);
        });

        var linked = await (await client.PutJsonAsync($"tasks/{task}/company", new { companyId = company.Id })).AssertJsonAsync(HttpStatusCode.OK);
        var unlinked = await (await client.DeleteAsync($"tasks/{task}/company", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(company.Id, linked.GetProperty("companyId").GetGuid());
        Assert.Equal(JsonValueKind.Null, unlinked.GetProperty("companyId").ValueKind);
    }
}

public sealed class TasksApiTestsOnSqlite(SqliteApp app) : TasksApiTests(app), IClassFixture<SqliteApp>;

public sealed class TasksApiTestsOnPostgres(PostgresApp app) : TasksApiTests(app), IClassFixture<PostgresApp>;
