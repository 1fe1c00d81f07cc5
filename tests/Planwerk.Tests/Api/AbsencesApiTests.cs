using System.Net;
using System.Text.Json;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>Absences through the Core API (docs/api.md, "Absences and substitutes").</summary>
public abstract class AbsencesApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AnAbsence_IsRecordedReadChangedAndDeleted_AsFactroSpellsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);

        using var createdResponse = await client.PostJsonAsync($"users/{ann.Id}/absences", new { startDate = "2026-12-21", endDate = "2026-12-31", type = "Unplanned", employeeId = owner.Id });
        var created = await createdResponse.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/core/users/absences/{created.Id()}", createdResponse.Headers.Location?.ToString());
        Assert.Equal(["id", "employeeId", "startDate", "endDate", "type", "mandantId"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal(ann.Id, created.GetProperty("employeeId").GetGuid()); // the path names the user
        Assert.Equal("2026-12-21", created.GetProperty("startDate").GetString());
        Assert.Equal("Unplanned", created.GetProperty("type").GetString());
        Assert.Equal(cloud.Id, created.GetProperty("mandantId").GetGuid());
        var planned = await (await client.PostJsonAsync($"users/{owner.Id}/absences", new { startDate = "2026-08-03", endDate = "2026-08-03" })).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Planned", planned.GetProperty("type").GetString()); // the default

        var changed = await (await client.PutJsonAsync($"users/absences/{created.Id()}", new { endDate = "2027-01-06", type = "Planned" })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2026-12-21", changed.GetProperty("startDate").GetString()); // not sent, left alone
        Assert.Equal("2027-01-06", changed.GetProperty("endDate").GetString());
        Assert.Equal("Planned", changed.GetProperty("type").GetString());

        var annsList = await (await client.GetAsync($"users/{ann.Id}/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([created.Id()], annsList.EnumerateArray().Select(a => a.Id()));
        var deleted = await (await client.DeleteAsync($"users/absences/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2027-01-06", deleted.GetProperty("endDate").GetString());
        await (await client.DeleteAsync($"users/absences/{created.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([planned.Id()], (await (await client.GetAsync("users/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()));
        await (await client.GetAsync($"users/{Guid.NewGuid()}/absences", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task TheList_FiltersByUserTypeAndTheDaysTheAbsencesOverlap()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var created = await (await client.PostJsonAsync("users/absences", new object[]
        {
            new { startDate = "2026-12-01", endDate = "2026-12-05" },
            new { startDate = "2026-12-04", endDate = "2026-12-04", type = "Unplanned", employeeId = ann.Id },
            new { startDate = "2026-12-10", endDate = "2026-12-12", employeeId = ann.Id },
        })).AssertJsonAsync(HttpStatusCode.Created);
        var ids = created.EnumerateArray().Select(a => a.Id()).ToList();
        Assert.Equal([owner.Id, ann.Id, ann.Id], created.EnumerateArray().Select(a => a.GetProperty("employeeId").GetGuid()));

        // Lists are in id order; ids made in one millisecond are not in creation order, so the sets are compared.
        async Task<List<Guid>> ListAsync(string url) =>
            (await (await client.GetAsync(url, Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()).Order().ToList();
        static List<Guid> Set(params Guid[] items) => items.Order().ToList();

        Assert.Equal(Set([.. ids]), await ListAsync("users/absences"));
        Assert.Equal(Set(ids[1], ids[2]), await ListAsync($"users/absences?employeeId={ann.Id}"));
        Assert.Equal(Set(ids[1], ids[2]), await ListAsync($"users/{ann.Id}/absences"));
        Assert.Equal([ids[1]], await ListAsync("users/absences?type=Unplanned"));
        Assert.Equal(Set(ids[0], ids[1]), await ListAsync("users/absences?from=2026-12-04&to=2026-12-09")); // overlapping, both days included
        Assert.Equal([ids[0]], await ListAsync("users/absences?from=2026-12-05&to=2026-12-09"));
        Assert.Equal([ids[2]], await ListAsync($"users/{ann.Id}/absences?from=2026-12-06"));
        await (await client.GetAsync("users/absences?type=Holiday", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await client.GetAsync("users/absences?to=12/09/2026", Ct)).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
    }

    [Fact]
    public async Task TheBatches_AreAtomic_OneBadItemWritesNothing_AndIsNamedByItsIndex()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var gone = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        await (await client.DeleteAsync($"users/{gone.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var existing = (await (await client.PostJsonAsync("users/absences", new[] { new { startDate = "2026-12-01", endDate = "2026-12-02" } })).AssertJsonAsync(HttpStatusCode.Created))[0].Id();
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        foreach (var (body, pointer, code) in new (object Body, string Pointer, string Code)[]
        {
            (new object[] { new { startDate = "2026-12-01", endDate = "2026-12-02" }, new { startDate = "2026-12-05", endDate = "2026-12-04" } }, "/1/endDate", "before_start"),
            (new object[] { new { startDate = "2026-12-01", endDate = "2026-12-02" }, new { endDate = "2026-12-04" } }, "/1/startDate", "required"),
            (new object[] { new { startDate = "2026-12-01" }, new { startDate = "2026-12-01", endDate = "2026-12-02" } }, "/0/endDate", "required"),
            (new object[] { new { startDate = "2026-12-01", endDate = "2026-12-02" }, new { startDate = "2026-12-01", endDate = "2026-12-02", employeeId = gone.Id } }, "/1/employeeId", "unknown_user"),
            (new object[] { new { startDate = "2026-12-01", endDate = "2026-12-02", type = (string?)null } }, "/0/type", "required"),
        })
        {
            var problem = await (await client.PostJsonAsync("users/absences", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Equal(pointer, Pointer(problem));
            Assert.Equal(code, problem.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        var update = await (await client.PutJsonAsync("users/absences", new object[]
        {
            new { id = existing, endDate = "2026-12-09" },
            new { id = existing, startDate = "2026-12-10" },
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/1/endDate", Pointer(update)); // the first item's new end is the second's old one: still all or none
        await (await client.PutJsonAsync("users/absences", new object[] { new { id = existing, endDate = "2026-12-09" }, new { id = Guid.NewGuid(), endDate = "2026-12-09" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync("users/absences", new[] { new { startDate = "2026-13-01", endDate = "2026-12-02" } })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await client.PostJsonAsync("users/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request"); // a batch is an array
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

        var changed = await (await client.PutJsonAsync("users/absences", new object[] { new { id = existing, endDate = "2026-12-09", type = "Unplanned" } })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("2026-12-09", changed[0].GetProperty("endDate").GetString());
    }

    [Fact]
    public async Task MembersKeepTheirOwn_AllRightsEveryones_AndGuestsReadOnlyTheirOwn()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, adminUser) = await App.ApiClientAsync(cloud);
        var (planner, plannerUser) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var adminsOwn = (await (await admin.PostJsonAsync($"users/{adminUser.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var guestsOwn = (await (await admin.PostJsonAsync($"users/{guestUser.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        Assert.Equal(2, (await (await planner.GetAsync("users/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        await (await planner.PutJsonAsync($"users/absences/{adminsOwn}", new { type = "Unplanned" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await planner.DeleteAsync($"users/absences/{adminsOwn}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await planner.PostJsonAsync($"users/{adminUser.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        // One item for someone else refuses the whole batch.
        await (await planner.PostJsonAsync("users/absences", new object[]
        {
            new { startDate = "2026-12-01", endDate = "2026-12-02" }, new { startDate = "2026-12-01", endDate = "2026-12-02", employeeId = adminUser.Id },
        })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal([guestsOwn], (await (await guest.GetAsync("users/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()));
        Assert.Equal([guestsOwn], (await (await guest.GetAsync($"users/{guestUser.Id}/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.Id()));
        await (await guest.GetAsync($"users/{adminUser.Id}/absences", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await guest.PutJsonAsync($"users/absences/{guestsOwn}", new { type = "Unplanned" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

        var own = (await (await planner.PostJsonAsync("users/absences", new[] { new { startDate = "2026-12-01", endDate = "2026-12-02" } })).AssertJsonAsync(HttpStatusCode.Created))[0];
        Assert.Equal(plannerUser.Id, own.GetProperty("employeeId").GetGuid());
        await (await planner.PutJsonAsync($"users/absences/{own.Id()}", new { type = "Unplanned" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"users/absences/{own.Id()}", new { employeeId = guestUser.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"users/absences/{own.Id()}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnotherCloudsAbsenceOrUser_Is404_AndStaysUnchanged()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (theirs, theirOwner) = await App.ApiClientAsync(other);
        var theirAbsence = (await (await theirs.PostJsonAsync($"users/{theirOwner.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var before = await CloudFingerprint.TakeAsync(App, other.Id, Ct);

        foreach (var response in new[]
        {
            await client.PutJsonAsync($"users/absences/{theirAbsence}", new { type = "Unplanned" }),
            await client.DeleteAsync($"users/absences/{theirAbsence}", Ct),
            await client.PutJsonAsync("users/absences", new[] { new { id = theirAbsence, type = "Unplanned" } }),
            await client.GetAsync($"users/{theirOwner.Id}/absences", Ct),
            await client.PostJsonAsync($"users/{theirOwner.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" }),
        })
        {
            await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var problem = await (await client.PostJsonAsync("users/absences", new[] { new { startDate = "2026-12-01", endDate = "2026-12-02", employeeId = theirOwner.Id } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/0/employeeId", Pointer(problem));
        Assert.Empty((await (await client.GetAsync("users/absences", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, other.Id, Ct)));
    }

    [Fact]
    public async Task EveryChange_SendsItsWebhookAction_WithTheAbsenceAsEntity()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var actions = (await (await client.GetAsync("webhooks/actions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()).ToList();
        string[] absenceActions = ["AbsenceCreated", "AbsenceUpdated", "AbsenceDeleted"];
        Assert.All(absenceActions, a => Assert.Contains(a, actions));
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = absenceActions })).AssertStatusAsync(HttpStatusCode.Created);

        var id = (await (await client.PostJsonAsync($"users/{owner.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PutJsonAsync($"users/absences/{id}", new { type = "Unplanned", endDate = "2026-12-03" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"users/absences/{id}", new { type = "Unplanned" })).AssertStatusAsync(HttpStatusCode.OK); // no change, no event
        await (await client.DeleteAsync($"users/absences/{id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var events = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(absenceActions, events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal("absence", e.GetProperty("context").GetProperty("entityType").GetString());
            Assert.Equal(id, e.GetProperty("context").GetProperty("entityId").GetGuid());
        });
        var changes = events[1].GetProperty("context").GetProperty("changes");
        Assert.Equal("Planned", changes.GetProperty("type").GetProperty("old").GetString()); // as the API spells it
        Assert.Equal("Unplanned", changes.GetProperty("type").GetProperty("new").GetString());
        Assert.Equal("2026-12-03", changes.GetProperty("endDate").GetProperty("new").GetString());
        var contract = await OpenApiContractHandler.ForAsync(App);
        Assert.All(receiver.Requests, r => contract.CheckSchema("WebhookEventPayload", r.Text));
    }

    private static string? Pointer(JsonElement problem) => problem.GetProperty("errors")[0].GetProperty("pointer").GetString();
}

public sealed class AbsencesApiTestsOnSqlite(SqliteApp app) : AbsencesApiTests(app), IClassFixture<SqliteApp>;

public sealed class AbsencesApiTestsOnPostgres(PostgresApp app) : AbsencesApiTests(app), IClassFixture<PostgresApp>;
