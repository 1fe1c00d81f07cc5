using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

public abstract class CompaniesApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task ACompany_ListsTheIdsOfItsContacts_InGetAndInLists()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var company = await (await client.PostJsonAsync("companies", new { name = "ACME GmbH", city = "Berlin", emailAddress = "info@acme.test" }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var contact = await (await client.PostJsonAsync("contacts", new { firstName = "Eva", lastName = "Ernst", salutation = "female", companyId = company.Id() }))
            .AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PostJsonAsync("companies", new { name = "Other AG" })).AssertStatusAsync(HttpStatusCode.Created);

        var fetched = await (await client.GetAsync($"companies/{company.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var listed = await (await client.GetAsync("companies", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var page = await (await client.GetAsync("companies?limit=1", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("ACME GmbH", fetched.GetProperty("name").GetString());
        Assert.Equal([contact.Id()], fetched.GetProperty("contactIds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Equal([contact.Id()], listed[0].GetProperty("contactIds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal([contact.Id()], page.EnumerateArray().Single().GetProperty("contactIds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal("female", contact.GetProperty("salutation").GetString());
    }

    [Fact]
    public async Task CompanyBatch_ReportsEachItem_AndABadItemDoesNotStopTheOthers()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);

        var results = await (await client.PostJsonAsync("companies/companies", new object[] { new { name = "A" }, new { name = "" }, new { name = "C" } }))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([201, 422, 201], results.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal([0, 1, 2], results.EnumerateArray().Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal("validation_failed", results[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("/1/name", results[1].GetProperty("error").GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal("C", results[2].GetProperty("item").GetProperty("name").GetString());
        Assert.Equal(2, await App.InCloudAsync(cloud.Id, db => db.Companies.CountAsync(Ct)));

        var updates = await (await client.PutJsonAsync("companies/companies", new object[]
        {
            new { id = results[0].GetProperty("item").Id(), city = "Hamburg" },
            new { id = Guid.NewGuid(), city = "Nowhere" },
        })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal([200, 404], updates.EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal("Hamburg", updates[0].GetProperty("item").GetProperty("city").GetString());
    }

    [Fact]
    public async Task ContactBatch_IsAllOrNothing_AndAnUnknownCompanyIs422()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);

        var problem = await (await client.PostJsonAsync("contacts/contacts", new object[]
        {
            new { firstName = "A", lastName = "B" },
            new { firstName = "C", lastName = "D", companyId = Guid.NewGuid() },
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("/1/companyId", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Contacts.CountAsync(Ct)));
        var created = await (await client.PostJsonAsync("contacts/contacts", new object[] { new { firstName = "A", lastName = "B" }, new { firstName = "C", lastName = "D" } }))
            .AssertJsonAsync(HttpStatusCode.Created);
        var renamed = await (await client.PutJsonAsync("contacts/contacts", created.EnumerateArray().Select(c => new { id = c.Id(), lastName = "Neu" }).ToArray()))
            .AssertJsonAsync(HttpStatusCode.OK);
        Assert.All(renamed.EnumerateArray(), c => Assert.Equal("Neu", c.GetProperty("lastName").GetString()));
    }

    [Fact]
    public async Task Guests_MayNotReadTheCrm_AndBasicRights_MayReadButNotWrite()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var (worker, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);

        await (await guest.GetAsync("companies", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.GetAsync("contacts", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await worker.GetAsync("companies", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await worker.PostJsonAsync("companies", new { name = "X" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await worker.PostJsonAsync("contacts", new { firstName = "X", lastName = "Y" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task DeletingACompany_ReturnsIt_UnlinksItsContacts_AndClearsItFromProjects()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var company = await (await client.PostJsonAsync("companies", new { name = "Gone Ltd" })).AssertJsonAsync(HttpStatusCode.Created);
        var contact = await (await client.PostJsonAsync("contacts", new { firstName = "A", lastName = "B", companyId = company.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"projects/{project.Id()}/company", new { companyId = company.Id() })).AssertStatusAsync(HttpStatusCode.OK);

        var deleted = await (await client.DeleteAsync($"companies/{company.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Gone Ltd", deleted.GetProperty("name").GetString());
        Assert.Equal([contact.Id()], deleted.GetProperty("contactIds").EnumerateArray().Select(i => i.GetGuid()));
        await (await client.GetAsync($"companies/{company.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var orphan = await (await client.GetAsync($"contacts/{contact.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, orphan.GetProperty("companyId").ValueKind);
        var after = await (await client.GetAsync($"projects/{project.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, after.GetProperty("companyId").ValueKind);
    }

    [Fact]
    public async Task ACompanyOfAnotherCloud_Is404()
    {
        var mine = await App.CreateCloudAsync(Plan.Team);
        var theirs = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(mine);
        var (other, _) = await App.ApiClientAsync(theirs);
        var company = await (await other.PostJsonAsync("companies", new { name = "Secret" })).AssertJsonAsync(HttpStatusCode.Created);

        await (await client.GetAsync($"companies/{company.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync($"companies/{company.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync("contacts", new { firstName = "A", lastName = "B", companyId = company.Id() }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }
}

public sealed class CompaniesApiTestsOnSqlite(SqliteApp app) : CompaniesApiTests(app), IClassFixture<SqliteApp>;

public sealed class CompaniesApiTestsOnPostgres(PostgresApp app) : CompaniesApiTests(app), IClassFixture<PostgresApp>;
