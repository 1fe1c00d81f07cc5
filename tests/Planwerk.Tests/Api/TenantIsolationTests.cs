using System.Net;
using System.Text;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Infrastructure.ApiSampleData;

namespace Planwerk.Tests.Api;

/// <summary>
/// Governance rule 6 through the API: two professional clouds, B holding one of everything (made
/// through B's API). For every Core API route from the app's own endpoint list, A's owner, filling the
/// route's parameters with B's ids, gets 404 and learns nothing; A's lists never hold a B id; B's own
/// token gets 200 on the same ids (so the ids are the right ones); and B's data is unchanged after it all.
/// </summary>
public abstract class TenantIsolationTests(PlanwerkApp app) : ProviderTest(app)
{
    /// <summary>Route parameters that are not ids, with the value every caller sends.</summary>
    private static readonly Dictionary<string, string> NonIdParameters = new()
    {
        ["startDate"] = "2020-01-01",
        ["actionType"] = "TaskCreated",
    };

    /// <summary>
    /// The sample kind an id parameter stands for, from the parameter's name, the segment before it and
    /// (for comments and tags) the route it sits in; null when the mapping does not know it.
    /// </summary>
    public static string? KindOf(CoreRoute route, string name, string previousSegment)
    {
        var p = route.Pattern;
        return name switch
        {
            "pid" or "projectId" => Project,
            "entryId" => ChecklistEntry,
            "connectedTaskId" => OtherTask,
            "deliveryId" => Delivery,
            "teamMemberId" => TeamMember,
            "absenceId" => Absence,
            "substituteId" => Substitute,
            "employeeId" => User,
            "teamId" => Team,
            "id" when p.StartsWith("/api/core/projects/{pid}/{id}/", StringComparison.Ordinal) => Package, // factro's team-rights quirk
            "tagId" when p.StartsWith("/api/core/projects/", StringComparison.Ordinal) => ProjectTag,
            "tagId" when p.StartsWith("/api/core/tasks/", StringComparison.Ordinal) => TaskTag,
            "tagId" when p.StartsWith("/api/core/companies/", StringComparison.Ordinal) => CompanyTag,
            "tagId" when p.StartsWith("/api/core/users/", StringComparison.Ordinal) => UserTag,
            "commentId" when p.Contains("/packages/{id}/comments/", StringComparison.Ordinal) => PackageComment,
            "commentId" when p.StartsWith("/api/core/projects/{id}/comments/", StringComparison.Ordinal) => ProjectComment,
            "commentId" when p.StartsWith("/api/core/tasks/{id}/comments/", StringComparison.Ordinal) => TaskComment,
            "commentId" when p.StartsWith("/api/core/work-records/{id}/comments/", StringComparison.Ordinal) => WorkRecordComment,
            "documentId" when p.Contains("/packages/{id}/documents/", StringComparison.Ordinal) => PackageDocument,
            "documentId" when p.StartsWith("/api/core/projects/{id}/documents/", StringComparison.Ordinal) => ProjectDocument,
            "documentId" when p.StartsWith("/api/core/tasks/{id}/documents/", StringComparison.Ordinal) => TaskDocument,
            "id" => previousSegment switch
            {
                "projects" => Project,
                "packages" => Package,
                "tasks" => MainTask,
                "work-records" => WorkRecord,
                "comments" => TaskComment,
                "users" => User,
                "companies" => Company,
                "contacts" => Contact,
                "webhooks" => Webhook,
                "tokens" => Token,
                "teams" => Team,
                "appointments" => Appointment,
                "documents" => TaskDocument,
                _ => null,
            },
            _ => null,
        };
    }

