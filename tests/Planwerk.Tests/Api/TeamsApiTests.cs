using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>Teams and their members through the Core API (docs/api.md, "Teams").</summary>
public abstract class TeamsApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task ATeam_IsCreatedReadChangedAndDeleted_AsFactroSpellsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);

        using var createdResponse = await client.PostJsonAsync("teams", new { name = "  Design  ", color = "#3366CC" });
        var created = await createdResponse.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/core/teams/{created.Id()}", createdResponse.Headers.Location?.ToString());
        Assert.Equal(["id", "name", "color", "isActive", "mandantId"], created.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Design", created.GetProperty("name").GetString());
        Assert.Equal("#3366cc", created.GetProperty("color").GetString());
        Assert.True(created.GetProperty("isActive").GetBoolean());
        Assert.Equal(cloud.Id, created.GetProperty("mandantId").GetGuid());
        var plain = await (await client.PostJsonAsync("teams", new { name = "Ops" })).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("color").ValueKind);

        var fetched = await (await client.GetAsync($"teams/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Design", fetched.GetProperty("name").GetString());
        using var firstPage = await client.GetAsync("teams?limit=1", Ct);
        Assert.Equal([created.Id()], (await firstPage.AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
        Assert.Contains("rel=\"next\"", firstPage.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(2, (await (await client.GetAsync("teams", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());

        var renamed = await (await client.PutJsonAsync($"teams/{created.Id()}", new { name = "Product design", isActive = false }))
            .AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Product design", renamed.GetProperty("name").GetString());
        Assert.Equal("#3366cc", renamed.GetProperty("color").GetString()); // not sent, left alone
        Assert.False(renamed.GetProperty("isActive").GetBoolean());
        var cleared = await (await client.PutJsonAsync($"teams/{created.Id()}", new { color = (string?)null })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("color").ValueKind);

        var deleted = await (await client.DeleteAsync($"teams/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Product design", deleted.GetProperty("name").GetString());
        await (await client.GetAsync($"teams/{created.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([plain.Id()], (await (await client.GetAsync("teams", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task AddingAMember_AnswersTheMembership_AgainAnswersTheSameOne_AndRemovingTakesTheMembershipId()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var guest = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        var team = (await (await client.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();

        var membership = await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        var again = await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = guest.Id })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(["id", "teamId", "employeeId", "mandantId"], membership.EnumerateObject().Select(p => p.Name));
        Assert.Equal(team, membership.GetProperty("teamId").GetGuid());
        Assert.Equal(ann.Id, membership.GetProperty("employeeId").GetGuid());
        Assert.Equal(cloud.Id, membership.GetProperty("mandantId").GetGuid());
        Assert.NotEqual(ann.Id, membership.Id());
        Assert.Equal(membership.Id(), again.Id());
        var members = await (await client.GetAsync($"teams/{team}/members", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([ann.Id, guest.Id], members.EnumerateArray().Select(m => m.GetProperty("employeeId").GetGuid()));

        await (await client.DeleteAsync($"teams/{team}/members/{ann.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found"); // a user id is not a membership id
        var removed = await (await client.DeleteAsync($"teams/{team}/members/{membership.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(ann.Id, removed.GetProperty("employeeId").GetGuid());
        await (await client.DeleteAsync($"teams/{team}/members/{membership.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        members = await (await client.GetAsync($"teams/{team}/members", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([guest.Id], members.EnumerateArray().Select(m => m.GetProperty("employeeId").GetGuid()));
    }

    [Fact]
    public async Task DeletingATeam_RemovesItsMemberships_AndADeactivatedUserStaysAMember()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var doomed = (await (await client.PostJsonAsync("teams", new { name = "Doomed" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var kept = (await (await client.PostJsonAsync("teams", new { name = "Kept" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        foreach (var (team, user) in new[] { (doomed, ann.Id), (doomed, bob.Id), (kept, ann.Id) })
        {
            await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = user })).AssertStatusAsync(HttpStatusCode.OK);
        }

        await (await client.DeleteAsync($"teams/{doomed}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"users/{ann.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK); // deactivates

        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.TeamMembers.CountAsync(Ct)));
        var members = await (await client.GetAsync($"teams/{kept}/members", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([ann.Id], members.EnumerateArray().Select(m => m.GetProperty("employeeId").GetGuid()));
        // A deactivated user is not added anew, but a member already answers their membership.
        await (await client.PutJsonAsync($"teams/{kept}/members", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var other = (await (await client.PostJsonAsync("teams", new { name = "Other" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var problem = await (await client.PutJsonAsync($"teams/{other}/members", new { employeeId = ann.Id })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/employeeId", Pointer(problem));
        Assert.Equal("unknown_user", problem.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherCloudsTeamOrMembership_Is404_OnEveryTeamRoute_AndStaysUnchanged()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (theirs, _) = await App.ApiClientAsync(other);
        var theirUser = await App.CreateUserAsync(other, SecurityGroup.BasicRights);
        var theirTeam = (await (await theirs.PostJsonAsync("teams", new { name = "Theirs" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var theirMembership = (await (await theirs.PutJsonAsync($"teams/{theirTeam}/members", new { employeeId = theirUser.Id })).AssertJsonAsync(HttpStatusCode.OK)).Id();
        var ownTeam = (await (await client.PostJsonAsync("teams", new { name = "Ours" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var before = await CloudFingerprint.TakeAsync(App, other.Id, Ct);

        foreach (var response in new[]
        {
            await client.GetAsync($"teams/{theirTeam}", Ct),
            await client.PutJsonAsync($"teams/{theirTeam}", new { name = "Mine now" }),
            await client.DeleteAsync($"teams/{theirTeam}", Ct),
            await client.GetAsync($"teams/{theirTeam}/members", Ct),
            await client.PutJsonAsync($"teams/{theirTeam}/members", new { employeeId = theirUser.Id }),
            await client.DeleteAsync($"teams/{theirTeam}/members/{theirMembership}", Ct),
            await client.DeleteAsync($"teams/{ownTeam}/members/{theirMembership}", Ct),
        })
        {
            var problem = await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.DoesNotContain("Theirs", problem.GetRawText(), StringComparison.Ordinal);
        }

        // Their user is no user of ours: 422 at employeeId, as for an id that exists nowhere.
        foreach (var id in new[] { theirUser.Id, Guid.NewGuid() })
        {
            var problem = await (await client.PutJsonAsync($"teams/{ownTeam}/members", new { employeeId = id })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Equal("/employeeId", Pointer(problem));
            Assert.Equal("unknown_user", problem.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        Assert.DoesNotContain(theirTeam, (await (await client.GetAsync("teams", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, other.Id, Ct)));
    }

    [Theory]
    [InlineData("""{}""", "/name", "required")]
    [InlineData("""{"name":null}""", "/name", "required")]
    [InlineData("""{"name":"   "}""", "/name", "required")]
    [InlineData("""{"name":"@101"}""", "/name", "too_long")]
    [InlineData("""{"name":"Taken"}""", "/name", "duplicate")]
    [InlineData("""{"name":"New","color":"blue"}""", "/color", "invalid")]
    [InlineData("""{"name":"New","color":"#12345"}""", "/color", "invalid")]
    [InlineData("""{"name":"New","isActive":null}""", "/isActive", "required")]
    public async Task ABadTeam_Is422NamingTheField_AndNothingIsWritten(string body, string pointer, string code)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var taken = (await (await client.PostJsonAsync("teams", new { name = "Taken" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PostJsonAsync("teams", new { name = new string('x', 100) })).AssertStatusAsync(HttpStatusCode.Created); // the limit itself is fine
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        body = body.Replace("@101", new string('y', 101), StringComparison.Ordinal);

        var created = await (await SendAsync(client, HttpMethod.Post, "teams", body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal(pointer, Pointer(created));
        Assert.Equal(code, created.GetProperty("errors")[0].GetProperty("code").GetString());
        if (!body.Contains("Taken", StringComparison.Ordinal) && body != "{}")
        {
            var other = (await (await client.PostJsonAsync("teams", new { name = "Other" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
            before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
            var changed = await (await SendAsync(client, HttpMethod.Put, $"teams/{other}", body.Replace("\"New\"", "\"Other\"", StringComparison.Ordinal)))
                .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
            Assert.Equal(pointer, Pointer(changed));
        }
        else if (body.Contains("Taken", StringComparison.Ordinal))
        {
            // Keeping one's own name is no duplicate.
            await (await client.PutJsonAsync($"teams/{taken}", new { name = "Taken" })).AssertStatusAsync(HttpStatusCode.OK);
        }

        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
    }

    [Fact]
    public async Task AMemberWithoutOrWithAMalformedEmployeeId_IsRefused_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var team = (await (await client.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        Assert.Equal("/employeeId", Pointer(await (await SendAsync(client, HttpMethod.Put, $"teams/{team}/members", "{}")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed")));
        Assert.Equal("/employeeId", Pointer(await (await SendAsync(client, HttpMethod.Put, $"teams/{team}/members", """{"employeeId":null}""")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed")));
        Assert.Equal("/employeeId", Pointer(await (await SendAsync(client, HttpMethod.Put, $"teams/{team}/members", """{"employeeId":"abc"}""")).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request")));
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
    }

    [Fact]
    public async Task GuestsSeeNoTeams_MembersReadThem_OnlyAllRightsManageThem()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (owner, _) = await App.ApiClientAsync(cloud);
        var team = (await (await owner.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var (planner, plannerUser) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (admin, _) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);

        await (await guest.GetAsync("teams", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await planner.GetAsync($"teams/{team}/members", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await planner.PutJsonAsync($"teams/{team}/members", new { employeeId = plannerUser.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await planner.PostJsonAsync("teams", new { name = "Mine" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PutJsonAsync($"teams/{team}/members", new { employeeId = plannerUser.Id })).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EveryChange_SendsItsWebhookAction_WithTheTeamAsEntity()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        var actions = (await (await client.GetAsync("webhooks/actions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()).ToList();
        string[] teamActions = ["TeamCreated", "TeamUpdated", "TeamDeleted", "TeamMemberAdded", "TeamMemberRemoved"];
        Assert.All(teamActions, a => Assert.Contains(a, actions));
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = teamActions })).AssertStatusAsync(HttpStatusCode.Created);

        var team = (await (await client.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PutJsonAsync($"teams/{team}", new { name = "Crew 2", color = "#00ff00" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"teams/{team}", new { name = "Crew 2" })).AssertStatusAsync(HttpStatusCode.OK); // no change, no event
        var membership = (await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK)).Id();
        await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK); // already a member, no event
        await (await client.DeleteAsync($"teams/{team}/members/{membership}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"teams/{team}/members", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"teams/{team}", Ct)).AssertStatusAsync(HttpStatusCode.OK); // its membership goes without an event of its own
        await App.RunWebhookWorkerOnceAsync();

        var events = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(["TeamCreated", "TeamUpdated", "TeamMemberAdded", "TeamMemberRemoved", "TeamMemberAdded", "TeamDeleted"],
            events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal("team", e.GetProperty("context").GetProperty("entityType").GetString());
            Assert.Equal(team, e.GetProperty("context").GetProperty("entityId").GetGuid());
        });
        var renamed = events[1].GetProperty("context").GetProperty("changes");
        Assert.Equal("Crew", renamed.GetProperty("name").GetProperty("old").GetString());
        Assert.Equal("Crew 2", renamed.GetProperty("name").GetProperty("new").GetString());
        Assert.Equal("#00ff00", renamed.GetProperty("color").GetProperty("new").GetString());
        var added = events[2].GetProperty("context").GetProperty("changes");
        Assert.Equal(membership, added.GetProperty("teamMemberId").GetProperty("new").GetGuid());
        Assert.Equal(ann.Id, added.GetProperty("employeeId").GetProperty("new").GetGuid());
        var removed = events[3].GetProperty("context").GetProperty("changes");
        Assert.Equal(membership, removed.GetProperty("teamMemberId").GetProperty("old").GetGuid());
        Assert.Equal(JsonValueKind.Null, removed.GetProperty("employeeId").GetProperty("new").ValueKind);
        var contract = await OpenApiContractHandler.ForAsync(App);
        Assert.All(receiver.Requests, r => contract.CheckSchema("WebhookEventPayload", r.Text));
    }

    private static string? Pointer(JsonElement problem) => problem.GetProperty("errors")[0].GetProperty("pointer").GetString();

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string json)
    {
        using var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task TwoTeamsOfOneName_AreRefusedByTheIndexToo_AndARaceAnswers409NotA500()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);

        // The index itself (the service's check cannot see a simultaneous create): the provider's error is recognised.
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => App.InCloudAsync(cloud.Id, db =>
        {
            db.Teams.AddRange(new Planwerk.Teams.Team { Name = "Twins" }, new Planwerk.Teams.Team { Name = "Twins" });
            return db.SaveChangesAsync(Ct);
        }));
        Assert.True(Planwerk.Infrastructure.Data.UniqueViolation.Is(refused));

        // Many simultaneous creates of one name: one team, every other answer a 409 conflict or a 422 duplicate, never a 500.
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.PostJsonAsync("teams", new { name = "Race" });
            return (int)response.StatusCode;
        }));
        Assert.Equal(1, answers.Count(a => a == 201));
        Assert.All(answers.Where(a => a != 201), a => Assert.Contains(a, new[] { 409, 422 }));
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Teams.CountAsync(t => t.Name == "Race", Ct)));
    }
}

public sealed class TeamsApiTestsOnSqlite(SqliteApp app) : TeamsApiTests(app), IClassFixture<SqliteApp>;

public sealed class TeamsApiTestsOnPostgres(PostgresApp app) : TeamsApiTests(app), IClassFixture<PostgresApp>;
