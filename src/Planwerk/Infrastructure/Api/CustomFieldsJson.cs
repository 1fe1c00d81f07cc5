using System.Text.Json;

namespace Planwerk.Infrastructure.Api;

/// <summary>factro's <c>customFields</c> are kept as the JSON object the client sent and returned as such.</summary>
public static class CustomFieldsJson
{
    public static JsonElement? Parse(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();
}
