using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Webhooks;

/// <summary>The body of a delivery as documented (OpenAPI, the catch-up routes); <see cref="WebhookPayload.Build"/> writes it.</summary>
/// <param name="Id">The event's id (= the webhook-id header): the same on every retry and redelivery.</param>
/// <param name="WebhookId">The webhook it was sent to.</param>
/// <param name="Action">The action, e.g. TaskCreated.</param>
/// <param name="Context">What changed.</param>
/// <param name="CreatedAt">When the event happened.</param>
/// <param name="MandantId">The cloud.</param>
/// <param name="Sequence">Grows with every event of the cloud.</param>
/// <param name="DeliveryAttempts">Attempts so far (the catch-up: at the time of the answer).</param>
public sealed record WebhookEventPayload(Guid Id, Guid WebhookId, string Action, WebhookEventContext Context, DateTime CreatedAt, Guid MandantId,
    long Sequence, int DeliveryAttempts);

/// <summary>What changed: the entity, its project, who changed it, and the changed fields' old and new values (null for created and deleted).</summary>
public sealed record WebhookEventContext(Guid EntityId, string EntityType, Guid? ProjectId, Guid? ChangedBy,
    IReadOnlyDictionary<string, FieldChange>? Changes);

/// <summary>The JSON body of a delivery (WEBHOOKS.md "Delivery"): thin, with the change's context.</summary>
public static class WebhookPayload
{
    public static byte[] Build(WebhookEvent e, Guid webhookId, int deliveryAttempts)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", e.Id);
            json.WriteString("webhookId", webhookId);
            json.WriteString("action", e.Action);
            json.WriteStartObject("context");
            json.WriteString("entityId", e.EntityId);
            json.WriteString("entityType", e.EntityType);
            WriteGuid(json, "projectId", e.ProjectId);
            WriteGuid(json, "changedBy", e.ChangedBy);
            json.WritePropertyName("changes");
            if (e.Changes is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(e.Changes, skipInputValidation: true);
            }

            json.WriteEndObject();
            json.WriteString("createdAt", e.CreatedAt.ToString(ApiJson.DateTimeFormat, CultureInfo.InvariantCulture));
            json.WriteString("mandantId", e.CloudId);
            json.WriteNumber("sequence", e.Sequence);
            json.WriteNumber("deliveryAttempts", deliveryAttempts);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A JSON text indented as a person reads it (the console's bodies, the form's examples); not JSON: as it came.</summary>
    public static string Indented(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, IndentedJson);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void WriteGuid(Utf8JsonWriter json, string name, Guid? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
