using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Planwerk.Infrastructure.Api;
using Planwerk.Projects;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>The validator every API client of the tests runs (<see cref="OpenApiContract"/>) refuses what the document does not describe.</summary>
public sealed class OpenApiContractTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly JsonSerializerOptions Wire = CreateWire();

    private async Task<OpenApiContract> ContractAsync()
    {
        using var client = app.CreateClient();
        return new OpenApiContract(await client.GetStringAsync("/api/core/openapi.json", TestContext.Current.CancellationToken));
    }

    private static JsonObject Project() => JsonSerializer.SerializeToNode(new ProjectDto(Guid.CreateVersion7(), "Relaunch", null, ProjectState.InProcess,
        null, false, false, null, null, null, null, DateTime.UtcNow, DateTime.UtcNow, null, null, null, null, null, 0, null, 1, null,
        CustomFieldsJson.Parse(null), Guid.CreateVersion7()), Wire)!.AsObject();

    private static void Check(OpenApiContract contract, JsonNode body, HttpStatusCode status = HttpStatusCode.OK, string path = "/api/core/projects/0190a5c4-0000-7000-8000-000000000001",
        string contentType = "application/json; charset=utf-8") =>
        contract.Check("GET", path, status, contentType, body.ToJsonString());

    [Fact]
    public async Task AProjectAsTheServerWritesIt_Passes()
    {
        var contract = await ContractAsync();

        Check(contract, Project());
        Check(contract, new JsonArray(Project(), Project()), path: "/api/core/projects");
    }

    [Theory]
    [InlineData("title")]
    [InlineData("customFields")]
    [InlineData("mandantId")]
    public async Task AMissingRequiredField_Fails_NamingOperationStatusAndField(string field)
    {
        var contract = await ContractAsync();
        var body = Project();
        body.Remove(field);

        var error = Assert.Throws<OpenApiContractViolationException>(() => Check(contract, body));

        Assert.Contains("GetProject (GET /api/core/projects/{id})", error.Message, StringComparison.Ordinal);
        Assert.Contains("status: 200", error.Message, StringComparison.Ordinal);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUndocumentedField_Fails()
    {
        var contract = await ContractAsync();
        var body = Project();
        body["secretSauce"] = 1;

        var error = Assert.Throws<OpenApiContractViolationException>(() => Check(contract, body));

        Assert.Contains("secretSauce", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("customFields")]
    [InlineData("creationDate")]
    [InlineData("number")]
    public async Task ANullWhereTheDocumentAllowsNone_Fails_WithItsPointer(string field)
    {
        var contract = await ContractAsync();
        var body = Project();
        body[field] = null;

        var error = Assert.Throws<OpenApiContractViolationException>(() => Check(contract, new JsonArray(body), path: "/api/core/projects"));

        Assert.Contains($"pointer: /0/{field}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", "not-a-uuid")]
    [InlineData("changeDate", "yesterday")]
    [InlineData("projectState", "sleeping")]
    public async Task AWrongFormatOrEnumValue_Fails(string field, string value)
    {
        var contract = await ContractAsync();
        var body = Project();
        body[field] = value;

        Assert.Throws<OpenApiContractViolationException>(() => Check(contract, body));
    }

    [Fact]
    public async Task AnUndocumentedStatus_OrContentType_OrAMissingBody_Fails()
    {
        var contract = await ContractAsync();

        Assert.Contains("status 418 is not documented",
            Assert.Throws<OpenApiContractViolationException>(() => Check(contract, Project(), (HttpStatusCode)418)).Message, StringComparison.Ordinal);
        Assert.Contains("content type text/plain",
            Assert.Throws<OpenApiContractViolationException>(() => Check(contract, Project(), contentType: "text/plain")).Message, StringComparison.Ordinal);
        Assert.Throws<OpenApiContractViolationException>(() => contract.Check("GET", "/api/core/projects", HttpStatusCode.OK, null, string.Empty));
    }

    [Fact]
    public async Task AProblem_IsCheckedAgainstTheSharedProblemSchema()
    {
        var contract = await ContractAsync();
        var problem = new JsonObject
        {
            ["type"] = "urn:planwerk:error:not_found", ["title"] = "Not found", ["status"] = 404, ["detail"] = "Project with id \"x\" not found",
            ["code"] = "not_found", ["message"] = "Project with id \"x\" not found", ["requestId"] = "0HN:1",
        };

        Check(contract, problem, HttpStatusCode.NotFound, contentType: "application/problem+json");
        problem.Remove("code");
        var error = Assert.Throws<OpenApiContractViolationException>(() => Check(contract, problem, HttpStatusCode.NotFound, contentType: "application/problem+json"));
        Assert.Contains("code", error.Message, StringComparison.Ordinal);
        // Unknown paths are answered with a problem too, and checked as one.
        Assert.Throws<OpenApiContractViolationException>(() =>
            Check(contract, problem, HttpStatusCode.NotFound, path: "/api/core/no-such-thing", contentType: "application/problem+json"));
    }

    [Fact]
    public async Task ARequest_IsMatchedToItsOperation_AsRoutingDoes_LiteralSegmentsFirst()
    {
        var contract = await ContractAsync();

        Assert.Equal("ListProjectTags", contract.Find("GET", "/api/core/projects/tags")!.Value.Operation!["operationId"]!.GetValue<string>());
        Assert.Equal("GetProject", contract.Find("GET", "/api/core/projects/0190a5c4-0000-7000-8000-000000000001")!.Value.Operation!["operationId"]!.GetValue<string>());
        Assert.Equal("GetProject", contract.Find("get", "/api/core/projects/0190a5c4-0000-7000-8000-000000000001/")!.Value.Operation!["operationId"]!.GetValue<string>());
        Assert.Null(contract.Find("PATCH", "/api/core/projects")!.Value.Operation);
        // A uuid parameter matches only a UUID (the {id:guid} constraint): PUT /projects/tags is no UpdateProject.
        Assert.Null(contract.Find("PUT", "/api/core/projects/tags")!.Value.Operation);
        Assert.Null(contract.Find("GET", "/api/core/projects/not-a-uuid"));
        Assert.Null(contract.Find("GET", "/api/core/no/such/route/at/all"));
    }

    [Fact]
    public async Task TheTestClients_CheckEveryAnswer()
    {
        // The client of every API test carries the check: a real request whose answer is fine passes through it.
        var cloud = await app.CreateCloudAsync();
        var (client, _) = await app.ApiClientAsync(cloud);
        var answer = await client.GetAsync("projects", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(typeof(OpenApiContractHandler), Handlers(client));
    }

    private static IEnumerable<Type> Handlers(HttpClient client)
    {
        var handler = typeof(HttpMessageInvoker).GetField("_handler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(client) as HttpMessageHandler;
        while (handler is DelegatingHandler delegating)
        {
            yield return delegating.GetType();
            handler = delegating.InnerHandler;
        }
    }

    private static JsonSerializerOptions CreateWire()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiJson.Configure(options);
        return options;
    }
}
