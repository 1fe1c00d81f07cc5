using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// Every page and every form handler of the web UI (taken from the app's own endpoints, so a new page
/// must be added to <see cref="Rules"/> or this fails) × every role (anonymous, owner, the four groups)
/// × every plan × both owner's switches → the expected answer: a redirect to /login for anonymous
/// visitors, 403 for a role the page is not for, 404 for another cloud's ids (nothing leaks), and a
/// refused form writes nothing.
/// </summary>
public abstract class UiAccessMatrixTests(PlanwerkApp app) : ProviderTest(app)
{
    /// <summary>Who may use a page (and its forms).</summary>
    public enum Who { Anyone, Member, NotGuest, Planner, Admin, Owner }

    private enum Role { Anonymous, Owner, Admin, Planner, Employee, Guest }

    /// <summary>The expected access of a page: who, which plan feature it needs, and whether it needs webhooks on.</summary>
    private sealed record Rule(Who Who, PlanFeature? Feature = null, bool NeedsWebhooksOn = false, Dictionary<string, Who>? Handlers = null);

    private static readonly Dictionary<string, Rule> Rules = new(StringComparer.Ordinal)
    {
        ["error"] = new(Who.Anyone), // the browser's error page (re-executed); opened directly, a 404
        ["login"] = new(Who.Anyone),
        ["signup"] = new(Who.Anyone),
        ["account/forgot-password"] = new(Who.Anyone),
        ["account/reset-password"] = new(Who.Anyone), // without a working link it says so (200)
        ["language"] = new(Who.Anyone),
        ["logout"] = new(Who.Member),
        ["switch-cloud"] = new(Who.Member),
        ["welcome"] = new(Who.Member),
        ["account/password"] = new(Who.Member),
        ["projects"] = new(Who.Member),
        ["projects/new"] = new(Who.Planner), // projects are planned by AllRights and AdvancedRights (Right.PlanProjects)
        ["projects/{id:guid}"] = new(Who.Member, Handlers: new() { ["Archive"] = Who.Planner, ["UploadDocument"] = Who.Planner, ["DeleteDocument"] = Who.Planner }),
        ["projects/{id:guid}/edit"] = new(Who.NotGuest),
        ["projects/{id:guid}/delete"] = new(Who.Planner),
        ["projects/{id:guid}/board"] = new(Who.Member), // moving a card is the task's state: the service decides per task, as on the task page
        ["projects/{projectId:guid}/packages/new"] = new(Who.Planner),
        ["projects/{projectId:guid}/packages/{id:guid}/edit"] = new(Who.NotGuest),
        ["projects/{projectId:guid}/packages/{id:guid}/delete"] = new(Who.Planner),
        ["projects/{projectId:guid}/tasks/new"] = new(Who.NotGuest),
        // a task's page: guests set the state, tick and comment (changing and deleting their own comments); the checklist's other forms are task editors'
        ["tasks/{id:guid}"] = new(Who.Member, Handlers: new()
        {
            ["EditEntry"] = Who.NotGuest, ["MoveEntry"] = Who.NotGuest, ["DeleteEntry"] = Who.NotGuest, ["UploadDocument"] = Who.NotGuest, ["DeleteDocument"] = Who.NotGuest,
        }),
        ["documents/{id:guid}/content"] = new(Who.Member), // a download: what the caller can see of the thing it hangs on (DocumentsPageTests)
        ["tasks/{id:guid}/edit"] = new(Who.NotGuest),
        ["tasks/{id:guid}/delete"] = new(Who.NotGuest), // task editors (Right.EditTasks); a closed task refuses (task_closed)
        ["work-records"] = new(Who.NotGuest, PlanFeature.WorkRecords),
        ["work-records/export.csv"] = new(Who.NotGuest, PlanFeature.WorkRecords),
        ["work-records/{id:guid}/edit"] = new(Who.NotGuest, PlanFeature.WorkRecords), // the records one can see: one's own, planners everyone's
        ["settings/integrations"] = new(Who.NotGuest),
        ["settings/integrations/api"] = new(Who.NotGuest, Handlers: new() { ["Switch"] = Who.Owner }),
        ["settings/integrations/webhooks"] = new(Who.NotGuest, Handlers: new() { ["Switch"] = Who.Owner }),
        ["settings/integrations/webhooks/new"] = new(Who.Admin, NeedsWebhooksOn: true),
        ["settings/integrations/webhooks/{id:guid}"] = new(Who.Admin),
        ["settings/integrations/webhooks/{id:guid}/edit"] = new(Who.Admin, NeedsWebhooksOn: true),
        ["settings/users"] = new(Who.Admin),
        ["users/{id:guid}"] = new(Who.NotGuest),
        // a person's page: everyone but guests (Right.Calendar); whose absences and appointments one keeps, the handlers decide (PersonPageTests)
        ["teams"] = new(Who.NotGuest, Handlers: new()
        {
            ["Create"] = Who.Admin, ["Update"] = Who.Admin, ["Delete"] = Who.Admin, ["AddMember"] = Who.Admin, ["RemoveMember"] = Who.Admin,
        }), // everyone but guests sees teams; AllRights users manage them (Right.ManageTeams)
        ["rights/{kind}/{id:guid}"] = new(Who.NotGuest, Handlers: new() { ["Grant"] = Who.Planner, ["Revoke"] = Who.Planner }),
        // the rights panel: everyone but guests reads who holds rights; planners who may change the object grant (Right.ManageObjectRights)
        ["settings/audit"] = new(Who.Admin),
        ["settings/audit/export.csv"] = new(Who.Admin),
        ["settings/plan"] = new(Who.Owner),
    };

