using System.Text.Json;

namespace Planwerk.Import;

/// <summary>
/// A whole cloud in the Core API's shapes, one section per kind of item (the export file's document, and what an import
/// reads from a Core API before it writes). Nested items are flat lists that name their parent as the API does
/// (<c>projectId</c>, <c>taskId</c>, <c>referenceId</c>); tags put on items are <c>{kind, itemId, tagIds}</c>.
/// </summary>
public sealed class CloudSnapshot
{
    public const string Format = "planwerk-cloud-export";
    public const int Version = 1;

    public const string Users = "users";
    public const string Companies = "companies";
    public const string Contacts = "contacts";
    public const string ProjectTags = "projectTags";
    public const string TaskTags = "taskTags";
    public const string CompanyTags = "companyTags";
    public const string UserTags = "userTags";
    public const string Projects = "projects";
    public const string Packages = "packages";
    public const string Tasks = "tasks";
    public const string ChecklistEntries = "checklistEntries";
    public const string TaskConnections = "taskConnections";
    public const string TagAssignments = "tagAssignments";
    public const string Comments = "comments";
    public const string WorkRecords = "workRecords";
    public const string Appointments = "appointments";
    public const string Absences = "absences";
    public const string Teams = "teams";
    public const string TeamMembers = "teamMembers";

    /// <summary>Every section, in the order an import writes them (what is referred to before what refers to it).</summary>
    public static readonly IReadOnlyList<string> Kinds =
    [
        Users, Companies, Contacts, ProjectTags, TaskTags, CompanyTags, UserTags, Projects, Packages, Tasks, ChecklistEntries,
        TaskConnections, TagAssignments, WorkRecords, Comments, Appointments, Absences, Teams, TeamMembers,
    ];

    public required string SourceCloudId { get; init; }

    public DateTime ExportedAt { get; init; }

    public Dictionary<string, List<JsonElement>> Sections { get; } = new(StringComparer.Ordinal);

    /// <summary>The sections the source would not give (its plan or the token's rights), with the reason.</summary>
    public Dictionary<string, string> Refused { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<JsonElement> this[string kind] => Sections.TryGetValue(kind, out var items) ? items : [];

    public void Add(string kind, JsonElement item)
    {
        if (!Sections.TryGetValue(kind, out var items))
        {
            Sections[kind] = items = [];
        }

        items.Add(item.Clone());
    }

    /// <summary>Writes the document: <c>{format, version, sourceCloudId, exportedAt, sections: {kind: [...]}}</c>.</summary>
    public async Task WriteAsync(Stream stream, CancellationToken ct)
    {
        await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteNumber("version", Version);
        json.WriteString("sourceCloudId", SourceCloudId);
        json.WriteString("exportedAt", ExportedAt.ToString(Infrastructure.Api.ApiJson.DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("sections");
        foreach (var kind in Kinds)
        {
            json.WriteStartArray(kind);
            foreach (var item in this[kind])
            {
                item.WriteTo(json);
            }

            json.WriteEndArray();
            await json.FlushAsync(ct);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(ct);
    }

    /// <summary>Reads a document <see cref="WriteAsync"/> wrote; anything else is an <see cref="ImportSourceException"/>.</summary>
    public static async Task<CloudSnapshot> ReadAsync(Stream stream, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new ImportSourceException($"The file is not JSON ({e.Message}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != Format)
            {
                throw new ImportSourceException($"The file is not a Planwerk export (no \"format\": \"{Format}\").");
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version)
            {
                throw new ImportSourceException($"The file's export version is not {Version}, the one this Planwerk reads.");
            }

            if (!root.TryGetProperty("sourceCloudId", out var cloud) || !Guid.TryParse(cloud.GetString(), out var cloudId))
            {
                throw new ImportSourceException("The file names no sourceCloudId.");
            }

            var snapshot = new CloudSnapshot { SourceCloudId = cloudId.ToString() };
            if (root.TryGetProperty("sections", out var sections) && sections.ValueKind == JsonValueKind.Object)
            {
                foreach (var section in sections.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Array))
                {
                    foreach (var item in section.Value.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
                    {
                        snapshot.Add(section.Name, item);
                    }
                }
            }

            return snapshot;
        }
    }
}

/// <summary>The source cannot be read: a refused token, an unreachable or wrong URL, a file that is no export. Told as one line.</summary>
public sealed class ImportSourceException(string message) : Exception(message);
