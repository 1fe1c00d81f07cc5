namespace Planwerk.Infrastructure.Web;

/// <summary>The UI's one stylesheet, one script and its icon, embedded in the binary (nothing to deploy beside it).</summary>
public static class Assets
{
    public static readonly string Css = Read("app.css");
    public static readonly string Script = Read("app.js");
    public static readonly byte[] Favicon = ReadBytes("favicon.ico");

    private static byte[] ReadBytes(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"Planwerk.Infrastructure.Web.{name}")
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string Read(string name)
    {
        using var stream = typeof(Assets).Assembly.GetManifestResourceStream($"Planwerk.Infrastructure.Web.{name}")
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
