using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

public abstract class ProjectsApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task CreateProject_ReturnsItWithFactroFields_AndGetReturnsTheSame()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);

        var created = await (await client.PostJsonAsync("projects", new { title = "Relaunch", priority = 70, plannedStartDate = "2026-12-01T00:00:00Z", customFields = new { costCentre = "4711" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var fetched = await (await client.GetAsync($"projects/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Relaunch", fetched.GetProperty("title").GetString());
        Assert.Equal(70, fetched.GetProperty("priority").GetInt32());
        Assert.Equal("inProcess", fetched.GetProperty("projectState").GetString());
        Assert.Equal("2026-12-01T00:00:00.000Z", fetched.GetProperty("plannedStartDate").GetString());
        Assert.Equal("4711", fetched.GetProperty("customFields").GetProperty("costCentre").GetString());
        Assert.Equal(cloud.Id, fetched.GetProperty("mandantId").GetGuid());
        Assert.Equal(user.Id, fetched.GetProperty("creatorId").GetGuid());
        Assert.Equal(1, fetched.GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task PutProject_ChangesOnlyTheFieldsSent_AndNullClears()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var created = await (await client.PostJsonAsync("projects", new { title = "A", description = "keep me", colorScheme = "blue" })).AssertJsonAsync(HttpStatusCode.Created);

        var updated = await (await client.PutAsync($"projects/{created.Id()}", JsonContent("{\"title\":\"B\",\"colorScheme\":null}"), Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("B", updated.GetProperty("title").GetString());
        Assert.Equal("keep me", updated.GetProperty("description").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, updated.GetProperty("colorScheme").ValueKind);
    }

    [Fact]
    public async Task OnBasic_CreateProjectWithOfficer_Is403PlanFeatureUnavailable_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, user) = await App.ApiClientAsync(cloud);

        var problem = await (await client.PostJsonAsync("projects", new { title = "X", officerId = user.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        Assert.Equal("/officerId", problem.GetProperty("pointer").GetString());
        Assert.Equal("basic", problem.GetProperty("currentPlan").GetString());
        Assert.Equal("officer", problem.GetProperty("feature").GetString());
        Assert.Equal(["team", "business", "professional"], problem.GetProperty("requiredPlans").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
        await (await client.PostJsonAsync("projects", new { title = "X" })).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BatchCreate_IsAllOrNothing()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);

        var problem = await (await client.PostJsonAsync("projects/projects", new object[] { new { title = "ok" }, new { title = "" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("/1/title", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
        var created = await (await client.PostJsonAsync("projects/projects", new object[] { new { title = "a" }, new { title = "b" } })).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2, created.GetArrayLength());
    }

    [Fact]
    public async Task ListWithLimit_PagesThroughEverything_FollowingTheLinkHeader()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        for (var i = 0; i < 7; i++)
        {
            await (await client.PostJsonAsync("projects", new { title = $"p{i}" })).AssertStatusAsync(HttpStatusCode.Created);
        }

        var seen = new List<string>();
        var url = "projects?limit=3";
        while (url is not null)
        {
            var response = await client.GetAsync(url, Ct);
            var page = await response.AssertJsonAsync(HttpStatusCode.OK);
            Assert.True(page.GetArrayLength() <= 3);
            seen.AddRange(page.EnumerateArray().Select(p => p.GetProperty("title").GetString()!));
            url = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1].Replace("/api/core/", "", StringComparison.Ordinal) : null;
        }

        // Every project exactly once. (Lists are in id order; two ids made in the same millisecond are
        // UUIDv7s in random order, so creation order is not what this checks.)
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"p{i}"), seen.Order(StringComparer.Ordinal));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

public sealed class ProjectsApiTestsOnSqlite(SqliteApp app) : ProjectsApiTests(app), IClassFixture<SqliteApp>;

public sealed class ProjectsApiTestsOnPostgres(PostgresApp app) : ProjectsApiTests(app), IClassFixture<PostgresApp>;
