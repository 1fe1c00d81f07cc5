using System.Net;
using System.Text;
using System.Text.Json;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>
/// Paths that no route takes: every id slot is a UUID (a literal there is an unknown path, 404, never a
/// binding error), a literal route is never shadowed by an <c>{id}</c> route, a wrong method is a 405 with
/// <c>Allow</c>, and all of it only after the same governance as every route (token, API switch).
/// </summary>
public abstract class CoreApiRoutingTests(PlanwerkApp app) : ProviderTest(app)
{
    private const string Literal = "no-such-thing";

    [Fact]
    public void EveryIdParameter_OfEveryRoute_IsConstrainedToAUuid()
    {
        var loose = CoreApiRoutes.All(App.Services)
            .SelectMany(r => r.Fill((name, _) => "{" + name + "}").Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}'))
                .Where(name => name is not ("startDate" or "actionType") && !r.GuidParameterNames.Contains(name))
                .Select(name => $"{r}: {{{name}}}"))
            .ToList();

        Assert.True(loose.Count == 0, "id parameters without :guid:\n" + string.Join('\n', loose));
    }

    [Fact]
    public async Task EveryRoute_WithANonUuidLiteralInAnyIdSlot_Answers404NotFoundAsProblemJson()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        using var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var failures = new List<string>();
        var checkedSlots = 0;

        foreach (var route in CoreApiRoutes.All(App.Services))
        {
            foreach (var slot in route.GuidParameterNames)
            {
                checkedSlots++;
                var url = route.Fill((name, _) => name == slot ? Literal : name == "startDate" ? "2026-01-01" : name == "actionType" ? "TaskCreated" : Guid.CreateVersion7().ToString());
                using var response = await SendAsync(client, route.Method, url);
                var body = await response.Content.ReadAsStringAsync(Ct);
                var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                    ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()
                    : $"(not problem+json: {response.Content.Headers.ContentType})";
                if (response.StatusCode != HttpStatusCode.NotFound || code != "not_found")
                {
                    failures.Add($"{route.Method} {url}: {(int)response.StatusCode} {code}");
                }
            }
        }

        Assert.True(checkedSlots >= 80, $"only {checkedSlots} id slots found");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task CompanyTags_AreALiteralRoute_NotACompanyIdThatFailsToBind()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (client, _) = await App.ApiClientAsync(cloud);

        var empty = await (await client.GetAsync("companies/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var created = await (await client.PostJsonAsync("companies/tags", new { name = "Key account" })).AssertJsonAsync(HttpStatusCode.Created);
        var listed = await (await client.GetAsync("companies/tags", Ct)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.Equal(0, empty.GetArrayLength());
        Assert.Equal("Key account", created.GetProperty("name").GetString());
        Assert.Equal([created.Id()], listed.EnumerateArray().Select(t => t.Id()));
    }

    [Fact]
    public async Task AnUnknownPath_Answers404ProblemJson_ButOnlyAfterTheTokenAndTheApiSwitch()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        using var anonymous = App.ApiClient(null);

        var problem = await (await client.GetAsync("no/such/route", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostJsonAsync("projects/not-a-uuid/tags", new { })).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync(string.Empty, Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var unauthenticated = await anonymous.GetAsync("no/such/route", Ct);
        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");
        await App.SetSwitchAsync(cloud, api: false);
        await (await client.GetAsync("no/such/route", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "api_access_disabled");

        Assert.Contains("/api/core/no/such/route", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer", unauthenticated.Headers.WwwAuthenticate.ToString()); // no credentials sent: no error code (RFC 6750 §3.1)
    }

    [Fact]
    public async Task AWrongMethodOnAnExistingPath_Answers405ProblemJson_WithAllow_AndWithoutATokenStill401()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var client = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        using var anonymous = App.ApiClient(null);

        using var onList = await SendAsync(client, "PATCH", "projects");
        var problem = await onList.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        using var onItem = await SendAsync(client, "POST", $"companies/{Guid.CreateVersion7()}");
        await onItem.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        using var onTags = await SendAsync(client, "PUT", "companies/tags");
        await onTags.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        using var unauthenticated = await SendAsync(anonymous, "PATCH", "projects");
        await unauthenticated.AssertProblemAsync(HttpStatusCode.Unauthorized, "invalid_token");

        Assert.Equal(["GET", "POST"], onList.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(["DELETE", "GET", "PUT"], onItem.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(["GET", "POST"], onTags.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Contains("PATCH", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("post", "/api/core/projects/{pid}/packages/{id}/shift_with_successors", "200", "daysDelta", "taskIds")]
    [InlineData("put", "/api/core/projects/{pid}/packages/{id}/company", "200", "companyId", "projectId")]
    [InlineData("delete", "/api/core/projects/{pid}/packages/{id}/contact", "200", "companyContactId", "projectId")]
    [InlineData("get", "/api/core/companies/tags", "200", "name", "mandantId")]
    [InlineData("post", "/api/core/companies/tags", "201", "name", "mandantId")]
    [InlineData("put", "/api/core/companies/{id}/tags", "200", "name", "mandantId")]
    [InlineData("delete", "/api/core/users/tags/{tagId}", "200", "name", "mandantId")]
    [InlineData("get", "/api/core/users/{id}/tags", "200", "name", "mandantId")]
    public async Task TheNewRoutes_AreInTheOpenApiDocument_WithTheirResponseShape(string method, string path, string status, string property, string other)
    {
        using var client = App.CreateClient();
        var document = await (await client.GetAsync("/api/core/openapi.json", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);
        var schema = Resolve(document, operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema"));

        Assert.True(schema.TryGetProperty("properties", out var properties), schema.GetRawText());
        Assert.True(properties.TryGetProperty(property, out _) && properties.TryGetProperty(other, out _), schema.GetRawText());
    }

    /// <summary>A schema with <c>$ref</c>s and array items followed to the object they name.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        for (var i = 0; i < 10; i++)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            }
            else if (schema.TryGetProperty("items", out var items))
            {
                schema = items;
            }
            else
            {
                break;
            }
        }

        return schema;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, Ct);
    }
}

public sealed class CoreApiRoutingTestsOnSqlite(SqliteApp app) : CoreApiRoutingTests(app), IClassFixture<SqliteApp>;

public sealed class CoreApiRoutingTestsOnPostgres(PostgresApp app) : CoreApiRoutingTests(app), IClassFixture<PostgresApp>;