    [Fact]
    public void EveryRouteParameter_IsKnownToTheMapping()
    {
        var unknown = CoreApiRoutes.All(App.Services)
            .SelectMany(route => Parameters(route).Where(x => !NonIdParameters.ContainsKey(x.Name) && KindOf(route, x.Name, x.Previous) is null)
                .Select(x => $"{route}: {{{x.Name}}} after \"{x.Previous}\""))
            .ToList();

        Assert.True(unknown.Count == 0,
            $"Extend {nameof(TenantIsolationTests)}.{nameof(KindOf)} (and {nameof(ApiSampleData)} if a new kind of thing is needed) for:\n{string.Join('\n', unknown)}");
    }

    [Fact]
    public async Task EveryRoute_CalledByCloudAWithIdsOfCloudB_Answers404AndRevealsNothing_AndLeavesBUnchanged()
    {
        var (a, b) = await TwoCloudsAsync();
        var before = await CloudFingerprint.TakeAsync(App, b.Cloud.Id, Ct);
        var failures = new List<string>();
        var checkedRoutes = 0;

        foreach (var route in CoreApiRoutes.All(App.Services).Where(r => Parameters(r).Any(x => !NonIdParameters.ContainsKey(x.Name))))
        {
            checkedRoutes++;
            var url = Fill(route, b.Data);
            using var response = await SendAsync(a.Client, route.Method, url);
            var (status, code, body) = await ReadAsync(response);
            var leaked = Leaks(body, b, except: url);
            if (leaked is not null)
            {
                failures.Add($"{route.Method} {url}: the answer ({status} {code}) reveals {leaked}");
            }

            if (status == 404 && code == "not_found")
            {
                continue;
            }

            // A route that validates its body before it looks the id up may answer otherwise, but never
            // with success, and never differently from an id that exists nowhere (no existence oracle).
            using var control = await SendAsync(a.Client, route.Method, route.Fill((_, _) => Guid.CreateVersion7().ToString()));
            var (controlStatus, controlCode, _) = await ReadAsync(control);
            if (status is < 400 or >= 500 || (status, code) != (controlStatus, controlCode))
            {
                failures.Add($"{route.Method} {url}: expected 404 not_found (or the answer to an unknown id, {controlStatus} {controlCode}), got {status} {code}\n{body}");
            }
        }

        Assert.True(checkedRoutes >= 60, $"only {checkedRoutes} routes with id parameters found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var after = await CloudFingerprint.TakeAsync(App, b.Cloud.Id, Ct);
        Assert.True(before.Differences(after).Count == 0, "cloud B changed: " + string.Join(", ", before.Differences(after)));
    }

    [Fact]
    public async Task EveryListRoute_OfCloudA_HoldsNoIdOrTextOfCloudB()
    {
        var (a, b) = await TwoCloudsAsync();
        var failures = new List<string>();
        var lists = 0;

        // Lists without parameters, and A's own lists (every GET route filled with A's ids).
        foreach (var route in CoreApiRoutes.All(App.Services).Where(r => r.Method == "GET"))
        {
            lists++;
            var url = Fill(route, a.Data);
            using var response = await SendAsync(a.Client, "GET", url);
            var (status, code, body) = await ReadAsync(response);
            if (status != 200)
            {
                failures.Add($"GET {url} (A's own): expected 200, got {status} {code}\n{body}");
            }

            if (Leaks(body, b, except: string.Empty) is { } leaked)
            {
                failures.Add($"GET {url} (A's own) reveals {leaked}");
            }
        }

        Assert.True(lists >= 40, $"only {lists} GET routes found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryGetRoute_CalledByCloudBWithItsOwnIds_Answers200_SoTheIdsAreTheRightOnes()
    {
        var (_, b) = await TwoCloudsAsync();
        var failures = new List<string>();

        foreach (var route in CoreApiRoutes.All(App.Services).Where(r => r.Method == "GET" && r.Pattern.Contains('{', StringComparison.Ordinal)))
        {
            var url = Fill(route, b.Data);
            using var response = await SendAsync(b.Client, "GET", url);
            var (status, code, body) = await ReadAsync(response);
            if (status != 200)
            {
                failures.Add($"GET {url} (B's own): expected 200, got {status} {code}\n{body}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task WritesOfCloudA_ThatNameIdsOfCloudBInTheBody_AreRefused_AndBIsUnchanged()
    {
        var (a, b) = await TwoCloudsAsync();
        var before = await CloudFingerprint.TakeAsync(App, b.Cloud.Id, Ct);
        var ownTask = a.Data[MainTask];
        var ownProject = a.Data[Project];
        var attempts = new (string Method, string Url, object Body)[]
        {
            ("POST", "tasks", new { title = "x", targetParentId = b.Data[Project] }),
            ("POST", "tasks", new { title = "x", targetParentId = b.Data[Package] }),
            ("POST", $"projects/{ownProject}/packages", new { title = "x", parentPackageId = b.Data[Package] }),
            ("PUT", $"tasks/{ownTask}/project", new { projectId = b.Data[Project] }),
            ("PUT", $"tasks/{ownTask}/package", new { packageId = b.Data[Package] }),
            ("PUT", $"tasks/{ownTask}/task_connections", new[] { b.Data[MainTask] }),
            ("PUT", $"tasks/{ownTask}/tags", new[] { b.Data[TaskTag] }),
            ("PUT", $"projects/{ownProject}/tags", new[] { b.Data[ProjectTag] }),
            ("PUT", $"tasks/{ownTask}/company", new { companyId = b.Data[Company] }),
            ("PUT", $"projects/{ownProject}/contact", new { contactId = b.Data[Contact] }),
            ("PUT", $"projects/{ownProject}/packages/{a.Data[Package]}/company", new { companyId = b.Data[Company] }),
            ("PUT", $"projects/{ownProject}/packages/{a.Data[Package]}/contact", new { contactId = b.Data[Contact] }),
            ("PUT", $"companies/{a.Data[Company]}/tags", new[] { b.Data[CompanyTag] }),
            ("PUT", $"users/{a.Data[User]}/tags", new[] { b.Data[UserTag] }),
            ("PUT", $"tasks/{ownTask}", new { executorId = b.Data[User] }),
            ("POST", $"tasks/{ownTask}/comments", new { text = "x", parentId = b.Data[TaskComment] }),
            ("POST", "contacts", new { firstName = "x", lastName = "y", companyId = b.Data[Company] }),
            ("POST", "work-records", new { startDate = "2026-11-27", utcOffset = 0, minutesWorked = 5, bookedOnReferenceId = b.Data[MainTask], bookedOnReferenceType = "task" }),
            ("POST", "work-records", new { startDate = "2026-11-27", utcOffset = 0, minutesWorked = 5, bookedOnReferenceId = ownTask, bookedOnReferenceType = "task", workEmployeeId = b.Data[User] }),
            ("PUT", "tasks/tasks", new[] { new { id = b.Data[MainTask], title = "x" } }),
            ("PUT", "projects/projects", new[] { new { id = b.Data[Project], title = "x" } }),
            ("PUT", "users/users", new[] { new { id = b.Data[User], firstName = "x" } }),
            ("POST", "appointments", new { subject = "x", startDate = "2026-11-27T09:00:00Z", endDate = "2026-11-27T10:00:00Z", employeeId = b.Data[User] }),
            ("POST", "appointments", new { startDate = "2026-11-27T09:00:00Z", endDate = "2026-11-27T10:00:00Z", referencedTaskId = b.Data[MainTask] }),
            ("PUT", $"appointments/{a.Data[Appointment]}", new { referencedTaskId = b.Data[MainTask] }),
            ("PUT", "appointments/appointments", new[] { new { id = b.Data[Appointment], subject = "x" } }),
            ("POST", "users/absences", new[] { new { startDate = "2026-12-01", endDate = "2026-12-02", employeeId = b.Data[User] } }),
            ("PUT", "users/absences", new[] { new { id = b.Data[Absence], endDate = "2027-01-02" } }),
            ("PUT", $"users/absences/{a.Data[Absence]}", new { employeeId = b.Data[User] }),
            ("PUT", $"users/{a.Data[User]}/substitutes", new { substituteId = b.Data[User] }),
            ("PUT", "companies/companies", new[] { new { id = b.Data[Company], name = "x" } }),
            ("PUT", "contacts/contacts", new[] { new { id = b.Data[Contact], firstName = "x" } }),
            ("PUT", "work-records/work-records", new[] { new { id = b.Data[WorkRecord], minutesWorked = 1 } }),
        };
        var failures = new List<string>();

        foreach (var (method, url, body) in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), url)
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            using var response = await a.Client.SendAsync(request, Ct);
            var (status, code, text) = await ReadAsync(response);
            var refusedInTheBatch = status == 200 && text.StartsWith('[') && JsonDocument.Parse(text).RootElement.EnumerateArray()
                .All(item => item.GetProperty("status").GetInt32() >= 400);
            if ((status is < 400 or >= 500 && !refusedInTheBatch) || Leaks(text, b, except: JsonSerializer.Serialize(body)) is not null)
            {
                failures.Add($"{method} {url} {JsonSerializer.Serialize(body)}: {status} {code}\n{text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var after = await CloudFingerprint.TakeAsync(App, b.Cloud.Id, Ct);
        Assert.True(before.Differences(after).Count == 0, "cloud B changed: " + string.Join(", ", before.Differences(after)));
    }

    private sealed record Tenant(TestCloud Cloud, HttpClient Client, ApiSampleData Data);

    private async Task<(Tenant A, Tenant B)> TwoCloudsAsync()
    {
        var a = await TenantAsync("aaa");
        var b = await TenantAsync("bsecret");
        return (a, b);
    }

    private async Task<Tenant> TenantAsync(string marker)
    {
        var cloud = await App.CreateCloudAsync(Clouds.Plan.Professional);
        var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var data = await ApiSampleData.CreateAsync(client, $"{marker}{Guid.NewGuid():N}"[..16], Ct);
        return new Tenant(cloud, client, data);
    }

    private static List<(string Name, string Previous)> Parameters(CoreRoute route)
    {
        var found = new List<(string Name, string Previous)>();
        route.Fill((name, previous) =>
        {
            found.Add((name, previous));
            return name;
        });
        return found;
    }

    private static string Fill(CoreRoute route, ApiSampleData data) => route.Fill((name, previous) =>
        NonIdParameters.TryGetValue(name, out var value) ? value
        : KindOf(route, name, previous) is { } kind ? data[kind].ToString()
        : throw new InvalidOperationException($"{route}: extend {nameof(KindOf)} for {{{name}}} after \"{previous}\"."));

    /// <summary>What of B's the body shows (ids, B's cloud id, texts), leaving out what the caller sent itself; null when nothing.</summary>
    private static string? Leaks(string body, Tenant b, string except)
    {
        var secrets = b.Data.Ids.Values.Append(b.Cloud.Id).Append(b.Cloud.OwnerId).Select(id => id.ToString())
            .Concat(b.Data.Texts).Append(b.Cloud.OwnerEmail).Append(b.Cloud.Name);
        var shown = secrets.Where(s => !except.Contains(s, StringComparison.OrdinalIgnoreCase) && body.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        return shown.Count == 0 ? null : string.Join(", ", shown);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<(int Status, string? Code, string Body)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : "(no code)";
        }

        return ((int)response.StatusCode, code, body);
    }
}

public sealed class TenantIsolationTestsOnSqlite(SqliteApp app) : TenantIsolationTests(app), IClassFixture<SqliteApp>;

public sealed class TenantIsolationTestsOnPostgres(PostgresApp app) : TenantIsolationTests(app), IClassFixture<PostgresApp>;
