using System.Net;
using System.Text.Json;
using JsonNode = System.Text.Json.Nodes.JsonNode;
using WireObject = System.Text.Json.Nodes.JsonObject;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.GeneratedClient;

/// <summary>
/// The generated client is strict enough for <see cref="GeneratedClientFlowTests"/> to mean something: with its own
/// serializer settings it refuses a real project answer once a required field is missing, a non-nullable field is null
/// or an enum value is unknown.
/// </summary>
public sealed class GeneratedClientStrictnessTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    /// <summary>The generated client's serializer options (protected in the generated class).</summary>
    private sealed class Probe() : PlanwerkCoreClient(new HttpClient())
    {
        public JsonSerializerOptions Options => JsonSerializerSettings;
    }

    private static readonly JsonSerializerOptions Options = new Probe().Options;

    private async Task<WireObject> RealProjectAsync()
    {
        var cloud = await app.CreateCloudAsync(Plan.Professional);
        var (client, _) = await app.ApiClientAsync(cloud);
        var created = await (await client.PostJsonAsync("projects", new { title = "Probe" })).AssertJsonAsync(HttpStatusCode.Created);
        return JsonNode.Parse(created.GetRawText())!.AsObject();
    }

    [Fact]
    public async Task TheServersAnswer_AsItIs_Deserializes()
    {
        var project = JsonSerializer.Deserialize<ProjectDto>((await RealProjectAsync()).ToJsonString(), Options)!;

        Assert.Equal("Probe", project.Title);
    }

    [Theory]
    [InlineData("title")]
    [InlineData("customFields")]
    [InlineData("description")] // required although nullable: every field is present
    public async Task AnAnswerWithoutARequiredField_IsRefused(string field)
    {
        var body = await RealProjectAsync();
        Assert.True(body.Remove(field));

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ProjectDto>(body.ToJsonString(), Options));
    }

    [Theory]
    [InlineData("title")]
    [InlineData("customFields")]
    [InlineData("number")]
    [InlineData("mandantId")]
    public async Task ANullWhereTheDocumentAllowsNone_IsRefused(string field)
    {
        var body = await RealProjectAsync();
        body[field] = null;

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ProjectDto>(body.ToJsonString(), Options));
    }

    [Fact]
    public async Task AnUnknownEnumValue_IsRefused()
    {
        var body = await RealProjectAsync();
        body["projectState"] = "sleeping";

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<ProjectDto>(body.ToJsonString(), Options));
    }
}
