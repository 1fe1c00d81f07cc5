using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// An input field whose C# type is not what the client sends: <c>customFields</c> is a JSON object kept as its text, a
/// work record's date is a <c>YYYY-MM-DD</c> string. The OpenAPI document describes what is sent.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SentAsAttribute(Type type) : Attribute
{
    /// <summary><see cref="string"/> or <see cref="JsonElement"/> (a JSON object).</summary>
    public Type Type { get; } = type;
}

/// <summary>
/// Makes the request schemas come from the services' input types: a field of type <see cref="Optional{T}"/> (absent,
/// or present with a value that may be null) is described as its value, which may be null — not as the struct
/// (<c>hasValue</c>, <c>value</c>) the generator sees. The field's own documentation stays.
/// </summary>
public static class OptionalSchemas
{
    public static bool IsOptional(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Optional<>);

    public static Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (!IsOptional(type))
        {
            return Task.CompletedTask;
        }

        var valueType = type.GetGenericArguments()[0];
        var value = schema.Properties?.Where(p => string.Equals(p.Key, "value", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value).FirstOrDefault();
        var sentAs = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(SentAsAttribute), inherit: false).OfType<SentAsAttribute>().FirstOrDefault();
        schema.Properties = null;
        schema.Required = null;
        schema.AdditionalPropertiesAllowed = true;
        if (sentAs is not null)
        {
            schema.Type = (sentAs.Type == typeof(JsonElement) ? JsonSchemaType.Object : JsonSchemaType.String) | JsonSchemaType.Null;
            schema.Format = null;
            schema.Pattern = null;
            schema.Enum = null;
            schema.Items = null;
            if (sentAs.Type == typeof(JsonElement))
            {
                schema.Description ??= "A JSON object.";
            }

            return Task.CompletedTask;
        }

        if (value is OpenApiSchema shape)
        {
            schema.Type = (shape.Type ?? JsonSchemaType.String) | JsonSchemaType.Null;
            schema.Format = shape.Format;
            schema.Pattern = shape.Pattern;
            schema.Enum = shape.Enum;
            schema.Items = shape.Items;
            schema.Description ??= shape.Description;
        }

        WireSchemas.Apply(schema, valueType);
        return Task.CompletedTask;
    }
}
