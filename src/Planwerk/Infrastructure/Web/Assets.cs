namespace Planwerk.Infrastructure.Web;

/// <summary>The UI's one stylesheet and one script, embedded in the binary (nothing to deploy beside it).</summary>
public static class Assets
{
    public static readonly string Css = Read("app.css");
    public static readonly string Script = Read("app.js");

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"Planwerk.Infrastructure.Web.{name}")
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
