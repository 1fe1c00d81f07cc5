using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

public abstract class WorkRecordsApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Theory]
    [InlineData(Plan.Basic)]
    [InlineData(Plan.Team)]
    [InlineData(Plan.Business)]
    public async Task ListWorkRecords_OnAPlanWithoutTimeTracking_Is403PlanFeatureUnavailable(Plan plan)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var (client, _) = await App.ApiClientAsync(cloud);

        var problem = await (await client.GetAsync("work-records", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        Assert.Equal("work_records", problem.GetProperty("feature").GetString());
        Assert.Equal(plan.ToWire(), problem.GetProperty("currentPlan").GetString());
        Assert.Equal(["professional"], problem.GetProperty("requiredPlans").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task ListWorkRecords_OnProfessional_Is200WithAPlainArray()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(cloud);

        var list = await (await client.GetAsync("work-records", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Array, list.ValueKind);
    }

    [Fact]
    public async Task OnTeam_EveryWorkRecordRoute_IsRefusedByPlanBeforeRightsAndInput()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);

        await (await guest.PostAsync("work-records", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), Ct))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
        await (await guest.GetAsync($"work-records/{Guid.NewGuid()}/comments", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
        await (await guest.PutJsonAsync("work-records/work-records", new object[] { new { minutesWorked = 0 } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
    }

    [Fact]
    public async Task GuestRights_GetsForbiddenOnWorkRecords()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);

        await (await guest.GetAsync("work-records", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task BookingOnATask_RaisesItsRealizedEffort_SetsRemainingEffort_AndChangesAndDeletionAdjustIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, user) = await App.ApiClientAsync(cloud);
        var (_, taskId) = await CreateProjectWithTaskAsync(cloud, "Write the manual");

        var created = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", startTime = "09:00", endTime = "10:30", utcOffset = 60, minutesWorked = 90,
            bookedOnReferenceId = taskId, bookedOnReferenceType = "task", remainingTaskEffort = 120, isBillable = true,
        })).AssertJsonAsync(HttpStatusCode.Created);

        Assert.Equal(90, await RealizedEffortAsync(cloud, taskId));
        Assert.Equal(120, await App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.RemainingEffort).SingleAsync(Ct)));
        Assert.Equal("#1 Write the manual", created.GetProperty("title").GetString());
        Assert.Equal("2026-11-27", created.GetProperty("startDate").GetString());
        Assert.Equal("09:00", created.GetProperty("startTime").GetString());
        Assert.Equal("10:30", created.GetProperty("endTime").GetString());
        Assert.Equal(user.Id, created.GetProperty("workEmployeeId").GetGuid());
        Assert.Equal(user.Id, created.GetProperty("creatorEmployeeId").GetGuid());
        Assert.Equal("task", created.GetProperty("bookedOnReferenceType").GetString());
        Assert.Equal(App.Time.GetUtcNow().ToUnixTimeMilliseconds(), created.GetProperty("createdAt").GetInt64());
        Assert.Equal(cloud.Id, created.GetProperty("mandantId").GetGuid());

        await (await client.PutJsonAsync($"work-records/{created.Id()}", new { minutesWorked = 30 })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(30, await RealizedEffortAsync(cloud, taskId));

        var deleted = await (await client.DeleteAsync($"work-records/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), deleted.Id());
        Assert.Equal(0, await RealizedEffortAsync(cloud, taskId));
        await (await client.GetAsync($"work-records/{created.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task BookingOnAMissingTask_OrEndTimeBeforeStartTime_Is422AndWritesNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (_, taskId) = await CreateProjectWithTaskAsync(cloud, "T");

        var missing = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", utcOffset = 0, minutesWorked = 10, bookedOnReferenceId = Guid.NewGuid(), bookedOnReferenceType = "task",
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var backwards = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", startTime = "12:00", endTime = "11:00", utcOffset = 0, minutesWorked = 10,
            bookedOnReferenceId = taskId, bookedOnReferenceType = "task",
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var tooLong = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", utcOffset = 0, minutesWorked = 1440 * 31 + 1, bookedOnReferenceId = taskId, bookedOnReferenceType = "task",
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("/bookedOnReferenceId", missing.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal("/endTime", backwards.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal("/minutesWorked", tooLong.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WorkRecords.CountAsync(Ct)));
        Assert.Equal(0, await RealizedEffortAsync(cloud, taskId));
    }

    [Fact]
    public async Task BasicRights_SeesAndChangesOnlyOwnRecords_AndMayNotBookForOthers()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (admin, adminUser) = await App.ApiClientAsync(cloud);
        var (worker, workerUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var (projectId, _) = await CreateProjectWithTaskAsync(cloud, "T");
        object Booking(Guid? employee = null) => new
        {
            startDate = "2026-11-27", utcOffset = 0, minutesWorked = 15, bookedOnReferenceId = projectId, bookedOnReferenceType = "project",
            workEmployeeId = employee,
        };

        var adminsRecord = await (await admin.PostJsonAsync("work-records", Booking(adminUser.Id))).AssertJsonAsync(HttpStatusCode.Created);
        var bookedForWorker = await (await admin.PostJsonAsync("work-records", Booking(workerUser.Id))).AssertJsonAsync(HttpStatusCode.Created);
        var own = await (await worker.PostJsonAsync("work-records", Booking())).AssertJsonAsync(HttpStatusCode.Created);

        var seen = await (await worker.GetAsync("work-records", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(new[] { bookedForWorker.Id(), own.Id() }.Order(), seen.EnumerateArray().Select(r => r.Id()).Order());
        Assert.Equal(3, (await (await admin.GetAsync($"work-records/by-project/{projectId}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        await (await worker.GetAsync($"work-records/{adminsRecord.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.PutJsonAsync($"work-records/{adminsRecord.Id()}", new { minutesWorked = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await worker.PostJsonAsync("work-records", Booking(adminUser.Id))).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await worker.PutJsonAsync($"work-records/{own.Id()}", new { minutesWorked = 20 })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(15 + 15 + 20, await App.InCloudAsync(cloud.Id, db => db.Projects.Where(p => p.Id == projectId).Select(p => p.RealizedEffort).SingleAsync(Ct)));
    }

    [Fact]
    public async Task ListWorkRecords_FiltersOnStartDateInclusive()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (projectId, _) = await CreateProjectWithTaskAsync(cloud, "T");
        foreach (var day in new[] { "2026-11-01", "2026-11-15", "2026-11-30" })
        {
            await (await client.PostJsonAsync("work-records", new { startDate = day, utcOffset = 0, minutesWorked = 5, bookedOnReferenceId = projectId, bookedOnReferenceType = "project" }))
                .AssertStatusAsync(HttpStatusCode.Created);
        }

        var filtered = await (await client.GetAsync("work-records?startDate=2026-11-15&endDate=2026-11-30", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(["2026-11-15", "2026-11-30"], filtered.EnumerateArray().Select(r => r.GetProperty("startDate").GetString()).Order());
        await (await client.GetAsync("work-records?startDate=15.11.2026", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task BatchBooking_IsAllOrNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (_, taskId) = await CreateProjectWithTaskAsync(cloud, "T");
        object Booking(int minutes) => new { startDate = "2026-11-27", utcOffset = 0, minutesWorked = minutes, bookedOnReferenceId = taskId, bookedOnReferenceType = "task" };

        var problem = await (await client.PostJsonAsync("work-records/work-records", new[] { Booking(10), Booking(0) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/1/minutesWorked", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WorkRecords.CountAsync(Ct)));

        var created = await (await client.PostJsonAsync("work-records/work-records", new[] { Booking(10), Booking(20) })).AssertJsonAsync(HttpStatusCode.Created);
        var updated = await (await client.PutJsonAsync("work-records/work-records", created.EnumerateArray().Select(r => new { id = r.Id(), minutesWorked = 1 }).ToArray()))
            .AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, updated.GetArrayLength());
        Assert.Equal(2, await RealizedEffortAsync(cloud, taskId));
    }

    [Fact]
    public async Task WorkRecordComments_CanBeWrittenAndRead_ButNotDeleted_AndAreFoundByCommentId()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (projectId, _) = await CreateProjectWithTaskAsync(cloud, "T");
        var record = await (await client.PostJsonAsync("work-records", new { startDate = "2026-11-27", utcOffset = 0, minutesWorked = 5, bookedOnReferenceId = projectId, bookedOnReferenceType = "project" }))
            .AssertJsonAsync(HttpStatusCode.Created);

        var comment = await (await client.PostJsonAsync($"work-records/{record.Id()}/comments", new { text = "billed in December" })).AssertJsonAsync(HttpStatusCode.Created);
        var one = await (await client.GetAsync($"work-records/{record.Id()}/comments/{comment.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var byId = await (await client.GetAsync($"comments/{comment.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("billed in December", one.GetProperty("text").GetString());
        Assert.Equal("workRecord", byId.GetProperty("referenceType").GetString());
        Assert.Equal(record.Id(), byId.GetProperty("referenceId").GetGuid());
        await (await client.DeleteAsync($"work-records/{record.Id()}/comments/{comment.Id()}", Ct)).AssertStatusAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task CommentById_IsFoundWhereItsProjectIsVisible_AndIs404ForAGuestAndForAnotherCloud()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var (stranger, _) = await App.ApiClientAsync(await App.CreateCloudAsync(Plan.Team));
        var (projectId, _) = await CreateProjectWithTaskAsync(cloud, "T");
        var comment = await (await client.PostJsonAsync($"projects/{projectId}/comments", new { text = "hello" })).AssertJsonAsync(HttpStatusCode.Created);

        var found = await (await client.GetAsync($"comments/{comment.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("project", found.GetProperty("referenceType").GetString());
        Assert.Equal(projectId, found.GetProperty("referenceId").GetGuid());
        await (await guest.GetAsync($"comments/{comment.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.GetAsync($"comments/{comment.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    private Task<int> RealizedEffortAsync(TestCloud cloud, Guid taskId) =>
        App.InCloudAsync(cloud.Id, db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.RealizedEffort).SingleAsync(Ct));

    /// <summary>Tasks have no API on this branch yet; they are written straight to the database.</summary>
    private Task<(Guid ProjectId, Guid TaskId)> CreateProjectWithTaskAsync(TestCloud cloud, string taskTitle) =>
        App.InCloudAsync(cloud.Id, async db =>
        {
            var project = new Project { Title = "P", Number = await db.NextProjectNumberAsync(cloud.Id, Ct) };
            db.Projects.Add(project);
            var task = new ProjectTask { Title = taskTitle, ProjectId = project.Id, Number = await db.NextTaskNumberAsync(cloud.Id, Ct) };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(Ct);
            return (project.Id, task.Id);
        });
}

public sealed class WorkRecordsApiTestsOnSqlite(SqliteApp app) : WorkRecordsApiTests(app), IClassFixture<SqliteApp>;

public sealed class WorkRecordsApiTestsOnPostgres(PostgresApp app) : WorkRecordsApiTests(app), IClassFixture<PostgresApp>;
