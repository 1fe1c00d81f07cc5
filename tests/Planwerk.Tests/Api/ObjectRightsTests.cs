using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// Per-object read and write rights (docs/api.md "Per-object rights"): who sees and changes what, as a matrix of
/// security group × holder (the viewer, the viewer's team, someone else) × level (read, write) × object (project,
/// package, task), with the expectations worked out here from the documented rules, not from the app's code.
/// </summary>
public abstract class ObjectRightsTests(PlanwerkApp app) : ProviderTest(app)
{
    public enum Holder { Viewer, Team, SomeoneElse }

    public enum On { Project, Package, Task }

    private static readonly SecurityGroup[] Groups = [SecurityGroup.AllRights, SecurityGroup.AdvancedRights, SecurityGroup.BasicRights, SecurityGroup.GuestRights];

    /// <summary>The tree: project P ⊃ package K ⊃ sub-package S ⊃ task T; and project Q ⊃ task U that no right touches.</summary>
    private sealed record Tree(Guid P, Guid K, Guid S, Guid T, Guid Q, Guid U);

    public static TheoryData<Holder?, bool, On> Scenarios()
    {
        var data = new TheoryData<Holder?, bool, On> { { null, false, On.Project } };
        foreach (var holder in Enum.GetValues<Holder>())
        {
            foreach (var write in new[] { false, true })
            {
                foreach (var on in Enum.GetValues<On>())
                {
                    data.Add(holder, write, on);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task EveryGroup_ReadsAndWritesExactlyWhatTheRulesSay(Holder? holder, bool write, On on)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var tree = await TreeAsync(admin);
        var viewers = new Dictionary<SecurityGroup, TestUser>();
        foreach (var group in Groups)
        {
            viewers[group] = await App.CreateUserWithTokenAsync(cloud, group);
        }

        var someone = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var team = (await (await admin.PostJsonAsync("teams", new { name = "Viewers" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        foreach (var viewer in viewers.Values)
        {
            await (await admin.PutJsonAsync($"teams/{team}/members", new { employeeId = viewer.Id })).AssertStatusAsync(HttpStatusCode.OK);
        }

        var target = on switch
        {
            On.Project => $"projects/{tree.P}",
            On.Package => $"projects/{tree.P}/packages/{tree.K}",
            _ => $"tasks/{tree.T}",
        };
        var level = write ? "write" : "read";
        var refusedGuestWrite = false;
        switch (holder)
        {
            case Holder.Viewer:
                foreach (var viewer in viewers.Values)
                {
                    using var granted = await admin.PutJsonAsync($"{target}/{level}_rights", new { employeeId = viewer.Id });
                    if (viewer.Group == SecurityGroup.GuestRights && write)
                    {
                        await granted.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
                        refusedGuestWrite = true;
                    }
                    else
                    {
                        var right = await granted.AssertJsonAsync(HttpStatusCode.OK);
                        Assert.Equal(["id", "employeeId", "referenceId", "canEdit", "mandantId"], right.EnumerateObject().Select(p => p.Name));
                        Assert.Equal(write, right.GetProperty("canEdit").GetBoolean());
                    }
                }

                break;
            case Holder.Team:
                var teamRight = await (await admin.PutJsonAsync($"{target}/team_{level}_rights", new { teamId = team })).AssertJsonAsync(HttpStatusCode.OK);
                Assert.Equal(["id", "teamId", "referenceId", "canEdit", "mandantId"], teamRight.EnumerateObject().Select(p => p.Name));
                break;
            case Holder.SomeoneElse:
                await (await admin.PutJsonAsync($"{target}/{level}_rights", new { employeeId = someone.Id })).AssertStatusAsync(HttpStatusCode.OK);
                break;
        }

        var failures = new List<string>();
        foreach (var (group, viewer) in viewers)
        {
            // A guest refused a write right holds nothing, like anyone without a right while others hold one.
            var refused = refusedGuestWrite && group == SecurityGroup.GuestRights;
            var oracle = new Oracle(group, refused ? Holder.SomeoneElse : holder, write, on, tree);
            var client = App.ApiClient(viewer.Token);
            await CheckAsync(client, group, oracle, tree, failures);
        }

        Assert.True(failures.Count == 0, $"{holder} {level} on {on}:\n{string.Join('\n', failures)}");

        if (holder is not null)
        {
            // The reasons: every viewer holding the right is listed with it (write rights only for writers).
            var reasons = await (await admin.GetAsync($"tasks/{tree.T}/read_rights", Ct)).AssertJsonAsync(HttpStatusCode.OK);
            var writers = await (await admin.GetAsync($"tasks/{tree.T}/write_rights", Ct)).AssertJsonAsync(HttpStatusCode.OK);
            var expected = $"HasDirect{on}{(holder == Holder.Team ? "Team" : string.Empty)}{(write ? "Write" : "Read")}Right";
            var holders = holder == Holder.SomeoneElse ? [someone.Id] : viewers.Values.Select(v => v.Id).ToList();
            foreach (var id in holders)
            {
                var guest = viewers.Values.Any(v => v.Id == id && v.Group == SecurityGroup.GuestRights);
                var held = reasons.TryGetProperty(id.ToString(), out var list) ? list.EnumerateArray().Select(r => r.GetProperty("reason").GetString()).ToList() : [];
                if (guest && write && holder == Holder.Viewer)
                {
                    Assert.Empty(held); // the grant was refused
                    continue;
                }

                Assert.Contains(expected, held);
                Assert.Equal(write && !guest, writers.TryGetProperty(id.ToString(), out _));
            }
        }
    }

    /// <summary>The documented rules, written out for this tree.</summary>
    private sealed record Oracle(SecurityGroup Group, Holder? Holder, bool Write, On On, Tree Tree)
    {
        private bool Admin => Group == SecurityGroup.AllRights;
        private bool Guest => Group == SecurityGroup.GuestRights;

        /// <summary>The object the right is on and everything below it.</summary>
        private HashSet<Guid> Subtree => On switch
        {
            On.Project => [Tree.P, Tree.K, Tree.S, Tree.T],
            On.Package => [Tree.K, Tree.S, Tree.T],
            _ => [Tree.T],
        };

        /// <summary>What is above the object (readable as the way to it).</summary>
        private HashSet<Guid> Above => On switch
        {
            On.Project => [],
            On.Package => [Tree.P],
            _ => [Tree.P, Tree.K, Tree.S],
        };

        private bool Holds => Holder is ObjectRightsTests.Holder.Viewer or ObjectRightsTests.Holder.Team;

        /// <summary>A member's or a team's right restricts; here every scenario with a right has one (the other viewers are members).</summary>
        private bool Restricted(Guid id) => Holder is not null && Subtree.Contains(id);

        public bool Reads(Guid id) => Admin || (Holds && (Subtree.Contains(id) || Above.Contains(id))) || (!Guest && !Restricted(id));

        public bool GroupMayChange(Guid id) => id == Tree.T || id == Tree.U
            ? Group is not SecurityGroup.GuestRights
            : Group is SecurityGroup.AllRights or SecurityGroup.AdvancedRights;

        public bool RightsMayChange(Guid id) => Admin || !Restricted(id) || (Holds && Write && !Guest && Subtree.Contains(id));
    }

    private static async Task CheckAsync(HttpClient client, SecurityGroup group, Oracle oracle, Tree tree, List<string> failures)
    {
        var reads = new (Guid Id, string Path)[]
        {
            (tree.P, $"projects/{tree.P}"), (tree.K, $"projects/{tree.P}/packages/{tree.K}"), (tree.S, $"packages/{tree.S}"),
            (tree.T, $"tasks/{tree.T}"), (tree.Q, $"projects/{tree.Q}"), (tree.U, $"tasks/{tree.U}"),
        };
        foreach (var (id, path) in reads)
        {
            using var response = await client.GetAsync(path, Ct);
            var expected = oracle.Reads(id) ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            if (response.StatusCode != expected)
            {
                failures.Add($"{group}: GET {path} answered {(int)response.StatusCode}, expected {(int)expected}");
            }
        }

        var tasks = (await (await client.GetAsync("tasks", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(t => t.Id()).ToHashSet();
        var projects = (await (await client.GetAsync("projects", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(p => p.Id()).ToHashSet();
        foreach (var (id, listed, name) in new[] { (tree.T, tasks, "GET /tasks"), (tree.U, tasks, "GET /tasks"), (tree.P, projects, "GET /projects"), (tree.Q, projects, "GET /projects") })
        {
            if (listed.Contains(id) != oracle.Reads(id))
            {
                failures.Add($"{group}: {name} {(listed.Contains(id) ? "lists" : "does not list")} {id}");
            }
        }

        if (oracle.Reads(tree.P))
        {
            var structure = (await (await client.GetAsync($"projects/{tree.P}/structure", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetRawText();
            foreach (var id in new[] { tree.K, tree.S, tree.T })
            {
                if (structure.Contains(id.ToString(), StringComparison.Ordinal) != oracle.Reads(id))
                {
                    failures.Add($"{group}: the structure {(oracle.Reads(id) ? "misses" : "names")} {id}");
                }
            }
        }

        var writes = new (Guid Id, string Path)[]
        {
            (tree.P, $"projects/{tree.P}"), (tree.K, $"projects/{tree.P}/packages/{tree.K}"), (tree.T, $"tasks/{tree.T}"), (tree.U, $"tasks/{tree.U}"),
        };
        foreach (var (id, path) in writes)
        {
            using var response = await client.PutJsonAsync(path, new { title = $"changed by {group}" });
            var expected = !oracle.GroupMayChange(id) ? HttpStatusCode.Forbidden
                : !oracle.Reads(id) ? HttpStatusCode.NotFound
                : !oracle.RightsMayChange(id) ? HttpStatusCode.Forbidden
                : HttpStatusCode.OK;
            if (response.StatusCode != expected)
            {
                failures.Add($"{group}: PUT {path} answered {(int)response.StatusCode}, expected {(int)expected}");
            }
        }
    }

    private static async Task<Tree> TreeAsync(HttpClient admin)
    {
        async Task<Guid> Post(string path, object body) => (await (await admin.PostJsonAsync(path, body)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var p = await Post("projects", new { title = "P" });
        var k = await Post($"projects/{p}/packages", new { title = "K" });
        var s = await Post($"projects/{p}/packages", new { title = "S", parentPackageId = k });
        var t = await Post("tasks", new { title = "T", targetParentId = s });
        var q = await Post("projects", new { title = "Q" });
        var u = await Post("tasks", new { title = "U", targetParentId = q });
        return new Tree(p, k, s, t, q, u);
    }

    [Fact]
    public async Task Rights_AreIdempotent_WriteRevokesToRead_ReadRevokesAll_AndBadHoldersAreNamed()
    {
        var cloud = await App.CreateCloudAsync(Plan.Business);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var tree = await TreeAsync(admin);
        var ann = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AdvancedRights);
        var guest = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
        var project = $"projects/{tree.P}";

        var read = await (await admin.PutJsonAsync($"{project}/read_rights", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        var again = await (await admin.PutJsonAsync($"{project}/read_rights", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(read.Id(), again.Id());
        var upgraded = await (await admin.PutJsonAsync($"{project}/write_rights", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(read.Id(), upgraded.Id());
        Assert.True(upgraded.GetProperty("canEdit").GetBoolean());
        var stillWrite = await (await admin.PutJsonAsync($"{project}/read_rights", new { employeeId = ann.Id })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.True(stillWrite.GetProperty("canEdit").GetBoolean()); // write includes read

        var annClient = App.ApiClient(ann.Token);
        await (await annClient.PutJsonAsync($"tasks/{tree.T}", new { title = "by Ann" })).AssertStatusAsync(HttpStatusCode.OK);
        var downgraded = await (await admin.DeleteAsync($"{project}/write_rights/{ann.Id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.False(downgraded.GetProperty("canEdit").GetBoolean());
        await (await annClient.PutJsonAsync($"tasks/{tree.T}", new { title = "by Ann again" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await annClient.GetAsync($"tasks/{tree.T}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"{project}/write_rights/{ann.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await admin.DeleteAsync($"{project}/read_rights/{ann.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"{project}/read_rights/{ann.Id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await annClient.GetAsync($"tasks/{tree.T}", Ct)).AssertStatusAsync(HttpStatusCode.OK); // no right left: open again (v1)

        using var guestWrite = await admin.PutJsonAsync($"{project}/write_rights", new { employeeId = guest.Id });
        Assert.Equal("guest_write_right", (await guestWrite.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed"))
            .GetProperty("errors")[0].GetProperty("code").GetString());
        using var unknownUser = await admin.PutJsonAsync($"{project}/read_rights", new { employeeId = Guid.CreateVersion7() });
        Assert.Equal("unknown_user", (await unknownUser.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed"))
            .GetProperty("errors")[0].GetProperty("code").GetString());
        using var unknownTeam = await admin.PutJsonAsync($"{project}/team_read_rights", new { teamId = Guid.CreateVersion7() });
        Assert.Equal("/teamId", (await unknownTeam.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed"))
            .GetProperty("errors")[0].GetProperty("pointer").GetString());
        await (await admin.PutJsonAsync($"{project}/read_rights", new { })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        await (await admin.PutJsonAsync($"{project}/read_rights", new { employeeId = "nope" })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        await (await admin.PutJsonAsync($"projects/{Guid.CreateVersion7()}/read_rights", new { employeeId = ann.Id })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task FactrosQuirkRoute_GrantsTeamRightsOnAPackage_AndDeletingTheTeamLiftsThem()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var tree = await TreeAsync(admin);
        var member = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.BasicRights);
        var outsider = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.BasicRights);
        var team = (await (await admin.PostJsonAsync("teams", new { name = "Crew" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await admin.PutJsonAsync($"teams/{team}/members", new { employeeId = member.Id })).AssertStatusAsync(HttpStatusCode.OK);

        var right = await (await admin.PutJsonAsync($"projects/{tree.P}/{tree.K}/team_write_rights", new { teamId = team })).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(tree.K, right.GetProperty("referenceId").GetGuid());
        var outsiderClient = App.ApiClient(outsider.Token);
        var memberClient = App.ApiClient(member.Token);
        await (await outsiderClient.GetAsync($"tasks/{tree.T}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await memberClient.PutJsonAsync($"tasks/{tree.T}", new { title = "by the crew" })).AssertStatusAsync(HttpStatusCode.OK);
        var reasons = await (await admin.GetAsync($"projects/{tree.P}/packages/{tree.S}/read_rights", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var reason = reasons.GetProperty(member.Id.ToString())[0];
        Assert.Equal("HasDirectPackageTeamWriteRight", reason.GetProperty("reason").GetString());
        Assert.Equal(tree.K, reason.GetProperty("packageId").GetGuid());
        Assert.Equal(team, reason.GetProperty("teamId").GetGuid());

        await (await admin.DeleteAsync($"projects/{tree.P}/{tree.K}/team_write_rights/{team}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await memberClient.PutJsonAsync($"tasks/{tree.T}", new { title = "read only now" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.DeleteAsync($"teams/{team}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await outsiderClient.GetAsync($"tasks/{tree.T}", Ct)).AssertStatusAsync(HttpStatusCode.OK); // the team's rights went with it
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.ObjectRights.CountAsync(Ct)));
    }

    [Fact]
    public async Task RightsFireTheirWebhookActions_AndAWebhookOfADemotedOwnerIsSentNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        await App.SetSwitchAsync(cloud, webhooks: true);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var tree = await TreeAsync(admin);
        var ann = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var other = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AllRights);
        var hook = (await (await admin.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/rights", actionTypes = new[] { "*" } }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();
        var demotedHook = (await (await App.ApiClient(other.Token).PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/demoted", actionTypes = new[] { "*" } }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await admin.PutJsonAsync($"users/{other.Id}", new { securityGroup = "AdvancedRights" })).AssertStatusAsync(HttpStatusCode.OK);

        await (await admin.PutJsonAsync($"tasks/{tree.T}/read_rights", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"tasks/{tree.T}/write_rights", new { employeeId = ann.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"tasks/{tree.T}/write_rights/{ann.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"tasks/{tree.T}/read_rights/{ann.Id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        var events = await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.Where(d => d.WebhookId == hook && d.Event!.Action.Contains("Right"))
            .OrderBy(d => d.Id).Select(d => new { d.Event!.Action, d.Event.EntityType, d.Event.EntityId, d.Event.Changes }).ToListAsync(Ct));
        Assert.Equal(["ReadRightGranted", "WriteRightGranted", "WriteRightRevoked", "ReadRightRevoked"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal(("task", tree.T), (e.EntityType, e.EntityId)));
        Assert.Contains(ann.Id.ToString(), events[0].Changes, StringComparison.Ordinal);
        // (its owner's own demotion is the last event it gets: written while the owner still was an AllRights user)
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.WebhookDeliveries.CountAsync(d => d.WebhookId == demotedHook && d.Event!.Action.Contains("Right"), Ct)));

        using var listed = await admin.GetAsync("webhooks/actions", Ct);
        Assert.Contains("ReadRightGranted", await listed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var basic = await App.CreateCloudAsync(Plan.Basic);
        var (basicAdmin, _) = await App.ApiClientAsync(basic);
        using var basicActions = await basicAdmin.GetAsync("webhooks/actions", Ct);
        Assert.DoesNotContain("ReadRightGranted", await basicActions.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await (await basicAdmin.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/x", actionTypes = new[] { "ReadRightGranted" } }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "plan_feature_unavailable");
    }

    [Fact]
    public async Task APlanner_WithoutAWriteReason_CannotCreateInsideOrGrantOnARestrictedProject()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var tree = await TreeAsync(admin);
        var reader = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AdvancedRights);
        var officer = await App.CreateUserWithTokenAsync(cloud, SecurityGroup.AdvancedRights);
        await (await admin.PutJsonAsync($"projects/{tree.P}/read_rights", new { employeeId = reader.Id })).AssertStatusAsync(HttpStatusCode.OK);
        await (await admin.PutJsonAsync($"projects/{tree.P}/packages/{tree.S}", new { officerId = officer.Id })).AssertStatusAsync(HttpStatusCode.OK);
        var readerClient = App.ApiClient(reader.Token);
        var officerClient = App.ApiClient(officer.Token);

        await (await readerClient.PostJsonAsync("tasks", new { title = "new", targetParentId = tree.P })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await readerClient.PostJsonAsync($"projects/{tree.P}/packages", new { title = "new" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await readerClient.PutJsonAsync($"projects/{tree.P}/read_rights", new { employeeId = officer.Id })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await readerClient.PutJsonAsync($"tasks/{tree.U}/project", new { projectId = tree.P })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");

        // The package officer reads and writes the package and what is below it, and sees the project as the way there.
        await (await officerClient.GetAsync($"projects/{tree.P}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await officerClient.GetAsync($"projects/{tree.P}/packages/{tree.K}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await officerClient.PutJsonAsync($"tasks/{tree.T}", new { title = "by the officer" })).AssertStatusAsync(HttpStatusCode.OK);
        await (await officerClient.PostJsonAsync("tasks", new { title = "officer's", targetParentId = tree.S })).AssertStatusAsync(HttpStatusCode.Created);
        await (await officerClient.PutJsonAsync($"projects/{tree.P}", new { title = "not the officer's" })).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        var reasons = await (await admin.GetAsync($"tasks/{tree.T}/write_rights", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IsPackageOfficer", reasons.GetProperty(officer.Id.ToString())[0].GetProperty("reason").GetString());
        Assert.False(reasons.TryGetProperty(reader.Id.ToString(), out _));
    }
}

public sealed class ObjectRightsTestsOnSqlite(SqliteApp app) : ObjectRightsTests(app), IClassFixture<SqliteApp>;

public sealed class ObjectRightsTestsOnPostgres(PostgresApp app) : ObjectRightsTests(app), IClassFixture<PostgresApp>;
