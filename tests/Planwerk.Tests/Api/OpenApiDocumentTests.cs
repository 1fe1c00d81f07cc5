using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>The OpenAPI 3.1 document and the reference page describe every route of the Core API.</summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly HashSet<string> BodylessWrites = ["test", "rotate-secret", "redeliver"];

    [Fact]
    public async Task TheDocument_IsOpenApi31_AndDescribesEveryRouteWithSummaryAuthAndErrors()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/api/core/openapi.json", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);

        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("apiKey", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("token").GetProperty("type").GetString());
        var paths = document.GetProperty("paths");
        var missing = new List<string>();
        foreach (var route in CoreApiRoutes.All(app.Services))
        {
            var path = route.Pattern.Split('/').Select(s => s.StartsWith('{') ? "{" + s.Trim('{', '}').Split(':')[0] + "}" : s);
            if (!paths.TryGetProperty(string.Join('/', path), out var item) || !item.TryGetProperty(route.Method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{route}: not in the document");
                continue;
            }

            if (!operation.TryGetProperty("summary", out _) || !operation.TryGetProperty("operationId", out _))
            {
                missing.Add($"{route}: no summary or operationId");
            }

            foreach (var status in new[] { "400", "401", "403", "404", "422", "429", "503" })
            {
                if (!operation.GetProperty("responses").TryGetProperty(status, out _))
                {
                    missing.Add($"{route}: no {status} response");
                }
            }

            if (route.Method is "POST" or "PUT" && !BodylessWrites.Contains(route.Pattern.Split('/')[^1]))
            {
                var schema = operation.TryGetProperty("requestBody", out var body)
                    ? body.GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText()
                    : "(none)";
                if (schema.Contains("JsonElement", StringComparison.Ordinal) || schema == "(none)")
                {
                    missing.Add($"{route}: request body not described ({schema})");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public async Task TheReferencePage_IsServedWithoutAToken()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/core/docs/", TestContext.Current.CancellationToken);
        var body = await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("openapi.json", body, StringComparison.Ordinal);
    }
}
