using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Employees;
using Planwerk.Infrastructure.Errors;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Api;

/// <summary>
/// Required fields and lengths are the services' rules (the API's readers only parse types), so every door meets the
/// same rule with the same code, and a field breaking one rule gets one error, not one from the reader and one from the
/// service. Lengths are judged as the text will be stored (titles and names trimmed).
/// </summary>
public abstract class InputRulesTests(PlanwerkApp app) : ProviderTest(app)
{
    private static IEnumerable<JsonElement> ErrorsAt(JsonElement problem, string pointer) =>
        problem.GetProperty("errors").EnumerateArray().Where(e => e.GetProperty("pointer").GetString() == pointer);

    [Fact]
    public async Task ANegativeEffort_GetsOneError_FromTheService()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);
        var project = await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created);

        var problem = await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project.Id(), plannedEffort = -1 }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        var error = Assert.Single(ErrorsAt(problem, "/plannedEffort"));
        Assert.Equal("out_of_range", error.GetProperty("code").GetString());
        Assert.Equal("plannedEffort must not be negative.", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ATitle_IsJudgedAsStored_TrimmedToItsLimit()
    {
        var cloud = await App.CreateCloudAsync();
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);
        var limit = new string('t', Planwerk.Tasks.ProjectTask.TitleMaxLength);

        var kept = await (await client.PostJsonAsync("projects", new { title = $"  {limit}  " })).AssertJsonAsync(HttpStatusCode.Created);
        var problem = await (await client.PostJsonAsync("projects", new { title = limit + "t" })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal(limit, kept.GetProperty("title").GetString());
        var error = Assert.Single(ErrorsAt(problem, "/title"));
        Assert.Equal("too_long", error.GetProperty("code").GetString());
        Assert.Equal($"title may have at most {Planwerk.Projects.Project.TitleMaxLength} characters.", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task EveryBrokenField_IsNamedAtOnce_WithTheServicesCodes()
    {
        var cloud = await App.CreateCloudAsync();
        await App.SetSwitchAsync(cloud, webhooks: true);
        var (client, _) = await App.ApiClientAsync(cloud, SecurityGroup.AllRights);

        var token = await (await client.PostJsonAsync("me/tokens", new { description = new string('d', ApiToken.DescriptionMaxLength + 1) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var webhook = await (await client.PostJsonAsync("webhooks", new
        {
            callbackUri = "https://example.com/" + new string('u', Planwerk.Webhooks.Webhook.UriMaxLength),
            actionTypes = new[] { "TaskCreated" },
            description = new string('d', Planwerk.Webhooks.Webhook.DescriptionMaxLength + 1),
        })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        var tag = await (await client.PostJsonAsync("projects/tags", new { name = "   " })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal("required", Assert.Single(ErrorsAt(token, "/name")).GetProperty("code").GetString());
        Assert.Equal("too_long", Assert.Single(ErrorsAt(token, "/description")).GetProperty("code").GetString());
        Assert.Equal("too_long", Assert.Single(ErrorsAt(webhook, "/callbackUri")).GetProperty("code").GetString());
        Assert.Equal("too_long", Assert.Single(ErrorsAt(webhook, "/description")).GetProperty("code").GetString());
        Assert.Equal("name must not be empty.", Assert.Single(ErrorsAt(tag, "/name")).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ADoorWithoutAReader_MeetsTheSameRule()
    {
        var cloud = await App.CreateCloudAsync();
        await using var scope = App.Scope();
        var tokens = scope.ServiceProvider.GetRequiredService<TokenService>();

        var refused = await Assert.ThrowsAsync<InputRejectedException>(() => tokens.CreateAsync(Planwerk.Access.Caller.System(cloud.Id, cloud.Plan), cloud.OwnerId,
            new string('n', ApiToken.NameMaxLength + 1), null, null, new InputErrors(), Ct));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("/name", "too_long"), (error.Pointer, error.Code));
        Assert.Equal($"name may have at most {ApiToken.NameMaxLength} characters.", refused.Message);
    }
}

public sealed class InputRulesTestsOnSqlite(SqliteApp app) : InputRulesTests(app), IClassFixture<SqliteApp>;

public sealed class InputRulesTestsOnPostgres(PostgresApp app) : InputRulesTests(app), IClassFixture<PostgresApp>;
