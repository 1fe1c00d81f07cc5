using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Planwerk.Infrastructure.Errors;
using Scalar.AspNetCore;

namespace Planwerk.Infrastructure.Api;

/// <summary>Documents the schema of a route's JSON body (the handler reads it as raw JSON to know which fields are present).</summary>
public sealed record RequestBodyDoc(Type Schema, bool IsArray = false);

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
        ("413", "The body is larger than the limit (default 1 MiB).", ErrorCodes.PayloadTooLarge),
        ("422", "Well-formed but invalid (a required field missing, an end before its start …); every field in `errors[]`.", ErrorCodes.ValidationFailed),
        ("429", "More than the token's requests per window (default 500 a minute); wait `Retry-After` seconds.", ErrorCodes.RateLimited),
        ("503", "The server is overloaded: more requests at work and waiting than it queues (default 64 and 10,000); retry after `Retry-After` seconds.", ErrorCodes.Overloaded),
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
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<RequestBodyDoc>().LastOrDefault() is { } body)
            {
                var schema = await context.GetOrCreateSchemaAsync(body.Schema, null, ct);
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

            operation.Responses ??= [];
            foreach (var (status, description, codes) in CommonErrors)
            {
                if (!operation.Responses.ContainsKey(status))
                {
                    operation.Responses[status] = new OpenApiResponse
                    {
                        Description = $"{description} Codes: {codes}.",
                        Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = ProblemSchema } },
                    };
                }
            }
        });
    });

    public static IEndpointRouteBuilder MapCoreApiReference(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath);
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Planwerk Core API")
            .WithOpenApiRoutePattern(DocumentPath));
        return app;
    }

    private static OpenApiSchema ProblemSchema => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with Planwerk's stable code.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "urn:planwerk:error:<code>" },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable, snake_case; branch on this." },
            ["message"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Same as detail (factro-style clients read message)." },
            ["requestId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Also in the X-Request-Id header." },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "Field errors: JSON pointer, code, detail.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["pointer"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["code"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
        },
    };
}
