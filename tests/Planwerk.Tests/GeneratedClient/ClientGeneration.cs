using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema.CodeGeneration.CSharp;
using NSwag;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;

namespace Planwerk.Tests.GeneratedClient;

/// <summary>
/// How the typed Core API client in this folder is made: NSwag's C# generator (the package the tests reference, so the
/// check and the script use the same version) on the committed snapshot of <c>/api/core/openapi.json</c>, with
/// System.Text.Json, nullable reference types and the C# <c>required</c> keyword, the strictest reading NSwag offers: a
/// required field missing from an answer or a null where the document allows none fails deserialization.
/// <c>scripts/generate-client.sh</c> rewrites both files; <see cref="GeneratedClientDocumentTests"/> fails when either is stale.
/// </summary>
public static class ClientGeneration
{
    public const string SnapshotFileName = "planwerk-core.openapi.json";
    public const string ClientFileName = "PlanwerkCoreClient.g.cs";

    /// <summary>Set by <c>scripts/generate-client.sh</c>: the document tests write the snapshot and the client instead of comparing.</summary>
    public const string UpdateVariable = "PLANWERK_GENERATE_CLIENT";

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>This folder in the source tree (not bin/), from the test assembly's metadata.</summary>
    public static string SourceDirectory => typeof(ClientGeneration).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GeneratedClientDirectory").Value!;

    public static string SnapshotPath => Path.Combine(SourceDirectory, SnapshotFileName);

    public static string ClientPath => Path.Combine(SourceDirectory, ClientFileName);

    /// <summary>The document as the snapshot stores it: indented, so a change of the API is a readable diff.</summary>
    public static string Normalize(string documentJson) =>
        JsonNode.Parse(documentJson)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    /// <summary>The client NSwag makes of <paramref name="documentJson"/>.</summary>
    public static async Task<string> GenerateAsync(string documentJson)
    {
        var document = await OpenApiDocument.FromJsonAsync(documentJson);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "PlanwerkCoreClient",
            GenerateClientInterfaces = false,
            UseBaseUrl = false, // the HttpClient's BaseAddress (the server's root: the document's paths start with /api/core)
            GenerateExceptionClasses = true,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = typeof(ClientGeneration).Namespace!;
        settings.CSharpGeneratorSettings.JsonLibrary = CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.JsonLibraryVersion = 10.0m;
        settings.CSharpGeneratorSettings.GenerateNullableReferenceTypes = true;
        settings.CSharpGeneratorSettings.GenerateOptionalPropertiesAsNullable = true;
        settings.CSharpGeneratorSettings.UseRequiredKeyword = true;
        settings.CSharpGeneratorSettings.ClassStyle = CSharpClassStyle.Poco;
        return new CSharpClientGenerator(document, settings).GenerateFile().ReplaceLineEndings("\n");
    }
}
