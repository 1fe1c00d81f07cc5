using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// factro's company tags (<c>/companies/tags…</c>, <c>/companies/{id}/tags…</c>) and user tags (the same under
/// <c>/users</c>): the cloud's list, tagging and untagging, kept apart from project and task tags, rights by
/// security group, another cloud's ids as unknown, and the item's <c>…Updated</c> webhook action with the tag ids.
/// </summary>
public abstract class CompanyAndUserTagsTests(PlanwerkApp app) : ProviderTest(app)
{
    [Theory]
    [InlineData("companies", "CompanyUpdated")]
    [InlineData("users", "UserUpdated")]
    public async Task ATag_IsCreatedListedPutOnAnItemAndTakenOff_AndEachChangeFiresTheItemsUpdatedAction(string owner, string action)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var item = await CreateItemAsync(client, cloud, owner);
        await (await client.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { action } })).AssertStatusAsync(HttpStatusCode.Created);

        var vip = await (await client.PostJsonAsync($"{owner}/tags", new { name = "VIP" })).AssertJsonAsync(HttpStatusCode.Created);
        var north = await (await client.PostJsonAsync($"{owner}/tags", new { name = "North" })).AssertJsonAsync(HttpStatusCode.Created);
        var duplicate = await (await client.PostJsonAsync($"{owner}/tags", new { name = "VIP" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var list = await (await client.GetAsync($"{owner}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var tagged = await (await client.PutJsonAsync($"{owner}/{item}/tags", new[] { vip.Id(), north.Id() })).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"{owner}/{item}/tags", new { tagIds = new[] { vip.Id() } })).AssertStatusAsync(HttpStatusCode.OK); // already there: no change
        var removed = await (await client.DeleteAsync($"{owner}/{item}/tags/{north.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var after = await (await client.GetAsync($"{owner}/{item}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"{owner}/{item}/tags/{north.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("duplicate", duplicate.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal(new[] { "North", "VIP" }, list.EnumerateArray().Select(t => t.GetProperty("name").GetString()).Order());
        Assert.Equal(new[] { north.Id(), vip.Id() }.Order(), tagged.EnumerateArray().Select(t => t.Id()).Order());
        Assert.Equal(north.Id(), removed.Id());
        Assert.Equal([vip.Id()], after.EnumerateArray().Select(t => t.Id()));
        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.Where(e => e.Action == action).OrderBy(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(item, e.EntityId));
        var both = new[] { vip.Id(), north.Id() }.Order().ToArray();
        AssertTagChange(events[0].Changes, [], both);
        AssertTagChange(events[1].Changes, both, [vip.Id()]);
    }

    [Fact]
    public async Task CompanyTags_UserTags_ProjectTagsAndTaskTags_AreFourSeparateLists()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, user) = await App.ApiClientAsync(cloud);
        var company = await CreateItemAsync(client, cloud, "companies");
        var projectTag = await (await client.PostJsonAsync("projects/tags", new { name = "Same" })).AssertJsonAsync(HttpStatusCode.Created);
        var companyTag = await (await client.PostJsonAsync("companies/tags", new { name = "Same" })).AssertJsonAsync(HttpStatusCode.Created);
        var userTag = await (await client.PostJsonAsync("users/tags", new { name = "Same" })).AssertJsonAsync(HttpStatusCode.Created);

        var wrongKind = await (await client.PutJsonAsync($"companies/{company}/tags", new[] { projectTag.Id() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.PutJsonAsync($"users/{user.Id}/tags", new[] { companyTag.Id() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await client.DeleteAsync($"users/tags/{companyTag.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("unknown_tag", wrongKind.GetProperty("errors")[0].GetProperty("code").GetString());
        Assert.Equal([companyTag.Id()], (await (await client.GetAsync("companies/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
        Assert.Equal([userTag.Id()], (await (await client.GetAsync("users/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
        Assert.Equal([projectTag.Id()], (await (await client.GetAsync("projects/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task DeletingATagFromTheList_TakesItOffEveryCompany_AndDeletingACompany_DropsItsTagging()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);
        var first = await CreateItemAsync(client, cloud, "companies");
        var second = await CreateItemAsync(client, cloud, "companies");
        var keep = await (await client.PostJsonAsync("companies/tags", new { name = "Keep" })).AssertJsonAsync(HttpStatusCode.Created);
        var drop = await (await client.PostJsonAsync("companies/tags", new { name = "Drop" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await client.PutJsonAsync($"companies/{first}/tags", new[] { keep.Id(), drop.Id() })).AssertStatusAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync($"companies/{second}/tags", new[] { keep.Id() })).AssertStatusAsync(HttpStatusCode.OK);

        var deleted = await (await client.DeleteAsync($"companies/tags/{drop.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var firstTags = await (await client.GetAsync($"companies/{first}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync($"companies/{second}", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(drop.Id(), deleted.Id());
        Assert.Equal([keep.Id()], firstTags.EnumerateArray().Select(t => t.Id()));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.TagAssignments.CountAsync(a => a.EntityId == second, Ct)));
        Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.TagAssignments.CountAsync(a => a.EntityId == first, Ct)));
    }

    [Fact]
    public async Task CompanyTags_AreReadByMembersAndWrittenByPlanners_AndHiddenFromGuests()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (owner, _) = await App.ApiClientAsync(cloud);
        var company = await CreateItemAsync(owner, cloud, "companies");
        var tag = await (await owner.PostJsonAsync("companies/tags", new { name = "T" })).AssertJsonAsync(HttpStatusCode.Created);
        var (advanced, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (basic, _) = await App.ApiClientAsync(cloud, SecurityGroup.BasicRights);
        var (guest, _) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);

        await (await advanced.PutJsonAsync($"companies/{company}/tags", new[] { tag.Id() })).AssertStatusAsync(HttpStatusCode.OK);
        var read = await (await basic.GetAsync($"companies/{company}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        await (await basic.PostJsonAsync("companies/tags", new { name = "B" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await basic.DeleteAsync($"companies/{company}/tags/{tag.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.GetAsync("companies/tags", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.GetAsync($"companies/{company}/tags", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal([tag.Id()], read.EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task UserTags_AreWrittenOnlyByAllRights_AndAGuestSeesOnlyTheirOwnTags()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (owner, ownerUser) = await App.ApiClientAsync(cloud);
        var (advanced, _) = await App.ApiClientAsync(cloud, SecurityGroup.AdvancedRights);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var tag = await (await owner.PostJsonAsync("users/tags", new { name = "Berlin office" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await owner.PutJsonAsync($"users/{guestUser.Id}/tags", new[] { tag.Id() })).AssertStatusAsync(HttpStatusCode.OK);

        await (await advanced.PostJsonAsync("users/tags", new { name = "A" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await advanced.PutJsonAsync($"users/{ownerUser.Id}/tags", new[] { tag.Id() })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var own = await (await guest.GetAsync($"users/{guestUser.Id}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        await (await guest.GetAsync($"users/{ownerUser.Id}/tags", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var seenByAdvanced = await (await advanced.GetAsync($"users/{guestUser.Id}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal([tag.Id()], own.EnumerateArray().Select(t => t.Id()));
        Assert.Equal([tag.Id()], seenByAdvanced.EnumerateArray().Select(t => t.Id()));
    }

    [Theory]
    [InlineData("companies")]
    [InlineData("users")]
    public async Task AnotherCloudsItemsAndTags_AreUnknown(string owner)
    {
        var a = await App.CreateCloudAsync(Plan.Team);
        var b = await App.CreateCloudAsync(Plan.Team);
        var (clientA, _) = await App.ApiClientAsync(a);
        var (clientB, _) = await App.ApiClientAsync(b);
        var itemA = await CreateItemAsync(clientA, a, owner);
        var itemB = await CreateItemAsync(clientB, b, owner);
        var tagB = await (await clientB.PostJsonAsync($"{owner}/tags", new { name = "B's" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await clientB.PutJsonAsync($"{owner}/{itemB}/tags", new[] { tagB.Id() })).AssertStatusAsync(HttpStatusCode.OK);

        await (await clientA.GetAsync($"{owner}/{itemB}/tags", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientA.PutJsonAsync($"{owner}/{itemB}/tags", Array.Empty<Guid>())).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientA.DeleteAsync($"{owner}/{itemB}/tags/{tagB.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientA.DeleteAsync($"{owner}/tags/{tagB.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await clientA.PutJsonAsync($"{owner}/{itemA}/tags", new[] { tagB.Id() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var listA = await (await clientA.GetAsync($"{owner}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, listA.GetArrayLength());
        Assert.Equal([tagB.Id()], (await (await clientB.GetAsync($"{owner}/{itemB}/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()));
    }

    private async Task<Guid> CreateItemAsync(HttpClient client, TestCloud cloud, string owner) => owner == "companies"
        ? (await (await client.PostJsonAsync("companies", new { name = $"Company {Guid.NewGuid():N}" })).AssertJsonAsync(HttpStatusCode.Created)).Id()
        : (await App.CreateUserAsync(cloud, SecurityGroup.BasicRights)).Id;

    private static void AssertTagChange(string? changes, Guid[] old, Guid[] @new)
    {
        Assert.NotNull(changes);
        var field = JsonDocument.Parse(changes).RootElement.GetProperty("tagIds");
        Assert.Equal(old, field.GetProperty("old").EnumerateArray().Select(i => i.GetGuid()));
        Assert.Equal(@new, field.GetProperty("new").EnumerateArray().Select(i => i.GetGuid()));
    }
}

public sealed class CompanyAndUserTagsTestsOnSqlite(SqliteApp app) : CompanyAndUserTagsTests(app), IClassFixture<SqliteApp>;

public sealed class CompanyAndUserTagsTestsOnPostgres(PostgresApp app) : CompanyAndUserTagsTests(app), IClassFixture<PostgresApp>;
