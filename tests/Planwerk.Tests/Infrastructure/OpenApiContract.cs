using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Planwerk.Tests.Infrastructure;

/// <summary>A Core API answer that the published OpenAPI document does not describe.</summary>
public sealed class OpenApiContractViolationException(string message) : Exception(message);

/// <summary>
/// The published OpenAPI document as a contract for answers: finds the operation of a request (method +
/// path template, literal segments before parameters, as routing does) and checks an answer against it —
/// the status is documented, the content type is, and the body matches the schema (required properties,
/// nullability, formats such as uuid and date-time). In this validator's view every object schema that
/// lists properties and says nothing about others is closed (<c>additionalProperties: false</c>), so an
/// undocumented field fails as well; objects without listed properties (<c>customFields</c>) stay open.
/// </summary>
public sealed class OpenApiContract
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private static int schemaCounter;

    private readonly JsonObject document;
    private readonly JsonObject definitions;
    private readonly List<Template> templates;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public OpenApiContract(string documentJson)
    {
        document = JsonNode.Parse(documentJson)!.AsObject();
        var components = document["components"]?["schemas"]?.AsObject() ?? [];
        definitions = new JsonObject();
        foreach (var (name, schema) in components)
        {
            definitions[name] = Closed(schema!.DeepClone());
        }

        templates = document["paths"]!.AsObject()
            .Select(p => new Template(p.Key, p.Value!.AsObject()))
            .OrderBy(t => t.Precedence, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The operation documented for <paramref name="method"/> on <paramref name="path"/> as routing picks it: of the path
    /// templates that match and have the method, the one with a literal segment where the others have a parameter. Null
    /// when no template matches; a null operation when templates match but none has the method (a 405).
    /// </summary>
    public (string Template, JsonObject? Operation)? Find(string method, string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        var matching = templates.Where(t => t.Matches(segments)).ToList();
        if (matching.Count == 0)
        {
            return null;
        }

        var verb = method.ToLowerInvariant();
        return matching.FirstOrDefault(t => t.Item[verb] is JsonObject) is { } chosen
            ? (chosen.Path, chosen.Item[verb]!.AsObject())
            : (matching[0].Path, null);
    }

    /// <summary>Throws <see cref="OpenApiContractViolationException"/> unless the answer is one the document describes.</summary>
    public void Check(string method, string path, HttpStatusCode status, string? contentType, string body)
    {
        var found = Find(method, path);
        if (found is null)
        {
            // A path the API does not have (tests probe those on purpose): still a problem+json as every error is.
            CheckAgainst($"{method} {path} (no such route)", (int)status, contentType, body, ProblemResponse());
            return;
        }

        var (template, operation) = found.Value;
        if (operation is null)
        {
            CheckAgainst($"{method} {template} (no such method)", (int)status, contentType, body, ProblemResponse());
            return;
        }

        var name = $"{operation["operationId"]?.GetValue<string>() ?? "?"} ({method} {template})";
        var responses = operation["responses"]!.AsObject();
        var code = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = responses[code] ?? responses[$"{code[0]}XX"] ?? responses["default"];
        if (response is null)
        {
            throw Violation(name, (int)status, "/", $"status {code} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})", body);
        }

        CheckAgainst(name, (int)status, contentType, body, Resolve(response.AsObject()));
    }

    /// <summary>Throws unless <paramref name="json"/> matches the document's component schema <paramref name="component"/> (e.g. a webhook delivery's body).</summary>
    public void CheckSchema(string component, string json)
    {
        if (definitions[component] is null)
        {
            throw new OpenApiContractViolationException($"The document has no schema {component}.");
        }

        CheckAgainst($"schema {component}", 200, "application/json", json, new JsonObject
        {
            ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = $"#/components/schemas/{component}" } } },
        });
    }

    private void CheckAgainst(string name, int status, string? contentType, string body, JsonObject response)
    {
        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                throw Violation(name, status, "/", "a body is sent where the document describes none", body);
            }

            return;
        }

        if (body.Length == 0)
        {
            throw Violation(name, status, "/", $"no body, the document describes {string.Join(", ", content.Select(c => c.Key))}", body);
        }

        var mediaType = contentType?.Split(';')[0].Trim();
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            throw Violation(name, status, "/", $"content type {mediaType ?? "(none)"} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})", body);
        }

        if (media["schema"] is not { } schemaNode || schemaNode["format"]?.GetValue<string>() == "binary")
        {
            return; // bytes (a download): the documented content type is all there is to check
        }

        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            throw Violation(name, status, "/", $"the body is not JSON: {e.Message}", body);
        }

        var schema = schemas.GetOrAdd($"{name}|{status}|{mediaType}", _ => Build(schemaNode));
        var result = schema.Evaluate(instance, Evaluation);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => (Pointer: d.InstanceLocation.ToString(), Keyword: e.Key, e.Value, Schema: d.EvaluationPath.ToString())))
                .ToList();
            // oneOf/anyOf report every branch; the deepest pointers say best what is wrong.
            var described = errors.Count == 0
                ? "invalid"
                : string.Join("\n  ", errors.OrderByDescending(e => e.Pointer.Length).Take(8)
                    .Select(e => $"at {(e.Pointer.Length == 0 ? "/" : e.Pointer)}: {e.Keyword}: {e.Value} (schema {e.Schema})"));
            var first = errors.Count == 0 ? "/" : errors.OrderByDescending(e => e.Pointer.Length).First().Pointer;
            throw Violation(name, status, first.Length == 0 ? "/" : first, described, body);
        }
    }

    /// <summary>A schema of the document as JSON Schema 2020-12, with the components as <c>$defs</c>, in the closed view.</summary>
    private JsonSchema Build(JsonNode schemaNode)
    {
        var root = Closed(schemaNode.DeepClone()) as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(Closed(schemaNode.DeepClone())) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = definitions.DeepClone();
        var id = Interlocked.Increment(ref schemaCounter);
        return JsonSchema.Build(JsonSerializer.SerializeToElement(root), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
            new Uri($"https://openapi.planwerk.test/response/{id}.json"));
    }

    /// <summary>Rewrites <c>#/components/schemas/X</c> to <c>#/$defs/X</c> and closes every object schema that lists its properties.</summary>
    private static JsonNode? Closed(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    if (key == "$ref" && o[key]!.GetValue<string>() is var reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        o[key] = "#/$defs/" + reference["#/components/schemas/".Length..];
                    }
                    else if (key is "properties" or "$defs" or "patternProperties")
                    {
                        foreach (var property in o[key]!.AsObject().Select(p => p.Key).ToList())
                        {
                            o[key]![property] = Closed(o[key]![property]);
                        }
                    }
                    else
                    {
                        o[key] = Closed(o[key]);
                    }
                }

                if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties") && !o.ContainsKey("unevaluatedProperties"))
                {
                    o["additionalProperties"] = false;
                }

                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    a[i] = Closed(a[i]?.DeepClone());
                }

                return a;
            default:
                return node;
        }
    }

    private JsonObject Resolve(JsonObject response) =>
        response["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/responses/", StringComparison.Ordinal)
            ? document["components"]!["responses"]![reference["#/components/responses/".Length..]]!.AsObject()
            : response;

    private static JsonObject ProblemResponse() => new()
    {
        ["content"] = new JsonObject
        {
            ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/ProblemDetails" } },
        },
    };

    private static OpenApiContractViolationException Violation(string operation, int status, string pointer, string what, string body)
    {
        var excerpt = body.Length > 600 ? body[..600] + "…" : body;
        return new OpenApiContractViolationException(
            $"The answer does not match the OpenAPI document.\n operation: {operation}\n status: {status}\n pointer: {pointer}\n  {what}\n body: {excerpt}");
    }

    private sealed class Template
    {
        private readonly string?[] segments;

        private readonly bool[] uuids;

        public Template(string path, JsonObject item)
        {
            Path = path;
            Item = item;
            var parts = path.TrimEnd('/').Split('/');
            segments = parts.Select(s => s.StartsWith('{') ? null : s).ToArray();
            // A parameter documented as a uuid only matches a UUID, as the {id:guid} route constraint does.
            var uuidNames = item.Where(o => o.Value is JsonObject).SelectMany(o => o.Value!["parameters"]?.AsArray() ?? [])
                .Where(p => p!["in"]?.GetValue<string>() == "path" && p["schema"]?["format"]?.GetValue<string>() == "uuid")
                .Select(p => p!["name"]!.GetValue<string>())
                .ToHashSet();
            uuids = parts.Select(s => s.StartsWith('{') && uuidNames.Contains(s.Trim('{', '}'))).ToArray();
            Precedence = new string(segments.Select(s => s is null ? '1' : '0').ToArray());
        }

        public string Path { get; }

        public JsonObject Item { get; }

        /// <summary>Per segment 0 for a literal, 1 for a parameter: ordered, the literal wins at the first segment where they differ.</summary>
        public string Precedence { get; }

        public bool Matches(string[] path) =>
            path.Length == segments.Length && segments.Select((literal, i) => literal is null
                ? path[i].Length > 0 && (!uuids[i] || Guid.TryParse(Uri.UnescapeDataString(path[i]), out _))
                : string.Equals(literal, path[i], StringComparison.OrdinalIgnoreCase)).All(m => m);
    }
}

