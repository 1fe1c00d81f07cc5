using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// What a client written for factro does, end to end, with nothing changed but the base URL: the
/// raw token in <c>Authorization</c>, a project tree, a task moved through its states, a comment, a
/// booked work record; factro's formats on the way; and the governance a client meets (plan, switch,
/// rate limit, body limit, request ids).
/// </summary>
public abstract partial class FactroClientFlowTests(PlanwerkApp app) : ProviderTest(app)
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoUtcMillis();

    [GeneratedRegex(@"^\d{2}:\d{2}$")]
    private static partial Regex HoursMinutes();

    [Theory]
    [InlineData("")]
    [InlineData("Bearer ")]
    public async Task AFactroClient_BuildsAProjectTree_WorksATask_CommentsAndBooksTime_AndSeesItInTheStructure(string scheme)
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var client = App.ApiClient(scheme + await App.CreateTokenAsync(cloud, cloud.OwnerId));

        var project = await (await client.PostJsonAsync("projects", new { title = "Relaunch", plannedEndDate = "2026-09-01T00:00:00+02:00" }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var design = await (await client.PostJsonAsync($"projects/{project.Id()}/packages", new { title = "Design" })).AssertJsonAsync(HttpStatusCode.Created);
        var logo = await (await client.PostJsonAsync($"projects/{project.Id()}/packages", new { title = "Logo", parentPackageId = design.Id() }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var draft = await (await client.PostJsonAsync("tasks", new { title = "Draft", targetParentId = logo.Id(), plannedEffort = 120 })).AssertJsonAsync(HttpStatusCode.Created);
        var review = await (await client.PostJsonAsync("tasks", new { title = "Review", targetParentId = design.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"tasks/{draft.Id()}/state", new { state = "inProcess" })).AssertStatusAsync(HttpStatusCode.NoContent);
        var comment = await (await client.PostJsonAsync($"tasks/{draft.Id()}/comments", new { text = "First sketches are up." })).AssertJsonAsync(HttpStatusCode.Created);
        var record = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-11-27", startTime = "09:00", endTime = "10:30", utcOffset = 60, minutesWorked = 90,
            bookedOnReferenceId = draft.Id(), bookedOnReferenceType = "task", description = "sketching",
        })).AssertJsonAsync(HttpStatusCode.Created);

        var task = await (await client.GetAsync($"tasks/{draft.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("inProcess", task.GetProperty("taskState").GetString());
        Assert.Equal(90, task.GetProperty("realizedEffort").GetInt32());
        Assert.Equal(logo.Id(), task.GetProperty("parentPackageId").GetGuid());
        Assert.Equal(project.Id(), task.GetProperty("projectId").GetGuid());
        Assert.Equal(draft.Id(), comment.GetProperty("referenceId").GetGuid());
        Assert.Equal("task", comment.GetProperty("referenceType").GetString());

        var tree = await (await client.GetAsync($"projects/{project.Id()}/structure", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal($"project:{project.Id()}[package:{design.Id()}[package:{logo.Id()}[task:{draft.Id()}],task:{review.Id()}]]", Render(tree));
        Assert.Equal("Relaunch[Design[Logo[Draft],Review]]", await PackagesApiTests.StructureAsync(client, project.Id()));

        // factro's formats.
        Assert.Equal("2026-08-31T22:00:00.000Z", project.GetProperty("plannedEndDate").GetString());
        foreach (var (entity, field) in new[] { (project, "creationDate"), (project, "changeDate"), (task, "creationDate"), (task, "changeDate"), (comment, "creationDate") })
        {
            Assert.Matches(IsoUtcMillis(), entity.GetProperty(field).GetString());
        }

        Assert.Equal(JsonValueKind.Number, comment.GetProperty("changeDate").ValueKind);
        Assert.Equal("2026-11-27", record.GetProperty("startDate").GetString());
        Assert.Matches(HoursMinutes(), record.GetProperty("startTime").GetString());
        Assert.Equal("10:30", record.GetProperty("endTime").GetString());
        Assert.Equal(60, record.GetProperty("utcOffset").GetInt32());
        Assert.Equal(App.Time.GetUtcNow().ToUnixTimeMilliseconds(), record.GetProperty("createdAt").GetInt64());
        Assert.Equal(App.Time.GetUtcNow().ToUnixTimeMilliseconds(), record.GetProperty("updatedAt").GetInt64());
        foreach (var list in new[] { "projects", "tasks", $"tasks/by-project/{project.Id()}", $"projects/{project.Id()}/packages", $"tasks/{draft.Id()}/comments", "work-records", "users" })
        {
            var items = await (await client.GetAsync(list, Ct)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.True(items.ValueKind == JsonValueKind.Array && items.GetArrayLength() > 0, $"{list}: {items}");
        }

        // DELETE returns the deleted object, and the booking's effort leaves the task with it.
        var deletedRecord = await (await client.DeleteAsync($"work-records/{record.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var deletedTask = await (await client.DeleteAsync($"tasks/{review.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(record.GetRawText(), deletedRecord.GetRawText());
        Assert.Equal("Review", deletedTask.GetProperty("title").GetString());
        Assert.Equal(review.Id(), deletedTask.Id());
        Assert.Equal(0, (await (await client.GetAsync($"tasks/{draft.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("realizedEffort").GetInt32());
        await (await client.GetAsync($"tasks/{review.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OnBasic_AProjectWithAnOfficer_Is403PlanFeatureUnavailableWithItsPointer_AndNothingIsWritten_ButWithoutIt201()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        var problem = await (await client.PostJsonAsync("projects", new { title = "Officered", officerId = cloud.OwnerId }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        Assert.Equal("/officerId", problem.GetProperty("pointer").GetString());
        Assert.Equal("basic", problem.GetProperty("currentPlan").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
        await (await client.PostJsonAsync("projects", new { title = "Plain" })).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Theory]
    [InlineData(Plan.Basic, HttpStatusCode.Forbidden)]
    [InlineData(Plan.Team, HttpStatusCode.Forbidden)]
    [InlineData(Plan.Business, HttpStatusCode.Forbidden)]
    [InlineData(Plan.Professional, HttpStatusCode.OK)]
    public async Task WorkRecords_AreOnlyOnProfessional(Plan plan, HttpStatusCode expected)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        using var response = await client.GetAsync("work-records", Ct);

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(JsonValueKind.Array, (await response.AssertJsonAsync(HttpStatusCode.OK)).ValueKind);
        }
        else
        {
            await response.AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
        }
    }

    [Fact]
    public async Task TheOwnersSwitch_Off_RefusesTheVeryNextRequest_AndOnAgain_TheSameTokenWorks()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        await App.SetSwitchAsync(cloud, api: false);
        await (await client.GetAsync("projects", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "api_access_disabled");
        await (await client.PostJsonAsync("projects", new { title = "x" })).AssertProblemAsync(HttpStatusCode.Forbidden, "api_access_disabled");

        await App.SetSwitchAsync(cloud, api: true);
        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task TheSixthRequestInAWindowOfFive_Is429RateLimitedWithRetryAfter_AndAfterTheWindowItPassesAgain()
    {
        await using var limited = new RateLimitedApp(App.Provider, permitLimit: 5);
        await limited.InitializeAsync();
        var cloud = await limited.CreateCloudAsync();
        var client = limited.ApiClient(await limited.CreateTokenAsync(cloud, cloud.OwnerId));

        for (var i = 1; i <= 5; i++)
        {
            using var ok = await client.GetAsync("projects", Ct);
            await ok.AssertStatusAsync(HttpStatusCode.OK);
            Assert.Equal("\"default\";q=5;w=60", string.Join(',', ok.Headers.GetValues("RateLimit-Policy")));
            Assert.StartsWith($"\"default\";r={5 - i};t=", string.Join(',', ok.Headers.GetValues("RateLimit")), StringComparison.Ordinal);
        }

        using var refused = await client.GetAsync("projects", Ct);
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 60);
        Assert.StartsWith("\"default\";r=0;t=", string.Join(',', refused.Headers.GetValues("RateLimit")), StringComparison.Ordinal);

        limited.Time.Advance(retryAfter.Value);
        await (await client.GetAsync("projects", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ABodyOverOneMebibyte_Is413PayloadTooLarge_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var huge = JsonSerializer.Serialize(new { title = "big", description = new string('x', 1024 * 1024) });

        await (await client.PostAsync("projects", new StringContent(huge, Encoding.UTF8, "application/json"), Ct))
            .AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task EveryResponse_CarriesAnXRequestId_AndACallersOwnPlainIdIsKept()
    {
        var cloud = await App.CreateCloudAsync();
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));

        using var ok = await client.GetAsync("projects", Ct);
        using var missing = await client.GetAsync($"tasks/{Guid.NewGuid()}", Ct);
        using var own = new HttpRequestMessage(HttpMethod.Get, $"tasks/{Guid.NewGuid()}");
        own.Headers.Add("X-Request-Id", "client-trace-42");
        using var traced = await client.SendAsync(own, Ct);
        using var weird = new HttpRequestMessage(HttpMethod.Get, "projects");
        weird.Headers.TryAddWithoutValidation("X-Request-Id", "not plain <script>");
        using var replaced = await client.SendAsync(weird, Ct);
        using var unauthorized = await App.ApiClient(null).GetAsync("projects", Ct);
        using var malformed = await client.PostAsync("projects", new StringContent("{\"title\":", Encoding.UTF8, "application/json"), Ct);

        Assert.False(string.IsNullOrEmpty(RequestId(ok)));
        var problem = await missing.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(RequestId(missing), problem.GetProperty("requestId").GetString());
        Assert.Equal("client-trace-42", RequestId(traced));
        Assert.Equal("client-trace-42", (await traced.AssertJsonAsync(HttpStatusCode.NotFound)).GetProperty("requestId").GetString());
        Assert.NotEqual("not plain <script>", RequestId(replaced));
        Assert.False(string.IsNullOrEmpty(RequestId(replaced)));
        Assert.Equal(RequestId(unauthorized), (await unauthorized.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token")).GetProperty("requestId").GetString());
        Assert.Equal(RequestId(malformed), (await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request")).GetProperty("requestId").GetString());
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Request-Id", out var values) ? values.Single() : null;

    private static string Render(JsonElement node)
    {
        var children = node.GetProperty("children").EnumerateArray().Select(Render).ToList();
        return $"{node.GetProperty("type").GetString()}:{node.Id()}" + (children.Count == 0 ? "" : $"[{string.Join(",", children)}]");
    }

    /// <summary>The application with a small rate limit, on a database of its own.</summary>
    private sealed class RateLimitedApp(Provider provider, int permitLimit) : PlanwerkApp(provider)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:RateLimit:PermitLimit"] = permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

public sealed class FactroClientFlowTestsOnSqlite(SqliteApp app) : FactroClientFlowTests(app), IClassFixture<SqliteApp>;

public sealed class FactroClientFlowTestsOnPostgres(PostgresApp app) : FactroClientFlowTests(app), IClassFixture<PostgresApp>;
