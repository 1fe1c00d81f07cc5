using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

public abstract class PackagesApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task CreatePackage_ReturnsItWithFactroFields_AndBothGetRoutesReturnTheSame()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, user) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var project = await CreateProjectAsync(client, "P");

        var created = await (await client.PostJsonAsync($"projects/{project}/packages",
                new { title = "Design", startDate = "2026-12-01T00:00:00Z", officerId = user.Id, customFields = new { phase = "1" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var viaProject = await (await client.GetAsync($"projects/{project}/packages/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var direct = await (await client.GetAsync($"packages/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(viaProject.GetRawText(), direct.GetRawText());
        Assert.Equal("Design", direct.GetProperty("title").GetString());
        Assert.Equal(project, direct.GetProperty("projectId").GetGuid());
        Assert.Equal(JsonValueKind.Null, direct.GetProperty("parentPackageId").ValueKind);
        Assert.Equal("2026-12-01T00:00:00.000Z", direct.GetProperty("startDate").GetString());
        Assert.Equal(user.Id, direct.GetProperty("officerId").GetGuid());
        Assert.Equal(user.Id, direct.GetProperty("creatorId").GetGuid());
        Assert.Equal("1", direct.GetProperty("customFields").GetProperty("phase").GetString());
        Assert.Equal(1, direct.GetProperty("number").GetInt32());
        Assert.Equal(cloud.Id, direct.GetProperty("mandantId").GetGuid());
        var list = await (await client.GetAsync($"projects/{project}/packages", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([created.Id()], list.EnumerateArray().Select(p => p.Id()));
    }

    [Fact]
    public async Task PackageAddressedThroughAnotherProject_Returns404()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var a = await CreateProjectAsync(client, "A");
        var b = await CreateProjectAsync(client, "B");
        var package = await CreatePackageAsync(client, a, "in A");

        await (await client.GetAsync($"projects/{b}/packages/{package}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync($"projects/{b}/packages/{package}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"projects/{a}/packages/{package}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PutPackage_ChangesOnlyTheFieldsSent_AndNullClears()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var created = await (await client.PostJsonAsync($"projects/{project}/packages", new { title = "A", description = "keep me", colorScheme = "blue" }))
            .AssertJsonAsync(HttpStatusCode.Created);

        var updated = await (await client.PutAsync($"projects/{project}/packages/{created.Id()}", Json("{\"title\":\"B\",\"colorScheme\":null}"), Ct))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("B", updated.GetProperty("title").GetString());
        Assert.Equal("keep me", updated.GetProperty("description").GetString());
        Assert.Equal(JsonValueKind.Null, updated.GetProperty("colorScheme").ValueKind);
    }

    [Fact]
    public async Task OnBasic_CreatePackageWithOfficer_Is403PlanFeatureUnavailable_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, user) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");

        var problem = await (await client.PostJsonAsync($"projects/{project}/packages", new { title = "X", officerId = user.Id }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        Assert.Equal("/officerId", problem.GetProperty("pointer").GetString());
        Assert.Equal("basic", problem.GetProperty("currentPlan").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Packages.CountAsync(Ct)));
        await (await client.PostJsonAsync($"projects/{project}/packages", new { title = "X" })).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task BasicRightsUser_CreatePackage_Is403Forbidden()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (basic, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var project = await CreateProjectAsync(admin, "P");

        await (await basic.PostJsonAsync($"projects/{project}/packages", new { title = "X" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await basic.GetAsync($"projects/{project}/packages", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BatchCreate_IsAllOrNothing_AndBatchUpdateChangesEach()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");

        var problem = await (await client.PostJsonAsync($"projects/{project}/packages/packages", new object[] { new { title = "ok" }, new { title = "" } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/1/title", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Packages.CountAsync(Ct)));

        var created = await (await client.PostJsonAsync($"projects/{project}/packages/packages", new object[] { new { title = "a" }, new { title = "b" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var ids = created.EnumerateArray().Select(p => p.Id()).ToList();
        var updated = await (await client.PutJsonAsync($"projects/{project}/packages/packages",
                new object[] { new { id = ids[0], title = "a2" }, new { id = ids[1], plannedEffort = 60 } }))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("a2", updated[0].GetProperty("title").GetString());
        Assert.Equal("b", updated[1].GetProperty("title").GetString());
        Assert.Equal(60, updated[1].GetProperty("plannedEffort").GetInt32());
    }

    [Fact]
    public async Task MovePackageUnderPackage_NestsIt_AndTheStructureShowsIt_AndDeleteMovesItBackToTheRoot()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var outer = await CreatePackageAsync(client, project, "outer");
        var inner = await CreatePackageAsync(client, project, "inner");
        await CreateTaskAsync(client, inner, "t");

        var moved = await (await client.PutJsonAsync($"projects/{project}/packages/{inner}/package", new { parentPackageId = outer }))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(outer, moved.GetProperty("parentPackageId").GetGuid());
        Assert.Equal("P[outer[inner[t]]]", await StructureAsync(client, project));

        await (await client.DeleteAsync($"projects/{project}/packages/{inner}/package", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("P[outer,inner[t]]", await StructureAsync(client, project));
    }

    [Fact]
    public async Task MovePackageUnderItsOwnDescendant_Is422_AndNothingMoves()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var top = await CreatePackageAsync(client, project, "top");
        var middle = await CreatePackageAsync(client, project, "middle", top);
        var bottom = await CreatePackageAsync(client, project, "bottom", middle);

        var problem = await (await client.PutJsonAsync($"projects/{project}/packages/{top}/package", new { parentPackageId = bottom }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.PutJsonAsync($"projects/{project}/packages/{top}/package", new { parentPackageId = top }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("cycle", problem.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal("/parentPackageId", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal("P[top[middle[bottom]]]", await StructureAsync(client, project));
    }

    [Fact]
    public async Task BatchUpdate_ThatNestsTwoPackagesInEachOther_Is422_AndNothingChanges()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var a = await CreatePackageAsync(client, project, "a");
        var b = await CreatePackageAsync(client, project, "b");

        var problem = await (await client.PutJsonAsync($"projects/{project}/packages/packages",
                new object[] { new { id = a, parentPackageId = b }, new { id = b, parentPackageId = a } }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("/1/parentPackageId", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal("P[a,b]", await StructureAsync(client, project));
    }

    [Fact]
    public async Task MovePackageToAnotherProject_TakesItsSubPackagesAndTasksAlong()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var source = await CreateProjectAsync(client, "S");
        var target = await CreateProjectAsync(client, "T");
        var stays = await CreatePackageAsync(client, source, "stays");
        var goes = await CreatePackageAsync(client, source, "goes", stays);
        var sub = await CreatePackageAsync(client, source, "sub", goes);
        var task = await CreateTaskAsync(client, sub, "deep");
        await CreateTaskAsync(client, goes, "shallow");

        var moved = await (await client.PutJsonAsync($"projects/{source}/packages/{goes}/project", new { projectId = target }))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(target, moved.GetProperty("projectId").GetGuid());
        Assert.Equal(JsonValueKind.Null, moved.GetProperty("parentPackageId").ValueKind);
        Assert.Equal("S[stays]", await StructureAsync(client, source));
        Assert.Equal("T[goes[sub[deep],shallow]]", await StructureAsync(client, target));
        var movedTask = await (await client.GetAsync($"tasks/{task}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(target, movedTask.GetProperty("projectId").GetGuid());
        await (await client.GetAsync($"projects/{target}/packages/{sub}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.GetAsync($"projects/{source}/packages/{goes}", Ct)).AssertStatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletePackage_ReturnsIt_AndDeletesItsSubPackagesAndTasks()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var keep = await CreatePackageAsync(client, project, "keep");
        var doomed = await CreatePackageAsync(client, project, "doomed");
        var sub = await CreatePackageAsync(client, project, "sub", doomed);
        var task = await CreateTaskAsync(client, sub, "t");
        await (await client.PostJsonAsync($"tasks/{task}/checklist", new { title = "step" })).AssertStatusAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync($"projects/{project}/packages/{doomed}/comments", new { text = "bye" })).AssertStatusAsync(HttpStatusCode.Created);

        var deleted = await (await client.DeleteAsync($"projects/{project}/packages/{doomed}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("doomed", deleted.GetProperty("title").GetString());
        Assert.Equal("P[keep]", await StructureAsync(client, project));
        await (await client.GetAsync($"tasks/{task}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"packages/{sub}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Comments.CountAsync(Ct)));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.ChecklistEntries.CountAsync(Ct)));
        await (await client.GetAsync($"packages/{keep}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task CommentOnPackage_IsListedAndFetched()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageAsync(client, project, "pk");

        var comment = await (await client.PostJsonAsync($"projects/{project}/packages/{package}/comments", new { text = "hello" }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var list = await (await client.GetAsync($"projects/{project}/packages/{package}/comments", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var one = await (await client.GetAsync($"projects/{project}/packages/{package}/comments/{comment.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("package", one.GetProperty("referenceType").GetString());
        Assert.Equal(package, one.GetProperty("referenceId").GetGuid());
        Assert.Equal([comment.Id()], list.EnumerateArray().Select(c => c.Id()));
    }

    [Fact]
    public async Task CommentsOfPackage_ThroughAnotherProject_AreNotFound()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var other = await CreateProjectAsync(client, "Other");
        var package = await CreatePackageAsync(client, project, "pk");
        var comment = await (await client.PostJsonAsync($"projects/{project}/packages/{package}/comments", new { text = "hello" }))
            .AssertJsonAsync(HttpStatusCode.Created);

        // The package is found only under its own project: every comment route through another one is a 404, and
        // a post there writes nothing, even with a body that is wrong as well.
        await (await client.GetAsync($"projects/{other}/packages/{package}/comments", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"projects/{other}/packages/{package}/comments/{comment.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync($"projects/{other}/packages/{package}/comments", new { text = "sneaky" })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync($"projects/{other}/packages/{package}/comments", new { text = 5 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync($"projects/{other}/packages/{package}/comments", new[] { 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync($"projects/{other}/packages/{package}/comments/{comment.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        var list = await (await client.GetAsync($"projects/{project}/packages/{package}/comments", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([comment.Id()], list.EnumerateArray().Select(c => c.Id()));
    }

    /// <summary>What a route names is looked up before its body or query is judged: an unknown thing is a 404 whatever was sent.</summary>
    [Fact]
    public async Task AnUnknownItem_IsA404_BeforeItsBodyOrQueryIsJudged()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud);
        var absent = Guid.NewGuid();

        await (await client.PostJsonAsync($"tasks/{absent}/comments", new[] { 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PutAsJsonAsync($"projects/{absent}/tags?limit=0", new[] { Guid.NewGuid() }, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PutAsJsonAsync($"projects/{absent}/tags", 5, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"webhooks/{absent}/deliveries?status=bogus", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    internal static async Task<Guid> CreateProjectAsync(HttpClient client, string title) =>
        (await (await client.PostJsonAsync("projects", new { title })).AssertJsonAsync(HttpStatusCode.Created)).Id();

    internal static async Task<Guid> CreatePackageAsync(HttpClient client, Guid project, string title, Guid? parentPackageId = null) =>
        (await (await client.PostJsonAsync($"projects/{project}/packages", new { title, parentPackageId })).AssertJsonAsync(HttpStatusCode.Created)).Id();

    internal static async Task<Guid> CreateTaskAsync(HttpClient client, Guid targetParentId, string title, Guid? executorId = null) =>
        (await (await client.PostJsonAsync("tasks", new { title, targetParentId, executorId })).AssertJsonAsync(HttpStatusCode.Created)).Id();

    /// <summary>The project's tree as <c>Title[child,child[…]]</c>, packages before tasks, each by number.</summary>
    internal static async Task<string> StructureAsync(HttpClient client, Guid project)
    {
        var tree = await (await client.GetAsync($"projects/{project}/structure", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        return Render(tree);

        static string Render(JsonElement node)
        {
            var children = node.GetProperty("children").EnumerateArray().Select(Render).ToList();
            return node.GetProperty("title").GetString() + (children.Count == 0 ? "" : $"[{string.Join(",", children)}]");
        }
    }

    internal static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

public sealed class PackagesApiTestsOnSqlite(SqliteApp app) : PackagesApiTests(app), IClassFixture<SqliteApp>;

public sealed class PackagesApiTestsOnPostgres(PostgresApp app) : PackagesApiTests(app), IClassFixture<PostgresApp>;