/// <summary>Checks every answer of a test's API client against the published OpenAPI document (<see cref="OpenApiContract"/>).</summary>
public sealed class OpenApiContractHandler : DelegatingHandler
{
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static OpenApiContract? contract;

    /// <summary>The document as loaded by the first checked answer (the same for every app of a test run).</summary>
    public static async Task<OpenApiContract> ForAsync(PlanwerkApp app)
    {
        if (contract is null)
        {
            using var client = app.ApiClient(null);
            await client.GetAsync("projects"); // loads the document through the handler (answers 401, which is documented)
        }

        return contract!;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        if (!path.StartsWith("/api/core/", StringComparison.Ordinal) || path.StartsWith("/api/core/openapi", StringComparison.Ordinal)
            || path.StartsWith("/api/core/docs", StringComparison.Ordinal))
        {
            return response;
        }

        var published = contract ?? await LoadAsync(cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        published.Check(request.Method.Method, path, response.StatusCode, response.Content.Headers.ContentType?.ToString(), body);
        return response;
    }

    private async Task<OpenApiContract> LoadAsync(CancellationToken ct)
    {
        await Loading.WaitAsync(ct);
        try
        {
            if (contract is null)
            {
                using var get = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/core/openapi.json");
                using var answer = await base.SendAsync(get, ct);
                answer.EnsureSuccessStatusCode();
                contract = new OpenApiContract(await answer.Content.ReadAsStringAsync(ct));
            }

            return contract;
        }
        finally
        {
            Loading.Release();
        }
    }
}
