using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Makes the OpenAPI schemas say what <see cref="ApiJson"/> writes where the generator cannot see it
/// through a custom converter: date-times are strings (nullable ones may be <c>null</c>), work-record
/// times are <c>HH:MM</c> strings, enums are strings, and a <see cref="JsonElement"/> is a JSON object
/// (<c>customFields</c>, stored webhook payloads).
/// </summary>
public static class WireSchemas
{
    public const string HourMinutePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        Apply(schema, context.JsonTypeInfo.Type);
        return Task.CompletedTask;
    }

    /// <summary>Corrects <paramref name="schema"/>, generated for <paramref name="declared"/>, to what goes over the wire.</summary>
    public static void Apply(OpenApiSchema schema, Type declared)
    {
        var underlying = Nullable.GetUnderlyingType(declared);
        var type = underlying ?? declared;
        var orNull = underlying is null ? 0 : JsonSchemaType.Null;
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            schema.Type = JsonSchemaType.String | orNull;
            schema.Format = "date-time";
            schema.Pattern = null;
        }
        else if (type == typeof(TimeOnly))
        {
            schema.Type = JsonSchemaType.String | orNull;
            schema.Format = null;
            schema.Pattern = HourMinutePattern;
        }
        else if (type.IsEnum && schema.Enum is { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String | orNull;
        }
        else if (type == typeof(JsonElement))
        {
            schema.Type = JsonSchemaType.Object | orNull;
            schema.Description ??= "A JSON object.";
        }
    }
}
