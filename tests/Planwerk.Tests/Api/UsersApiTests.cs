using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

public abstract class UsersApiTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AdminAddsAUserWithDetails_GetReturnsIt_AndTheAdditionIsAudited()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);

        var created = await (await admin.PostJsonAsync("users", new
        {
            emailAddress = "mia@example.test", firstName = "Mia", lastName = "Muster", securityGroup = "BasicRights",
            salutation = "female", street = "Hauptstraße 1", zipCode = "10115", city = "Berlin",
        })).AssertJsonAsync(HttpStatusCode.Created);
        var fetched = await (await admin.GetAsync($"users/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("mia@example.test", fetched.GetProperty("emailAddress").GetString());
        Assert.Equal("BasicRights", fetched.GetProperty("securityGroup").GetString());
        Assert.Equal("female", fetched.GetProperty("salutation").GetString());
        Assert.Equal("Berlin", fetched.GetProperty("city").GetString());
        Assert.True(fetched.GetProperty("isActive").GetBoolean());
        Assert.False(fetched.GetProperty("anonymized").GetBoolean());
        Assert.Equal(cloud.Id, fetched.GetProperty("mandantId").GetGuid());
        Assert.True(await App.InCloudAsync(cloud.Id, db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.UserCreated && a.TargetId == created.Id() && a.Channel == "api", Ct)));
    }

    [Fact]
    public async Task OnBasic_AddingAnAdvancedRightsUser_Is403PlanFeatureUnavailable_OnSecurityGroup()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (admin, _) = await App.ApiClientAsync(cloud);

        var problem = await (await admin.PostJsonAsync("users", new { emailAddress = "a@example.test", firstName = "A", lastName = "B", securityGroup = "AdvancedRights" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");

        Assert.Equal("/securityGroup", problem.GetProperty("pointer").GetString());
        Assert.Equal("security_groups", problem.GetProperty("feature").GetString());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(e => e.SecurityGroup == SecurityGroup.AdvancedRights, Ct)));
    }

    [Fact]
    public async Task OnlyAllRights_MayAddUsers()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (planner, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);

        await (await planner.PostJsonAsync("users", new { emailAddress = "x@example.test", firstName = "X", lastName = "Y", securityGroup = "GuestRights" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AGuest_SeesOnlyThemselves()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);

        var list = await (await guest.GetAsync("users", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([guestUser.Id], list.EnumerateArray().Select(u => u.Id()));
        await (await guest.GetAsync($"users/{cloud.OwnerId}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ListUsersWithLimit_CarriesTheEmailAddresses()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);

        var page = await (await admin.GetAsync("users?limit=1", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var all = await (await admin.GetAsync("users", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(cloud.OwnerEmail, page[0].GetProperty("emailAddress").GetString());
        Assert.All(all.EnumerateArray(), u => Assert.Contains("@", u.GetProperty("emailAddress").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChangingTheSecurityGroup_IsAuditedWithOldAndNewValue()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var worker = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);

        var changed = await (await admin.PutJsonAsync($"users/{worker.Id}", new { securityGroup = "AdvancedRights", city = "Köln" })).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal("AdvancedRights", changed.GetProperty("securityGroup").GetString());
        Assert.Equal("Köln", changed.GetProperty("city").GetString());
        var entry = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.SingleAsync(a => a.Action == AuditActions.SecurityGroupChanged && a.TargetId == worker.Id, Ct));
        Assert.Equal(("BasicRights", "AdvancedRights"), (entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task DeletingAUser_DeactivatesIt_KeepsTheRow_AndIsAudited()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var worker = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);

        var removed = await (await admin.DeleteAsync($"users/{worker.Id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(worker.Id, removed.Id());
        Assert.False(removed.GetProperty("isActive").GetBoolean());
        Assert.False(await App.InCloudAsync(cloud.Id, db => db.Employees.Where(e => e.Id == worker.Id).Select(e => e.IsActive).SingleAsync(Ct)));
        Assert.True(await App.InCloudAsync(cloud.Id, db => db.AuditEntries.AnyAsync(a => a.Action == AuditActions.UserRemoved && a.TargetId == worker.Id, Ct)));
    }

    [Fact]
    public async Task TheCloudOwner_CannotBeDeleted_Deactivated_OrDemoted()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);

        await (await admin.DeleteAsync($"users/{cloud.OwnerId}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PutJsonAsync($"users/{cloud.OwnerId}", new { isActive = false })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.PutJsonAsync($"users/{cloud.OwnerId}", new { securityGroup = "AdvancedRights" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        var owner = await App.InCloudAsync(cloud.Id, db => db.Employees.SingleAsync(e => e.Id == cloud.OwnerId, Ct));
        Assert.True(owner.IsActive);
        Assert.Equal(SecurityGroup.AllRights, owner.SecurityGroup);
    }

    [Fact]
    public async Task ATokenOfADemotedUser_ActsWithTheNewRightsOnTheVeryNextRequest()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (other, otherUser) = await App.ApiClientAsync(cloud);
        await (await other.GetAsync("users/quota", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await other.PutJsonAsync($"users/{otherUser.Id}", new { city = "Bonn" })).AssertStatusAsync(HttpStatusCode.OK);

        await (await admin.PutJsonAsync($"users/{otherUser.Id}", new { securityGroup = "BasicRights" })).AssertStatusAsync(HttpStatusCode.OK);

        await (await other.PutJsonAsync($"users/{otherUser.Id}", new { city = "Köln" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ATokenOfADeactivatedUser_IsRefusedOnTheVeryNextRequest()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var (other, otherUser) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        await (await other.GetAsync("users", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        await (await admin.DeleteAsync($"users/{otherUser.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        await (await other.GetAsync("users", Ct)).AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task OnBasic_TheQuotaShowsThreePaidSeats_AndAFourthPaidUserIsRefused()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (admin, _) = await App.ApiClientAsync(cloud);
        await (await admin.PostJsonAsync("users", new { emailAddress = "third@example.test", firstName = "T", lastName = "H", securityGroup = "AllRights" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("users", new { emailAddress = "guest@example.test", firstName = "G", lastName = "U", securityGroup = "GuestRights" }))
            .AssertStatusAsync(HttpStatusCode.Created);

        var quota = await (await admin.GetAsync("users/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var refused = await (await admin.PostJsonAsync("users", new { emailAddress = "fourth@example.test", firstName = "F", lastName = "O", securityGroup = "AllRights" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal(3, quota.GetProperty("maxPaidUserCount").GetInt32());
        Assert.Equal(3, quota.GetProperty("activePaidUserCount").GetInt32());
        Assert.Equal(0, quota.GetProperty("availablePaidUserSeats").GetInt32());
        Assert.Equal(1, quota.GetProperty("activeGuestUserCount").GetInt32());
        Assert.Equal(4, quota.GetProperty("totalUserCount").GetInt32());
        Assert.Equal("seat_limit_reached", refused.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task BatchAdd_IsAllOrNothing_AndBatchUpdateChangesEveryItem()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var before = await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(Ct));

        var problem = await (await admin.PostJsonAsync("users/users", new object[]
        {
            new { emailAddress = "one@example.test", firstName = "One", lastName = "U", securityGroup = "BasicRights" },
            new { emailAddress = "not-an-address", firstName = "Two", lastName = "U", securityGroup = "BasicRights" },
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/1/emailAddress", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        Assert.Equal(before, await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(Ct)));

        var created = await (await admin.PostJsonAsync("users/users", new object[]
        {
            new { emailAddress = "one@example.test", firstName = "One", lastName = "U", securityGroup = "BasicRights" },
            new { emailAddress = "two@example.test", firstName = "Two", lastName = "U", securityGroup = "GuestRights" },
        })).AssertJsonAsync(HttpStatusCode.Created);
        var updated = await (await admin.PutJsonAsync("users/users", created.EnumerateArray().Select(u => new { id = u.Id(), lastName = "Renamed" }).ToArray()))
            .AssertJsonAsync(HttpStatusCode.OK);

        Assert.All(updated.EnumerateArray(), u => Assert.Equal("Renamed", u.GetProperty("lastName").GetString()));
        Assert.Equal(before + 2, await App.InCloudAsync(cloud.Id, db => db.Employees.CountAsync(Ct)));
    }
}

public sealed class UsersApiTestsOnSqlite(SqliteApp app) : UsersApiTests(app), IClassFixture<SqliteApp>;

public sealed class UsersApiTestsOnPostgres(PostgresApp app) : UsersApiTests(app), IClassFixture<PostgresApp>;
