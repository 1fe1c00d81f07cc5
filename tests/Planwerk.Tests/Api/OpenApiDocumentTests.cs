using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Api;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Api;

/// <summary>The OpenAPI 3.1 document and the reference page describe every route of the Core API.</summary>
public sealed class OpenApiDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly HashSet<string> BodylessWrites = ["test", "rotate-secret", "redeliver", "retry"];

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
                    ? (body.GetProperty("content").TryGetProperty("application/json", out var json) ? json
                        : body.GetProperty("content").GetProperty("multipart/form-data")).GetProperty("schema").GetRawText() // an upload: multipart
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
    public async Task TheDocument_IsUnder800KB_AndSharesTheProblemSchemaAndErrorAnswersByReference()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/core/openapi.json", TestContext.Current.CancellationToken);
        var text = await response.AssertStatusAsync(HttpStatusCode.OK);
        var document = JsonDocument.Parse(text).RootElement;

        Assert.True(System.Text.Encoding.UTF8.GetByteCount(text) < 800 * 1024, $"the document has {System.Text.Encoding.UTF8.GetByteCount(text):N0} bytes");
        var components = document.GetProperty("components");
        Assert.True(components.GetProperty("schemas").TryGetProperty("ProblemDetails", out var problem), "no shared problem schema");
        Assert.Contains("code", problem.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        // The problem schema is written once: its description appears in the document exactly once.
        var marker = problem.GetProperty("properties").GetProperty("code").GetProperty("description").GetString()!;
        Assert.Equal(1, CountOf(text, JsonSerializer.Serialize(marker)));

        var inlined = new List<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                foreach (var answer in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    if (answer.Name[0] is not ('4' or '5'))
                    {
                        continue;
                    }

                    var shared = answer.Value.TryGetProperty("$ref", out var reference)
                        && reference.GetString()!.StartsWith("#/components/responses/", StringComparison.Ordinal);
                    var problemByReference = answer.Value.TryGetProperty("content", out var content)
                        && content.TryGetProperty("application/problem+json", out var media)
                        && media.GetProperty("schema").TryGetProperty("$ref", out var schema) && schema.GetString() == "#/components/schemas/ProblemDetails";
                    if (!shared && !problemByReference)
                    {
                        inlined.Add($"{operation.Name.ToUpperInvariant()} {path.Name} {answer.Name}");
                    }
                }
            }
        }

        Assert.True(inlined.Count == 0, "error answers not by reference:\n" + string.Join('\n', inlined));
        foreach (var status in new[] { "400", "401", "403", "404", "413", "422", "429", "503" })
        {
            var shared = components.GetProperty("responses").GetProperty($"Error{status}");
            Assert.Equal("#/components/schemas/ProblemDetails",
                shared.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// The request schemas come from the services' input types (one description of each field): every field of an input
    /// type is in its published schema and nothing else is, each described as its value (which may be null; absent leaves
    /// the field alone), never as the <c>Optional</c> struct, and a field sent as another type than its C# one
    /// (<c>[SentAs]</c>) is described as sent.
    /// </summary>
    [Fact]
    public async Task EveryInputTypesSchema_HasExactlyItsFields_EachAsItsValueOrNull()
    {
        using var client = app.CreateClient();
        var document = await (await client.GetAsync("/api/core/openapi.json", TestContext.Current.CancellationToken)).AssertJsonAsync(HttpStatusCode.OK);
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var docs = app.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<RequestBodyDoc>())
            .Where(d => d.Schema.GetProperties().Any(p => OptionalSchemas.IsOptional(p.PropertyType)))
            .Distinct().ToList();
        Assert.True(docs.Count >= 9, $"only {docs.Count} routes document an input type");
        var problems = new List<string>();
        foreach (var doc in docs)
        {
            var name = doc.Name ?? doc.Schema.Name;
            var properties = schemas.GetProperty(name).GetProperty("properties");
            var expected = doc.Schema.GetProperties().Where(p => OptionalSchemas.IsOptional(p.PropertyType))
                .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            var published = properties.EnumerateObject().Select(p => p.Name).ToHashSet();
            if (!published.SetEquals(expected.Keys))
            {
                problems.Add($"{name}: published [{string.Join(", ", published.Order())}], input type {doc.Schema.Name} has [{string.Join(", ", expected.Keys.Order())}]");
                continue;
            }

            foreach (var field in properties.EnumerateObject())
            {
                var types = field.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()).ToList() : [];
                var sentAs = expected[field.Name].GetCustomAttributes(typeof(SentAsAttribute), false).OfType<SentAsAttribute>().SingleOrDefault();
                var wanted = sentAs is null ? null : sentAs.Type == typeof(JsonElement) ? "object" : "string";
                if (!types.Contains("null") || field.Value.TryGetProperty("properties", out _) || (wanted is not null && !types.Contains(wanted)))
                {
                    problems.Add($"{name}.{field.Name}: {field.Value.GetRawText()}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
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
