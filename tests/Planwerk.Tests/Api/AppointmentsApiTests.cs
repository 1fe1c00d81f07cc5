using System.Net;
using System.Text.Json;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>Appointments through the Core API (docs/api.md, "Appointments").</summary>
public abstract class AppointmentsApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AnAppointment_IsCreatedReadChangedAndDeleted_AsFactroSpellsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);

        using var createdResponse = await client.PostJsonAsync("appointments", new
        {
            subject = "  Kick-off  ", description = "Agenda", location = "Room 1", distance = 12.5,
            startDate = "2026-12-01T10:00:00+01:00", endDate = "2026-12-01T11:30:00+01:00",
        });
        var created = await createdResponse.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/core/appointments/{created.Id()}", createdResponse.Headers.Location?.ToString());
        Assert.Equal(["id", "subject", "description", "location", "distance", "duration", "employeeId", "referencedTaskId", "startDate", "endDate",
            "creatorId", "creationDate", "changeDate", "mandantId"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Kick-off", created.GetProperty("subject").GetString());
        Assert.Equal(12.5, created.GetProperty("distance").GetDouble());
        Assert.Equal(1.5, created.GetProperty("duration").GetDouble());
        Assert.Equal(owner.Id, created.GetProperty("employeeId").GetGuid()); // default: the caller
        Assert.Equal(owner.Id, created.GetProperty("creatorId").GetGuid());
        Assert.Equal("2026-12-01T09:00:00.000Z", created.GetProperty("startDate").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("referencedTaskId").ValueKind);
        Assert.Equal(cloud.Id, created.GetProperty("mandantId").GetGuid());

        var onTask = await (await client.PostJsonAsync("appointments", new { referencedTaskId = task, startDate = "2026-12-02T08:00:00Z", endDate = "2026-12-02T08:00:00Z" }))
            .AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(task, onTask.GetProperty("referencedTaskId").GetGuid());
        Assert.Equal(JsonValueKind.Null, onTask.GetProperty("subject").ValueKind);
        Assert.Equal(0, onTask.GetProperty("duration").GetDouble());

        var fetched = await (await client.GetAsync($"appointments/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Room 1", fetched.GetProperty("location").GetString());
        var changed = await (await client.PutJsonAsync($"appointments/{created.Id()}", new { endDate = "2026-12-01T13:00:00Z", location = (string?)null, referencedTaskId = task }))
            .AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, changed.GetProperty("duration").GetDouble());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("location").ValueKind);
        Assert.Equal("Kick-off", changed.GetProperty("subject").GetString()); // not sent, left alone
        // With a task, the subject may go; without either it may not.
        await (await client.PutJsonAsync($"appointments/{created.Id()}", new { subject = "" })).AssertStatusAsync(HttpStatusCode.OK);
        var problem = await (await client.PutJsonAsync($"appointments/{created.Id()}", new { referencedTaskId = (Guid?)null })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/referencedTaskId", Pointer(problem));

        var deleted = await (await client.DeleteAsync($"appointments/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), deleted.Id());
        await (await client.GetAsync($"appointments/{created.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([onTask.Id()], (await (await client.GetAsync("appointments", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()));
    }

    [Fact]
    public async Task TheList_FiltersByUserTaskAndTheTimeRangeTheAppointmentsOverlap()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var task = await TaskAsync(client);
        var morning = await CreateAsync(client, new { subject = "Morning", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T10:00:00Z" });
        var evening = await CreateAsync(client, new { subject = "Evening", employeeId = ann.Id, referencedTaskId = task, startDate = "2026-12-01T18:00:00Z", endDate = "2026-12-01T20:00:00Z" });
        var nextDay = await CreateAsync(client, new { subject = "Next", startDate = "2026-12-02T08:00:00Z", endDate = "2026-12-02T09:00:00Z" });

        // Lists are in id order; ids made in one millisecond are not in creation order, so the sets are compared.
        async Task<List<Guid>> ListAsync(string query) =>
            (await (await client.GetAsync($"appointments{query}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()).Order().ToList();
        static List<Guid> Set(params Guid[] items) => items.Order().ToList();

        Assert.Equal(Set(morning, evening, nextDay), await ListAsync(""));
        Assert.Equal(Set(morning, nextDay), await ListAsync($"?employeeId={owner.Id}"));
        Assert.Equal([evening], await ListAsync($"?referencedTaskId={task}"));
        Assert.Equal(Set(morning, evening), await ListAsync("?from=2026-12-01T09:00:00Z&to=2026-12-01T23:59:59Z")); // overlapping, not only starting in it
        Assert.Equal(Set(evening, nextDay), await ListAsync("?from=2026-12-01T19:00:00Z"));
        Assert.Equal(Set(morning, evening), await ListAsync("?to=2026-12-01")); // a date: the whole day
        Assert.Equal(Set(nextDay), await ListAsync("?from=2026-12-02"));
        await (await client.GetAsync("appointments?from=yesterday", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await client.GetAsync("appointments?employeeId=abc", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Theory]
    [InlineData("""{"startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/subject", "required")]
    [InlineData("""{"subject":"  ","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/subject", "required")]
    [InlineData("""{"subject":"x","endDate":"2026-12-01T11:00:00Z"}""", "/startDate", "required")]
    [InlineData("""{"subject":"x","startDate":"2026-12-01T10:00:00Z"}""", "/endDate", "required")]
    [InlineData("""{"subject":"x","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T09:59:59Z"}""", "/endDate", "before_start")]
    [InlineData("""{"subject":"@501","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/subject", "too_long")]
    [InlineData("""{"subject":"x","distance":-1,"startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/distance", "out_of_range")]
    [InlineData("""{"referencedTaskId":"@unknown","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/referencedTaskId", "unknown_task")]
    [InlineData("""{"subject":"x","employeeId":"@unknown","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/employeeId", "unknown_user")]
    [InlineData("""{"subject":"x","employeeId":"@deactivated","startDate":"2026-12-01T10:00:00Z","endDate":"2026-12-01T11:00:00Z"}""", "/employeeId", "unknown_user")]
    public async Task ABadAppointment_Is422NamingTheField_AndNothingIsWritten(string body, string pointer, string code)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var gone = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        await (await client.DeleteAsync($"users/{gone.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        body = body.Replace("@501", new string('y', 501), StringComparison.Ordinal).Replace("@unknown", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("@deactivated", gone.Id.ToString(), StringComparison.Ordinal);

        var problem = await (await SendAsync(client, HttpMethod.Post, "appointments", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(pointer, Pointer(problem));
        Assert.Equal(code, problem.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
    }

    [Fact]
    public async Task ATaskTheCallerCannotSee_IsAnUnknownTask_AndAnotherCloudsAppointmentIs404()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (theirs, _) = await App.ApiClientAsync(other);
        var (bob, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var hidden = await TaskAsync(admin);
        await (await admin.PutJsonAsync($"tasks/{hidden}/read_rights", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK); // now only ann (and planners) see it
        var theirTask = await TaskAsync(theirs);
        var theirAppointment = await CreateAsync(theirs, new { subject = "Theirs", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        var before = await CloudFingerprint.TakeAsync(App, other.Id, Ct);

        foreach (var (client, task) in new[] { (bob, hidden), (admin, theirTask) })
        {
            var problem = await (await client.PostJsonAsync("appointments", new { referencedTaskId = task, startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" }))
                .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Equal("/referencedTaskId", Pointer(problem));
            Assert.Equal("unknown_task", problem.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        foreach (var response in new[]
        {
            await admin.GetAsync($"appointments/{theirAppointment}", Ct),
            await admin.PutJsonAsync($"appointments/{theirAppointment}", new { subject = "Mine" }),
            await admin.DeleteAsync($"appointments/{theirAppointment}", Ct),
        })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.DoesNotContain("Theirs", problem.GetRawText(), StringComparison.Ordinal);
        }

        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, other.Id, Ct)));
    }

    [Fact]
    public async Task AnAppointmentOnATaskTheReaderCannotSee_IsShownWithoutTheTask_AndKeepsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (bob, bobUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var (ann, annUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var hidden = await TaskAsync(admin);
        var open = await TaskAsync(admin);
        await (await admin.PutJsonAsync($"tasks/{hidden}/read_rights", new { employeeId = annUser.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var onHidden = await CreateAsync(admin, new { subject = "Review", employeeId = bobUser.Id, referencedTaskId = hidden, startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        var onOpen = await CreateAsync(admin, new { employeeId = bobUser.Id, referencedTaskId = open, startDate = "2026-12-01T10:00:00Z", endDate = "2026-12-01T11:00:00Z" });

        JsonElement Find(JsonElement list, Guid id) => list.EnumerateArray().Single(a => a.Id() == id);
        foreach (var page in new[] { "appointments", "appointments?limit=10" }) // streamed and paged
        {
            var bobs = await (await bob.GetAsync(page, Ct)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal(JsonValueKind.Null, Find(bobs, onHidden).GetProperty("referencedTaskId").ValueKind);
            Assert.Equal(open, Find(bobs, onOpen).GetProperty("referencedTaskId").GetGuid());
            var anns = await (await ann.GetAsync(page, Ct)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal(hidden, Find(anns, onHidden).GetProperty("referencedTaskId").GetGuid());
        }

        Assert.Equal(JsonValueKind.Null, (await (await bob.GetAsync($"appointments/{onHidden}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("referencedTaskId").ValueKind);
        Assert.Empty((await (await bob.GetAsync($"appointments?referencedTaskId={hidden}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray()); // no oracle
        Assert.Equal([onHidden], (await (await ann.GetAsync($"appointments?referencedTaskId={hidden}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()));

        // Bob changes his appointment without seeing the task; it keeps the task, and his answer still leaves it out.
        var changed = await (await bob.PutJsonAsync($"appointments/{onHidden}", new { subject = "Review, moved", startDate = "2026-12-01T07:00:00Z" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("referencedTaskId").ValueKind);
        await (await bob.PutJsonAsync($"appointments/{onHidden}", new { subject = "" })).AssertStatusAsync(HttpStatusCode.OK); // the (hidden) task still carries it
        var seen = await (await admin.GetAsync($"appointments/{onHidden}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(hidden, seen.GetProperty("referencedTaskId").GetGuid());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("subject").ValueKind);
        var deleted = await (await bob.DeleteAsync($"appointments/{onHidden}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("referencedTaskId").ValueKind);
    }

    [Fact]
    public async Task TheBatches_WorkPerItem_AFailedItemWritesNothing_AndTheOthersStand()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var kept = await CreateAsync(client, new { subject = "Kept", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });

        var created = await (await client.PostJsonAsync("appointments/appointments", new object[]
        {
            new { subject = "One", startDate = "2026-12-03T08:00:00Z", endDate = "2026-12-03T09:00:00Z" },
            new { subject = "Bad", startDate = "2026-12-03T08:00:00Z", endDate = "2026-12-03T07:00:00Z" },
            new { subject = "Two", startDate = "2026-12-04T08:00:00Z", endDate = "2026-12-04T09:00:00Z" },
        })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([201, 422, 201], created.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("/1/endDate", created[1].GetProperty("error").GetProperty("errors")[0].GetProperty("pointer").GetString());
        var one = created[0].GetProperty("item").Id();

        var updated = await (await client.PutJsonAsync("appointments/appointments", new object[]
        {
            new { id = one, subject = "One, moved", startDate = "2026-12-05T08:00:00Z", endDate = "2026-12-05T10:00:00Z" },
            new { id = Guid.NewGuid(), subject = "Nobody" },
            new { id = kept, endDate = "2026-11-01T00:00:00Z" },
        })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([200, 404, 422], updated.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(2, updated[0].GetProperty("item").GetProperty("duration").GetDouble());

        var subjects = (await (await client.GetAsync("appointments", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray()
            .Select(a => a.GetProperty("subject").GetString()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["Kept", "One, moved", "Two"], subjects);
        Assert.Equal("2026-12-01T09:00:00.000Z", (await (await client.GetAsync($"appointments/{kept}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("endDate").GetString());
    }

    [Fact]
    public async Task MembersKeepTheirOwn_PlannersEveryones_AndGuestsReadOnlyTheirOwn()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, adminUser) = await App.ApiClientAsync(cloud);
        var (basic, basicUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var (planner, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var adminsOwn = await CreateAsync(admin, new { subject = "Admin's", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        var guestsOwn = await CreateAsync(admin, new { subject = "Guest's", employeeId = guestUser.Id, startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        // Basic users read everyone's, but keep only their own.
        Assert.Equal(2, (await (await basic.GetAsync("appointments", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        await (await basic.PutJsonAsync($"appointments/{adminsOwn}", new { subject = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await basic.DeleteAsync($"appointments/{adminsOwn}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await basic.PostJsonAsync("appointments", new { subject = "For admin", employeeId = adminUser.Id, startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        // Guests read their own only, and write nothing.
        var guestList = await (await guest.GetAsync("appointments", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([guestsOwn], guestList.EnumerateArray().Select(a => a.Id()));
        await (await guest.GetAsync($"appointments/{adminsOwn}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await guest.PutJsonAsync($"appointments/{guestsOwn}", new { subject = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PostJsonAsync("appointments", new { subject = "x", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

        var own = await CreateAsync(basic, new { subject = "Basic's", startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        await (await basic.PutJsonAsync($"appointments/{own}", new { employeeId = adminUser.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden"); // giving it away is keeping another's
        await (await planner.PutJsonAsync($"appointments/{own}", new { subject = "Moved by a planner", employeeId = adminUser.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var moved = await (await basic.GetAsync($"appointments/{own}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(adminUser.Id, moved.GetProperty("employeeId").GetGuid());
        Assert.Equal(basicUser.Id, moved.GetProperty("creatorId").GetGuid());
        await (await planner.DeleteAsync($"appointments/{own}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EveryChange_SendsItsWebhookAction_AndDeletingTheTaskKeepsTheAppointment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var actions = (await (await client.GetAsync("webhooks/actions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()).ToList();
        string[] appointmentActions = ["AppointmentCreated", "AppointmentUpdated", "AppointmentDeleted"];
        Assert.All(appointmentActions, a => Assert.Contains(a, actions));
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = appointmentActions })).AssertStatusAsync(HttpStatusCode.Created);
        var task = await TaskAsync(client);

        var id = await CreateAsync(client, new { subject = "Call", referencedTaskId = task, startDate = "2026-12-01T08:00:00Z", endDate = "2026-12-01T09:00:00Z" });
        await (await client.PutJsonAsync($"appointments/{id}", new { subject = "Call back" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"appointments/{id}", new { subject = "Call back" })).AssertStatusAsync(HttpStatusCode.OK); // no change, no event
        await (await client.DeleteAsync($"tasks/{task}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var kept = await (await client.GetAsync($"appointments/{id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("referencedTaskId").ValueKind);
        await (await client.DeleteAsync($"appointments/{id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var events = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(["AppointmentCreated", "AppointmentUpdated", "AppointmentDeleted"], events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal("appointment", e.GetProperty("context").GetProperty("entityType").GetString());
            Assert.Equal(id, e.GetProperty("context").GetProperty("entityId").GetGuid());
        });
        var changes = events[1].GetProperty("context").GetProperty("changes");
        Assert.Equal("Call", changes.GetProperty("subject").GetProperty("old").GetString());
        Assert.Equal("Call back", changes.GetProperty("subject").GetProperty("new").GetString());
        var contract = await OpenApiContractHandler.ForAsync(App);
        Assert.All(receiver.Requests, r => contract.CheckSchema("WebhookEventPayload", r.Text));
    }

    private static async Task<Guid> TaskAsync(HttpClient client)
    {
        var project = (await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        return (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
    }

    private static async Task<Guid> CreateAsync(HttpClient client, object body) =>
        (await (await client.PostJsonAsync("appointments", body)).AssertJsonAsync(HttpStatusCode.Created)).Id();

    private static string? Pointer(JsonElement problem) => problem.GetProperty("errors")[0].GetProperty("pointer").GetString();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, Ct);
    }
}

public sealed class AppointmentsApiTestsOnSqlite(SqliteApp app) : AppointmentsApiTests(app), IClassFixture<SqliteApp>;

public sealed class AppointmentsApiTestsOnPostgres(PostgresApp app) : AppointmentsApiTests(app), IClassFixture<PostgresApp>;
