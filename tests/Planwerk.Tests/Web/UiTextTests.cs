using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;

namespace Planwerk.Tests.Web;

/// <summary>Every text of the UI exists in English and German, and every key a page uses exists.</summary>
public sealed partial class UiTextTests
{
    /// <summary>The resource classes of the UI: the shared texts and each capability's own.</summary>
    private static readonly Type[] Resources = typeof(Planwerk.Infrastructure.Web.Text).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Text", StringComparison.Ordinal) && t.IsSealed && t.GetMembers().Length <= 8
            && t.Assembly.GetManifestResourceNames().Contains(t.FullName + ".resources"))
        .ToArray();

    public static TheoryData<string> ResourceNames => new(Resources.Select(r => r.FullName!));

    [Theory]
    [MemberData(nameof(ResourceNames))]
    public void EveryEnglishText_HasAGermanText_AndNoneIsEmpty(string resource)
    {
        var manager = new ResourceManager(resource, typeof(Planwerk.Infrastructure.Web.Text).Assembly);
        var english = Texts(manager, CultureInfo.InvariantCulture);
        var german = Texts(manager, new CultureInfo("de"));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(german.Keys));
        Assert.Empty(german.Keys.Except(english.Keys));
        Assert.Empty(english.Concat(german).Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key));
    }

    [Fact]
    public void EveryTextKeyAPageOrFormUses_Exists()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Planwerk");
        var manager = new ResourceManager(typeof(Planwerk.Infrastructure.Web.Text).FullName!, typeof(Planwerk.Infrastructure.Web.Text).Assembly);
        var known = Texts(manager, CultureInfo.InvariantCulture).Keys.ToHashSet();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(source, "*.cs*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in SharedKey().Matches(text))
            {
                if (!known.Contains(m.Groups[1].Value))
                {
                    missing.Add($"{Path.GetRelativePath(source, file)}: {m.Groups[1].Value}");
                }
            }
        }

        Assert.Empty(missing);
    }

    private static Dictionary<string, string?> Texts(ResourceManager manager, CultureInfo culture) =>
        manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Planwerk.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Planwerk.slnx) was not found.");
    }

    /// <summary><c>T["Key"]</c> in pages and page models, and data-annotation messages (<c>ErrorMessage = "Key"</c>).</summary>
    [GeneratedRegex("""(?:\bT\["|ErrorMessage = ")([A-Za-z0-9_.]+)"(?:\]|\))""")]
    private static partial Regex SharedKey();
}
