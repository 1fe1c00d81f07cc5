using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Planwerk.Infrastructure.Errors;
using Scalar.AspNetCore;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Documents the schema of a route's JSON body (the handler reads it as raw JSON to know which fields are present): the
/// service's input type, published under <paramref name="Name"/> (the name typed clients know) or the type's own name.
/// </summary>
public sealed record RequestBodyDoc(Type Schema, bool IsArray = false, string? Name = null);

/// <summary>
/// Documents a <c>multipart/form-data</c> body (an upload): a required binary part <c>file</c> and an optional text part
/// <c>title</c>, published under <paramref name="Name"/>.
/// </summary>
public sealed record MultipartBodyDoc(string Name);

/// <summary>Documents a binary answer (a download): any content type, <c>206</c> for a <c>Range</c>.</summary>
public sealed record BinaryResponseDoc;

/// <summary>
/// A route that reads its body itself, as it arrives (an upload), instead of the API reading it whole first; its size is
/// bounded by the route's own limit (<see cref="Documents.DocumentOptions.MaxFileBytes"/> plus an envelope).
/// </summary>
public sealed record StreamedBody;

/// <summary>Documents an error answer only some routes give (e.g. 409), with the shared problem schema.</summary>
public sealed record ErrorResponseDoc(string Status, string Description);

/// <summary>The OpenAPI 3.1 document at <c>/api/core/openapi.json</c> and the Scalar reference at <c>/api/core/docs</c>.</summary>
public static class CoreApiOpenApi
{
    public const string DocumentPath = CoreApi.BasePath + "/openapi.json";
    public const string ReferencePath = CoreApi.BasePath + "/docs";

    private static readonly (string Status, string Description, string Codes)[] CommonErrors =
    [
        ("400", "Malformed JSON, a wrong type, an unknown enum value or a bad UUID (the field is named in `errors[].pointer`).", ErrorCodes.BadRequest),
        ("401", "Missing, malformed, unknown, expired or revoked token. Title `Invalid CoreApiAccessToken provided!`.", ErrorCodes.InvalidToken),
        ("403", "The owner switched API access off, the plan lacks the feature (with `feature`, `currentPlan`, `requiredPlans`, `pointer`), the security group forbids it, or the task is closed.",
            $"{ErrorCodes.ApiAccessDisabled}, {ErrorCodes.PlanFeatureUnavailable}, {ErrorCodes.Forbidden}, {ErrorCodes.TaskClosed}"),
        ("404", "The entity does not exist, is in another cloud, or the caller may not see it.", ErrorCodes.NotFound),
        ("408", "The body did not arrive in time (default: within 30 s, and at least 1 KiB/s after its first second); nothing was done.", ErrorCodes.RequestTimeout),
        ("409", "A write met another request's write of the same unique value (a name) at the same moment, or the state does not allow it (e.g. too many webhooks or secret rotations); nothing was saved.", $"{ErrorCodes.Conflict}, webhook_limit_reached, secret_rotation_limit"),
        ("413", "The body is larger than the limit (default 1 MiB).", ErrorCodes.PayloadTooLarge),
        ("415", "A body that is not `application/json` (only on routes that take a body).", "unsupported_media_type"),
        ("422", "Well-formed but invalid (a required field missing, an end before its start …); every field in `errors[]`.", ErrorCodes.ValidationFailed),
        ("429", "More than the token's requests per window (default 500 a minute); wait `Retry-After` seconds.", ErrorCodes.RateLimited),
        ("503", "The server is overloaded: more requests at work and waiting than it queues (default 64 at work and 10,000 waiting in all; 32 and 1,000 of one cloud); or its storage cannot take writes (disk full; nothing of the request was saved). Retry after `Retry-After` seconds.",
            $"{ErrorCodes.Overloaded}, {ErrorCodes.StorageUnavailable}"),
    ];

