using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>Substitutes through the Core API (docs/api.md, "Absences and substitutes").</summary>
public abstract class SubstitutesApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task ASubstitute_IsAddedIdempotently_ListedBothWays_AndRemoved()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);

        var added = await (await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(ann.Id, added.Id()); // the substitute, as a user
        Assert.Equal(ann.FirstName, added.GetProperty("firstName").GetString());
        await (await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = bob.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"users/{bob.Id}/substitutes", new { substituteId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(3, await App.InCloudAsync(cloud.Id, db => db.Substitutions.CountAsync(Ct)));

        async Task<List<Guid>> ListAsync(string url) =>
            (await (await client.GetAsync(url, Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(u => u.Id()).Order().ToList();

        Assert.Equal(new[] { ann.Id, bob.Id }.Order(), await ListAsync($"users/{owner.Id}/substitutes"));
        Assert.Equal(new[] { owner.Id, bob.Id }.Order(), await ListAsync($"users/{ann.Id}/substituted"));
        Assert.Empty(await ListAsync($"users/{ann.Id}/substitutes"));

        var removed = await (await client.DeleteAsync($"users/{owner.Id}/substitutes/{ann.Id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(ann.Id, removed.Id());
        await (await client.DeleteAsync($"users/{owner.Id}/substitutes/{ann.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal([bob.Id], await ListAsync($"users/{owner.Id}/substitutes"));
        Assert.Equal([bob.Id], await ListAsync($"users/{ann.Id}/substituted"));
    }

    [Fact]
    public async Task Oneself_AnUnknownOrDeactivatedUser_OrNone_IsRefused_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var gone = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var stranger = await App.CreateUserAsync(other, SecurityGroup.BasicRights);
        await (await client.DeleteAsync($"users/{gone.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);

        foreach (var (body, status, code) in new (string Body, HttpStatusCode Status, string Code)[]
        {
            ($$"""{"substituteId":"{{owner.Id}}"}""", HttpStatusCode.UnprocessableEntity, "self"),
            ($$"""{"substituteId":"{{gone.Id}}"}""", HttpStatusCode.UnprocessableEntity, "unknown_user"),
            ($$"""{"substituteId":"{{stranger.Id}}"}""", HttpStatusCode.UnprocessableEntity, "unknown_user"),
            ($$"""{"substituteId":"{{Guid.NewGuid()}}"}""", HttpStatusCode.UnprocessableEntity, "unknown_user"),
            ("""{}""", HttpStatusCode.UnprocessableEntity, "required"),
            ("""{"substituteId":null}""", HttpStatusCode.UnprocessableEntity, "required"),
            ("""{"substituteId":"abc"}""", HttpStatusCode.BadRequest, "bad_request"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"users/{owner.Id}/substitutes") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            var problem = await (await client.SendAsync(request, Ct)).AssertProblemAsync(status, status == HttpStatusCode.BadRequest ? "bad_request" : "validation_failed");
            Assert.Equal("/substituteId", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
            Assert.Equal(code, problem.GetProperty("errors")[0].GetProperty("code").GetString());
        }

        await (await client.PutJsonAsync($"users/{stranger.Id}/substitutes", new { substituteId = owner.Id })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"users/{stranger.Id}/substitutes", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"users/{stranger.Id}/substituted", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
    }

    [Fact]
    public async Task UsersChooseTheirOwnSubstitutes_AllRightsAnyones_AndGuestsNone()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, adminUser) = await App.ApiClientAsync(cloud);
        var (basic, basicUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var (planner, plannerUser) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);

        await (await basic.PutJsonAsync($"users/{basicUser.Id}/substitutes", new { substituteId = plannerUser.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
        await (await planner.PutJsonAsync($"users/{basicUser.Id}/substitutes", new { substituteId = adminUser.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await planner.DeleteAsync($"users/{basicUser.Id}/substitutes/{plannerUser.Id}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.GetAsync($"users/{guestUser.Id}/substitutes", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.PutJsonAsync($"users/{guestUser.Id}/substitutes", new { substituteId = adminUser.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

        Assert.Equal([plannerUser.Id], (await (await planner.GetAsync($"users/{basicUser.Id}/substitutes", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(u => u.Id()));
        await (await admin.PutJsonAsync($"users/{basicUser.Id}/substitutes", new { substituteId = guestUser.Id })).AssertStatusAsync(HttpStatusCode.OK); // a guest may stand in
        await (await admin.DeleteAsync($"users/{basicUser.Id}/substitutes/{plannerUser.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal([guestUser.Id], (await (await basic.GetAsync($"users/{basicUser.Id}/substitutes", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(u => u.Id()));
    }

    [Fact]
    public async Task ManySimultaneousAddsOfOneSubstitute_MakeOneSubstitution_AndEveryAnswerIs200()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);

        // The index itself (the service's check cannot see a simultaneous add): the provider's error is recognised.
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => App.InCloudAsync(cloud.Id, db =>
        {
            db.Substitutions.AddRange(new Planwerk.Absences.Substitution { EmployeeId = owner.Id, SubstituteId = ann.Id },
                new Planwerk.Absences.Substitution { EmployeeId = owner.Id, SubstituteId = ann.Id });
            return db.SaveChangesAsync(Ct);
        }));
        Assert.True(Planwerk.Infrastructure.Data.UniqueViolation.Is(refused));

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var response = await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = ann.Id });
            return (int)response.StatusCode;
        }));
        Assert.All(answers, a => Assert.Equal(200, a));
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Substitutions.CountAsync(Ct)));
    }

    [Fact]
    public async Task AddingAndRemoving_SendSubstituteAddedAndRemoved_WithTheUserAsEntity()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        var actions = (await (await client.GetAsync("webhooks/actions", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(a => a.GetString()).ToList();
        string[] substituteActions = ["SubstituteAdded", "SubstituteRemoved"];
        Assert.All(substituteActions, a => Assert.Contains(a, actions));
        await (await client.PostJsonAsync("webhooks", new { callbackUri = receiver.Url, actionTypes = substituteActions })).AssertStatusAsync(HttpStatusCode.Created);

        await (await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"users/{owner.Id}/substitutes", new { substituteId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK); // already one, no event
        await (await client.DeleteAsync($"users/{owner.Id}/substitutes/{ann.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await App.RunWebhookWorkerOnceAsync();

        var events = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(substituteActions, events.Select(e => e.GetProperty("action").GetString()));
        Assert.All(events, e =>
        {
            Assert.Equal("user", e.GetProperty("context").GetProperty("entityType").GetString());
            Assert.Equal(owner.Id, e.GetProperty("context").GetProperty("entityId").GetGuid());
        });
        Assert.Equal(ann.Id, events[0].GetProperty("context").GetProperty("changes").GetProperty("substituteId").GetProperty("new").GetGuid());
        Assert.Equal(ann.Id, events[1].GetProperty("context").GetProperty("changes").GetProperty("substituteId").GetProperty("old").GetGuid());
        var contract = await OpenApiContractHandler.ForAsync(App);
        Assert.All(receiver.Requests, r => contract.CheckSchema("WebhookEventPayload", r.Text));
    }
}

public sealed class SubstitutesApiTestsOnSqlite(SqliteApp app) : SubstitutesApiTests(app), IClassFixture<SqliteApp>;

public sealed class SubstitutesApiTestsOnPostgres(PostgresApp app) : SubstitutesApiTests(app), IClassFixture<PostgresApp>;
