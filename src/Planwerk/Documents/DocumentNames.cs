using System.Globalization;
using System.Text;

namespace Planwerk.Documents;

/// <summary>Makes a client's file name safe to store and to offer again in a download.</summary>
public static class DocumentNames
{
    public const int MaxLength = 200;

    /// <summary>The name for a file whose name leaves nothing once made safe.</summary>
    public const string Fallback = "file";

    /// <summary>
    /// The last path part of <paramref name="name"/> (both <c>/</c> and <c>\</c> separate, so <c>../../x</c> and
    /// <c>C:\a\b.txt</c> keep <c>x</c> and <c>b.txt</c>), without control characters, quotes or leading dots and
    /// spaces, normalized (NFC), at most <see cref="MaxLength"/> characters with the extension kept.
    /// </summary>
    public static string Safe(string? name)
    {
        var last = (name ?? string.Empty).Replace('\\', '/').Split('/').LastOrDefault() ?? string.Empty;
        var kept = new StringBuilder(last.Length);
        foreach (var c in last.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (char.IsControl(c) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || c is '"' or ':' or '*' or '?' or '<' or '>' or '|')
            {
                continue;
            }

            kept.Append(c);
        }

        var safe = kept.ToString().Trim().TrimStart('.').Trim();
        if (safe.Length > MaxLength)
        {
            var extension = Path.GetExtension(safe);
            extension = extension.Length is > 0 and <= 16 ? extension : string.Empty;
            var stem = safe[..(MaxLength - extension.Length)];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            safe = stem.TrimEnd() + extension;
        }

        return safe.Length == 0 ? Fallback : safe;
    }

    /// <summary>An ASCII-only stand-in for the <c>filename</c> parameter (non-ASCII as <c>_</c>); <c>filename*</c> carries the real one.</summary>
    public static string Ascii(string safe)
    {
        var ascii = new StringBuilder(safe.Length);
        foreach (var c in safe)
        {
            ascii.Append(c is >= ' ' and < (char)127 and not '"' and not '\\' and not ';' and not '%' ? c : '_');
        }

        return ascii.ToString();
    }
}