    public static IServiceCollection AddCoreApiOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.ShouldInclude = description => description.RelativePath?.StartsWith("api/core", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Planwerk Core API",
                Version = "v1",
                Description = """
                    The factro-compatible Core API of a Planwerk cloud. A client written for factro's Core API works by changing only the base URL.

                    **Authentication**: send your personal API token in the `Authorization` header, raw (factro's way: `Authorization: pw_…`)
                    or as `Authorization: Bearer pw_…`. A token acts with exactly its user's rights in its user's cloud; the token, never the
                    path, decides the cloud. Create tokens in the web UI (Apps & Integrations → Core API) or with `POST /api/core/me/tokens`.

                    **Governance**: the cloud's owner can switch API access off (every request then answers 403 `api_access_disabled`);
                    the cloud's plan decides which features exist (403 `plan_feature_unavailable` names the feature, the plan, the plans that
                    have it and the JSON pointer of the field — leave such fields out).

                    **Errors** are `application/problem+json` (RFC 9457) with a stable `code`, a `requestId` (also in `X-Request-Id`) and
                    `message` (= `detail`). **Lists** are plain JSON arrays; add `?limit=N` (1–1000) to page, and follow the
                    `Link: <…>; rel="next"` header. **Rate limit**: `RateLimit-Policy` and `RateLimit` headers on every response.
                    **Dates**: ISO-8601 UTC with milliseconds; work records use factro's `YYYY-MM-DD`, `HH:MM`, and Unix milliseconds.
                    """,
            };
            document.Servers = [new OpenApiServer { Url = "/", Description = "This Planwerk server" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
            {
                ["token"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = "Authorization",
                    Description = "Your API token, raw (`pw_…`) or as `Bearer pw_…`.",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("token", document)] = [] }];

            // Shared by reference, once: the problem schema and the common error answers (every operation refers to them).
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchemaName] = ProblemSchema;
            document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
            foreach (var (status, description, codes) in CommonErrors)
            {
                document.Components.Responses[ResponseName(status)] = new OpenApiResponse
                {
                    Description = $"{description} Codes: {codes}.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName, document) },
                    },
                };
            }

            return Task.CompletedTask;
        });
        options.AddSchemaTransformer(WireSchemas.TransformAsync);
        options.AddSchemaTransformer(OptionalSchemas.TransformAsync);
        options.CreateSchemaReferenceId = type => type.Type == typeof(System.Text.Json.JsonElement) ? "JsonObject"
            : OptionalSchemas.IsOptional(type.Type) ? null
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<RequestBodyDoc>().LastOrDefault() is { } body)
            {
                var batchUpdate = body.IsArray && context.Description.HttpMethod == HttpMethods.Put;
                var schema = RequestSchema(await context.GetOrCreateSchemaAsync(body.Schema, null, ct), body.Name ?? body.Schema.Name, batchUpdate, context.Document);
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new()
                        {
                            Schema = body.IsArray ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema } : schema,
                        },
                    },
                };
            }

            if (metadata.OfType<MultipartBodyDoc>().LastOrDefault() is { } multipart && context.Document is { } document)
            {
                document.Components ??= new OpenApiComponents();
                document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
                document.Components.Schemas.TryAdd(multipart.Name, new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The file; its name is made safe, its type sniffed from its bytes." },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = Documents.Document.TitleMaxLength, Description = "The title (default: the file name)." },
                    },
                });
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new() { Schema = new OpenApiSchemaReference(multipart.Name, context.Document) },
                    },
                };
            }

            DeclareRouteParameters(operation, context.Description.RelativePath);
            operation.Responses ??= [];
            if (metadata.OfType<BinaryResponseDoc>().Any())
            {
                // One entry per type the sniffer answers: the content type is the file's, never the client's.
                OpenApiResponse Binary(string description) => new()
                {
                    Description = description,
                    Content = Documents.ContentSniffer.Types.Select(t => t.Split(';')[0]).Distinct().ToDictionary(t => t,
                        _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
                };
                operation.Responses["200"] = Binary("The bytes; `Content-Type` is the sniffed type, `Content-Disposition: attachment` names the file.");
                operation.Responses["206"] = Binary("The requested `Range` of the bytes.");
            }

            foreach (var error in metadata.OfType<ErrorResponseDoc>())
            {
                operation.Responses[error.Status] = new OpenApiResponse
                {
                    Description = error.Description,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName, context.Document) },
                    },
                };
            }

            foreach (var (status, _, _) in CommonErrors)
            {
                if (status == "415" && operation.RequestBody is null)
                {
                    continue;
                }

                if (status == "409" && context.Description.HttpMethod is "GET")
                {
                    continue; // only writes meet a unique index
                }

                operation.Responses.TryAdd(status, new OpenApiResponseReference(ResponseName(status), context.Document));
            }
        });
    });

    /// <summary>
    /// Declares the route's path parameters that the handler does not bind (a shared comments or CRM route under
    /// <c>/projects/{pid}/packages/{id}</c> reads only <c>id</c>): OpenAPI wants every template parameter declared, and a
    /// generated client builds the URL from the declared ones only. Every id in a Core API route is a UUID (<c>{x:guid}</c>).
    /// </summary>
    private static void DeclareRouteParameters(OpenApiOperation operation, string? relativePath)
    {
        var declared = operation.Parameters?.Where(p => p.In == ParameterLocation.Path).Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var missing = System.Text.RegularExpressions.Regex.Matches(relativePath ?? string.Empty, @"\{(\w+)[^}]*\}")
            .Select(m => m.Groups[1].Value)
            .Where(name => !declared.Contains(name))
            .Select(name => (IOpenApiParameter)new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            })
            .ToList();
        if (missing.Count > 0)
        {
            operation.Parameters = [.. missing, .. operation.Parameters ?? []];
        }
    }

    /// <summary>
    /// A write route's body schema, shared by reference under the record's name (typed clients get one class per record, not
    /// one per route). Only the fields that may not be null are required: the handlers read bodies field by field, a PUT changes
    /// only the fields sent, and what a POST needs besides is a 422 named in the description. A batch update's item
    /// (<c>PUT …/projects</c> and the like) is the same record with the item's <c>id</c>, as <c>{Name}WithId</c>.
    /// </summary>
    private static IOpenApiSchema RequestSchema(IOpenApiSchema generated, string recordName, bool withId, OpenApiDocument? document)
    {
        if (generated is not OpenApiSchema schema || document is null)
        {
            return generated;
        }

        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (withId)
        {
            properties["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid", Description = "The entity to change." };
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            properties[name] = property;
        }

        var componentName = withId ? $"{recordName}WithId" : recordName;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[componentName] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = withId ? $"{schema.Description} With `id`: the entity this item changes." : schema.Description,
            Properties = properties,
            Required = new HashSet<string>(properties.Where(p => p.Value.Type is { } type && !type.HasFlag(JsonSchemaType.Null)).Select(p => p.Key), StringComparer.Ordinal),
        };
        return new OpenApiSchemaReference(componentName, document);
    }

    /// <summary>Documents an error answer particular to this route.</summary>
    public static TBuilder DocumentsError<TBuilder>(this TBuilder builder, int status, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ErrorResponseDoc(status.ToString(System.Globalization.CultureInfo.InvariantCulture), description));

    public static IEndpointRouteBuilder MapCoreApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        // Self-contained (#18): the bundle is served by this server, and nothing else leaves it — no web fonts, no
        // telemetry, no AI agent or MCP calls, no "open in Scalar's hosted client" button; a link leads back to the app.
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Planwerk Core API")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .HideClientButton()
            .HideDeveloperTools()
            .AddHeaderContent("""<nav class="planwerk-back" aria-label="Planwerk"><a href="/" id="back-to-app">← Planwerk</a> · <a href="/settings/integrations/api">API tokens</a></nav>"""));
        return app;
    }

    /// <summary>The component name of the problem schema (the name the generator gives <see cref="Microsoft.AspNetCore.Mvc.ProblemDetails"/>, so batch results share it).</summary>
    public const string ProblemSchemaName = "ProblemDetails";

    private static string ResponseName(string status) => $"Error{status}";

    private static OpenApiSchema String(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema ProblemSchema => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with Planwerk's stable code.",
        Required = new HashSet<string> { "type", "title", "status", "detail", "code", "message", "requestId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = String("urn:planwerk:error:<code>"),
            ["title"] = String(),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = String(),
            ["instance"] = String("The request path, where the framework sets it."),
            ["code"] = String("Stable, snake_case; branch on this."),
            ["message"] = String("Same as detail (factro-style clients read message)."),
            ["requestId"] = String("Also in the X-Request-Id header."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "Field errors: JSON pointer, code, detail.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "pointer", "code", "detail" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["pointer"] = String(),
                        ["code"] = String(),
                        ["detail"] = String(),
                    },
                },
            },
            ["feature"] = String("plan_feature_unavailable: the feature the plan lacks."),
            ["currentPlan"] = String("plan_feature_unavailable: the cloud's plan."),
            ["requiredPlans"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = String(), Description = "plan_feature_unavailable: the plans that have the feature." },
            ["pointer"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "plan_feature_unavailable: the field to leave out (null for a whole route)." },
        },
    };
}
