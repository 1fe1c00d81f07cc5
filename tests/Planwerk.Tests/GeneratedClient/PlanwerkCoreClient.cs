using System.Text.Json;
using System.Text.Json.Serialization;

namespace Planwerk.Tests.GeneratedClient;

/// <summary>
/// The hand-written half of the generated client (NSwag's extension point, not an edit of the generated file): the
/// serializer as strictly as System.Text.Json reads — a null where the generated property is not nullable fails, as a
/// missing <c>required</c> property does — and unset optional fields left out of request bodies, so a PUT changes only
/// the fields set (a typed client cannot send an explicit null to clear a field; factro's raw JSON can).
/// </summary>
public partial class PlanwerkCoreClient
{
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.RespectNullableAnnotations = true;
        settings.RespectRequiredConstructorParameters = true;
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }
}
