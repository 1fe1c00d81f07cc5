using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Webhooks;

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
