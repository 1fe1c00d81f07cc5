using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Api.PackagesApiTests;

namespace Planwerk.Tests.Api;

/// <summary>
/// A package's company and contact (<c>PUT|DELETE /projects/{pid}/packages/{id}/company|contact</c>, as on
/// projects and tasks) and factro's <c>POST …/shift_with_successors</c>: the package, its sub-packages, their
/// tasks and those tasks' successors (task connections) move by <c>daysDelta</c> days, all or none.
/// </summary>
public abstract class PackageCrmAndShiftTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string Day1 = "2026-12-01T00:00:00.000Z";

    [Fact]
    public async Task APackage_GetsACompanyAndAContact_LosesThemAgain_AndEachChangeFiresPackageUpdated()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageAsync(client, project, "Pkg");
        var company = (await (await client.PostJsonAsync("companies", new { name = "ACME" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var contact = (await (await client.PostJsonAsync("contacts", new { firstName = "Eva", lastName = "Ernst" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var (owner, _) = await App.ApiClientAsync(cloud);
        await (await owner.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "PackageUpdated" } })).AssertStatusAsync(HttpStatusCode.Created);

        var withCompany = await (await client.PutJsonAsync($"projects/{project}/packages/{package}/company", new { companyId = company })).AssertJsonAsync(HttpStatusCode.OK);
        var withContact = await (await client.PutJsonAsync($"projects/{project}/packages/{package}/contact", new { contactId = contact })).AssertJsonAsync(HttpStatusCode.OK);
        var unknown = await (await client.PutJsonAsync($"projects/{project}/packages/{package}/company", new { companyId = Guid.NewGuid() }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.PutJsonAsync($"projects/{project}/packages/{package}/contact", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var fetched = await (await client.GetAsync($"packages/{package}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var withoutCompany = await (await client.DeleteAsync($"projects/{project}/packages/{package}/company", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var withoutContact = await (await client.DeleteAsync($"projects/{project}/packages/{package}/contact", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(company, withCompany.GetProperty("companyId").GetGuid());
        Assert.Equal(contact, withContact.GetProperty("companyContactId").GetGuid());
        Assert.Equal("/companyId", unknown.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(company, fetched.GetProperty("companyId").GetGuid());
        Assert.Equal(contact, fetched.GetProperty("companyContactId").GetGuid());
        Assert.Equal(JsonValueKind.Null, withoutCompany.GetProperty("companyId").ValueKind);
        Assert.Equal(JsonValueKind.Null, withoutContact.GetProperty("companyContactId").ValueKind);
        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.Where(e => e.Action == "PackageUpdated").OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal(package, e.EntityId));
        Assert.Contains("companyId", events[0].Changes, StringComparison.Ordinal);
        Assert.Contains("companyContactId", events[1].Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APackagesCrmLinks_AreForPlanners_AndAnotherProjectsOrCloudsPackageIsUnknown()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (basic, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var project = await CreateProjectAsync(client, "P");
        var other = await CreateProjectAsync(client, "Other");
        var package = await CreatePackageAsync(client, project, "Pkg");
        var company = (await (await client.PostJsonAsync("companies", new { name = "ACME" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var elsewhere = await App.CreateCloudAsync(Plan.Team);
        var (stranger, _) = await App.ApiClientAsync(elsewhere);

        await (await basic.PutJsonAsync($"projects/{project}/packages/{package}/company", new { companyId = company })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await basic.DeleteAsync($"projects/{project}/packages/{package}/contact", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PutJsonAsync($"projects/{other}/packages/{package}/company", new { companyId = company })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.PutJsonAsync($"projects/{project}/packages/{package}/company", new { companyId = company })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await stranger.DeleteAsync($"projects/{project}/packages/{package}/company", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.Packages.Where(p => p.Id == package).Select(p => p.CompanyId).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Shift_MovesThePackageItsSubPackagesTheirTasksAndTheirSuccessors_AndNothingElse()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var otherProject = await CreateProjectAsync(client, "Q");
        var package = await CreatePackageWithDatesAsync(client, project, null);
        var sub = await CreatePackageWithDatesAsync(client, project, package);
        var sibling = await CreatePackageWithDatesAsync(client, project, null);
        var inPackage = await CreateTaskAsync(client, package);
        var inSub = await CreateTaskAsync(client, sub);
        var successor = await CreateTaskAsync(client, otherProject);
        var successorOfSuccessor = await CreateTaskAsync(client, sibling);
        var unrelated = await CreateTaskAsync(client, sibling);
        var undated = (await (await client.PostJsonAsync("tasks", new { title = "undated", targetParentId = package })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await client.PutJsonAsync($"tasks/{inSub}/task_connections", new[] { successor })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"tasks/{successor}/task_connections", new[] { successorOfSuccessor, inPackage })).AssertStatusAsync(HttpStatusCode.OK); // a cycle back
        await (await client.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "TaskUpdated", "PackageUpdated" } })).AssertStatusAsync(HttpStatusCode.Created);

        var result = await (await client.PostJsonAsync($"projects/{project}/packages/{package}/shift_with_successors", new { daysDelta = 3 })).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, result.GetProperty("daysDelta").GetInt32());
        Assert.Equal(new[] { package, sub }.Order(), result.GetProperty("packageIds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal(new[] { inPackage, inSub, successor, successorOfSuccessor }.Order(), result.GetProperty("taskIds").EnumerateArray().Select(i => i.GetGuid()));
        foreach (var moved in new[] { inPackage, inSub, successor, successorOfSuccessor })
        {
            var task = await (await client.GetAsync($"tasks/{moved}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("2026-12-04T00:00:00.000Z", task.GetProperty("startDate").GetString());
            Assert.Equal("2026-12-06T00:00:00.000Z", task.GetProperty("endDate").GetString());
        }

        foreach (var moved in new[] { package, sub })
        {
            Assert.Equal("2026-12-04T00:00:00.000Z", (await (await client.GetAsync($"packages/{moved}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        }

        Assert.Equal(Day1, (await (await client.GetAsync($"tasks/{unrelated}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        Assert.Equal(Day1, (await (await client.GetAsync($"packages/{sibling}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        Assert.Equal(JsonValueKind.Null, (await (await client.GetAsync($"tasks/{undated}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").ValueKind);
        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.Where(e => e.Action == "TaskUpdated" || e.Action == "PackageUpdated").ToListAsync(Ct));
        Assert.Equal(new[] { inPackage, inSub, successor, successorOfSuccessor }.Order(), events.Where(e => e.Action == "TaskUpdated").Select(e => e.EntityId).Order());
        Assert.Equal(new[] { package, sub }.Order(), events.Where(e => e.Action == "PackageUpdated").Select(e => e.EntityId).Order());
        Assert.All(events, e => Assert.Contains("startDate", e.Changes, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Shift_BackwardsWorks_AClosedTaskKeepsItsDates_AndItsSuccessorsStillMove()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageWithDatesAsync(client, project, null);
        var closed = await CreateTaskAsync(client, package);
        var successor = await CreateTaskAsync(client, project);
        await (await client.PutJsonAsync($"tasks/{closed}/task_connections", new[] { successor })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"tasks/{closed}/state", new { state = "closed" })).AssertStatusAsync(HttpStatusCode.NoContent);

        await (await client.PostJsonAsync($"projects/{project}/packages/{package}/shift_with_successors", new { daysDelta = -2 })).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(Day1, (await (await client.GetAsync($"tasks/{closed}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        Assert.Equal("2026-11-29T00:00:00.000Z", (await (await client.GetAsync($"tasks/{successor}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        Assert.Equal("2026-11-29T00:00:00.000Z", (await (await client.GetAsync($"packages/{package}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
    }

    [Theory]
    [InlineData("{}", 422, "validation_failed")]
    [InlineData("""{"daysDelta":null}""", 422, "validation_failed")]
    [InlineData("""{"daysDelta":1.5}""", 422, "validation_failed")]
    [InlineData("""{"daysDelta":3651}""", 422, "validation_failed")]
    [InlineData("""{"daysDelta":-400000}""", 422, "validation_failed")]
    [InlineData("""{"daysDelta":"3"}""", 400, "bad_request")]
    [InlineData("[3]", 400, "bad_request")]
    public async Task Shift_WithAMissingNonIntegerOrOutOfRangeDaysDelta_IsRefused_AndNothingMoves(string body, int status, string code)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageWithDatesAsync(client, project, null);
        var task = await CreateTaskAsync(client, package);

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await client.PostAsync($"projects/{project}/packages/{package}/shift_with_successors", content, Ct)).AssertProblemAsync((HttpStatusCode)status, code);

        Assert.StartsWith("/", problem.GetProperty("errors")[0].GetProperty("pointer").GetString(), StringComparison.Ordinal);
        Assert.Equal(Day1, (await (await client.GetAsync($"tasks/{task}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
        Assert.Equal(Day1, (await (await client.GetAsync($"packages/{package}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
    }

    [Fact]
    public async Task Shift_IsForPlanners_AndAnotherCloudsPackageIsUnknown()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (basic, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var project = await CreateProjectAsync(client, "P");
        var package = await CreatePackageWithDatesAsync(client, project, null);
        var (stranger, _) = await App.ApiClientAsync(await App.CreateCloudAsync(Plan.Team));

        await (await basic.PostJsonAsync($"projects/{project}/packages/{package}/shift_with_successors", new { daysDelta = 1 })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await stranger.PostJsonAsync($"projects/{project}/packages/{package}/shift_with_successors", new { daysDelta = 1 })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(Day1, (await (await client.GetAsync($"packages/{package}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("startDate").GetString());
    }

    private static async Task<Guid> CreatePackageWithDatesAsync(HttpClient client, Guid project, Guid? parent) =>
        (await (await client.PostJsonAsync($"projects/{project}/packages", new { title = "Pkg", parentPackageId = parent, startDate = Day1, endDate = "2026-12-10T00:00:00.000Z" }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();

    private static async Task<Guid> CreateTaskAsync(HttpClient client, Guid parent) =>
        (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = parent, startDate = Day1, endDate = "2026-12-03T00:00:00.000Z" }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();
}

public sealed class PackageCrmAndShiftTestsOnSqlite(SqliteApp app) : PackageCrmAndShiftTests(app), IClassFixture<SqliteApp>;

public sealed class PackageCrmAndShiftTestsOnPostgres(PostgresApp app) : PackageCrmAndShiftTests(app), IClassFixture<PostgresApp>;
