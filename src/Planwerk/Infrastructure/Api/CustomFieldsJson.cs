using System.Text.Json;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// factro's <c>customFields</c> are kept as the JSON object the client sent and returned as such; an
/// entity without any answers <c>{}</c>, never <c>null</c> (factro clients call <c>customFields.get(…)</c>).
/// </summary>
public static class CustomFieldsJson
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    public static JsonElement Parse(string? json) => json is null ? Empty : JsonDocument.Parse(json).RootElement.Clone();
}