    /// <summary>A page as the app lists it: its route and its handlers (method, name).</summary>
    private sealed record UiPage(string Route, IReadOnlyList<(string Method, string? Name)> Handlers);

    private static List<UiPage> Pages(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Route: e.RoutePattern.RawText!.Trim('/'), Page: e.Metadata.GetMetadata<CompiledPageActionDescriptor>()))
            .Where(p => p.Page is not null)
            .GroupBy(p => p.Route)
            .Select(g => new UiPage(g.Key, g.First().Page!.HandlerMethods.Select(h => (h.HttpMethod.ToUpperInvariant(), h.Name)).Distinct().ToList()))
            .OrderBy(p => p.Route, StringComparer.Ordinal).ToList();

    [Fact]
    public void EveryPageOfTheApp_HasAnAccessRule()
    {
        var pages = Pages(App.Services).Select(p => p.Route).ToList();
        Assert.True(pages.Count >= Rules.Count - 1, $"only {pages.Count} pages found");
        Assert.Empty(pages.Except(Rules.Keys));
        Assert.Empty(Rules.Keys.Except(pages));
    }

    [Theory]
    [InlineData(Plan.Basic)]
    [InlineData(Plan.Team)]
    [InlineData(Plan.Business)]
    [InlineData(Plan.Professional)]
    public async Task EveryPageAndForm_ForEveryRoleAndSwitch_AnswersAsItsRuleSays(Plan plan)
    {
        var foreign = await ForeignIdsAsync();
        var pages = Pages(App.Services);
        var failures = new List<string>();
        var requests = 0;
        foreach (var (api, webhooks) in new[] { (true, true), (true, false), (false, true), (false, false) })
        {
            var cloud = await App.CreateCloudAsync(plan);
            await App.SetSwitchAsync(cloud, api, webhooks);
            foreach (var role in Enum.GetValues<Role>().Where(r => Exists(r, plan)))
            {
                using var session = await SessionAsync(cloud, role);
                var token = role == Role.Anonymous ? null : WebSession.AntiforgeryToken(await session!.GetPageAsync("/account/password"));
                using var anonymous = role == Role.Anonymous ? App.CreateClient(new() { AllowAutoRedirect = false }) : null;
                var client = session?.Client ?? anonymous!;
                foreach (var page in pages)
                {
                    var rule = Rules[page.Route];
                    var url = "/" + Fill(page.Route, foreign);
                    var expected = ExpectedGet(rule, page.Route, role, plan, webhooks);
                    var response = await client.GetAsync(url, Ct);
                    requests++;
                    Check(failures, $"{plan} api={api} webhooks={webhooks} {role} GET {url}", response, expected);

                    foreach (var (method, name) in page.Handlers.Where(h => h.Method == "POST"))
                    {
                        var who = rule.Handlers?.GetValueOrDefault(name ?? string.Empty) ?? rule.Who;
                        if (who == Who.Anyone || (role != Role.Anonymous && Allows(who, role)))
                        {
                            continue; // an allowed form's behaviour is the feature tests' business
                        }

                        var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
                        var post = await client.PostAsync(url + (name is null ? "" : $"?handler={name}"),
                            new FormUrlEncodedContent(token is null ? [] : [new("__RequestVerificationToken", token)]), Ct);
                        requests++;
                        Check(failures, $"{plan} api={api} webhooks={webhooks} {role} POST {url} {name}", post,
                            role == Role.Anonymous ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden);
                        if ((await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)).Differences(before) is { Count: > 0 } changed)
                        {
                            failures.Add($"{plan} {role} POST {url} {name}: a refused form wrote {string.Join(", ", changed)}");
                        }
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests answered wrongly:\n{string.Join('\n', failures.Take(40))}");
    }

    private static HttpStatusCode ExpectedGet(Rule rule, string route, Role role, Plan plan, bool webhooksOn)
    {
        if (route is "logout" or "language" or "switch-cloud")
        {
            return HttpStatusCode.Redirect; // a GET of a POST-only page goes back (or, anonymous, to /login)
        }

        if (route == "error")
        {
            return HttpStatusCode.NotFound;
        }

        if (rule.Who == Who.Anyone)
        {
            return HttpStatusCode.OK;
        }

        if (role == Role.Anonymous)
        {
            return HttpStatusCode.Redirect;
        }

        if (!Allows(rule.Who, role) || (rule.NeedsWebhooksOn && !webhooksOn))
        {
            return HttpStatusCode.Forbidden;
        }

        if (rule.Feature is { } feature && !plan.Has(feature))
        {
            return HttpStatusCode.NotFound;
        }

        return route.Contains('{', StringComparison.Ordinal) ? HttpStatusCode.NotFound : HttpStatusCode.OK; // another cloud's ids
    }

    private static bool Allows(Who who, Role role) => who switch
    {
        Who.Anyone or Who.Member => true,
        Who.NotGuest => role != Role.Guest,
        Who.Planner => role is Role.Owner or Role.Admin or Role.Planner,
        Who.Admin => role is Role.Owner or Role.Admin,
        Who.Owner => role == Role.Owner,
        _ => false,
    };

    private static bool Exists(Role role, Plan plan) => role is not (Role.Planner or Role.Employee) || plan.Has(PlanFeature.ExtendedSecurityGroups);

    private static void Check(List<string> failures, string what, HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            failures.Add($"{what}: {(int)response.StatusCode} (expected {(int)expected}) {response.Headers.Location}");
        }

        if (expected == HttpStatusCode.Redirect && response.StatusCode == HttpStatusCode.Redirect
            && response.RequestMessage?.RequestUri?.AbsolutePath is { } path && !path.StartsWith("/logout", StringComparison.Ordinal)
            && !path.StartsWith("/language", StringComparison.Ordinal) && !path.StartsWith("/switch-cloud", StringComparison.Ordinal)
            && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) != true)
        {
            failures.Add($"{what}: redirected to {response.Headers.Location}, not to /login");
        }
    }

    private async Task<WebSession?> SessionAsync(TestCloud cloud, Role role) => role switch
    {
        Role.Anonymous => null,
        Role.Owner => await WebSession.SignInAsync(App, cloud),
        Role.Admin => (await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AllRights)).Session,
        Role.Planner => (await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AdvancedRights)).Session,
        Role.Employee => (await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights)).Session,
        _ => (await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights)).Session,
    };

    /// <summary>Real ids of another cloud's project, package, task, work record, webhook, user and document, to fill the routes with.</summary>
    private async Task<Dictionary<string, Guid>> ForeignIdsAsync()
    {
        var other = await App.CreateCloudAsync(Plan.Professional);
        var (client, _) = await App.ApiClientAsync(other);
        var project = await (await client.PostJsonAsync("projects", new { title = "Foreign" })).AssertJsonAsync(HttpStatusCode.Created);
        var package = await (await client.PostJsonAsync($"projects/{project.Id()}/packages", new { title = "Foreign package" })).AssertJsonAsync(HttpStatusCode.Created);
        var task = await (await client.PostJsonAsync("tasks", new { title = "Foreign task", targetParentId = project.Id() })).AssertJsonAsync(HttpStatusCode.Created);
        var record = await (await client.PostJsonAsync("work-records", new
        {
            startDate = "2026-12-01", minutesWorked = 30, utcOffset = 0, bookedOnReferenceId = task.Id(), bookedOnReferenceType = "task",
        })).AssertJsonAsync(HttpStatusCode.Created);
        var webhook = await (await client.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/x", actionTypes = new[] { "*" } })).AssertJsonAsync(HttpStatusCode.Created);
        var document = await (await ApiSampleData.UploadAsync(client, $"tasks/{task.Id()}/documents", "foreign.txt", "foreign"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        return new()
        {
            ["documents"] = document.Id(),
            ["projects"] = project.Id(), ["packages"] = package.Id(), ["tasks"] = task.Id(), ["webhooks"] = webhook.Id(), ["work-records"] = record.Id(),
            ["users"] = other.OwnerId,
        };
    }

    /// <summary>Fills each <c>{…}</c> with the foreign id of the entity named by the segment before it.</summary>
    private static string Fill(string route, Dictionary<string, Guid> foreign)
    {
        var segments = route.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i] == "{kind}")
            {
                segments[i] = "task"; // the rights panel of a task: its id follows
            }
            else if (segments[i].StartsWith('{'))
            {
                segments[i] = foreign[segments[i - 1] == "task" ? "tasks" : segments[i - 1]].ToString();
            }
        }

        return string.Join('/', segments);
    }
}

public sealed class UiAccessMatrixTestsOnSqlite(SqliteApp app) : UiAccessMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class UiAccessMatrixTestsOnPostgres(PostgresApp app) : UiAccessMatrixTests(app), IClassFixture<PostgresApp>;
