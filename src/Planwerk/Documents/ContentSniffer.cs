using System.Text;

namespace Planwerk.Documents;

/// <summary>The content type of a file from its first bytes (a small table of magic numbers); what the client declared is never used.</summary>
public static class ContentSniffer
{
    /// <summary>How many of the first bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeadLength = 512;

    public const string Binary = "application/octet-stream";
    public const string Text = "text/plain; charset=utf-8";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";

    /// <summary>Every type <see cref="Sniff"/> answers (the download's OpenAPI response lists them).</summary>
    public static readonly IReadOnlyList<string> Types =
        ["application/pdf", "image/png", "image/jpeg", "image/gif", "application/zip", Docx, Xlsx, Pptx, Text, Binary];

    private static readonly (byte[] Magic, string Type)[] Magics =
    [
        ("%PDF-"u8.ToArray(), "application/pdf"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "image/png"),
        ([0xFF, 0xD8, 0xFF], "image/jpeg"),
        ("GIF87a"u8.ToArray(), "image/gif"),
        ("GIF89a"u8.ToArray(), "image/gif"),
    ];

    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>
    /// The type of a file that begins with <paramref name="head"/> (its first up to <see cref="HeadLength"/> bytes): pdf,
    /// png, jpeg, gif; a zip archive, told apart as docx, xlsx or pptx by the name of its first entry when that shows;
    /// UTF-8 text without control characters (but tabs and line breaks) as <c>text/plain; charset=utf-8</c>; anything
    /// else <see cref="Binary"/>.
    /// </summary>
    public static string Sniff(ReadOnlySpan<byte> head, bool whole)
    {
        foreach (var (magic, type) in Magics)
        {
            if (head.StartsWith(magic))
            {
                return type;
            }
        }

        if (head.StartsWith(Zip))
        {
            // Office files are zips whose first entries name their kind ("[Content_Types].xml", then "word/…", "xl/…").
            var text = Encoding.ASCII.GetString(head);
            return text.Contains("word/", StringComparison.Ordinal) ? Docx
                : text.Contains("xl/", StringComparison.Ordinal) ? Xlsx
                : text.Contains("ppt/", StringComparison.Ordinal) ? Pptx
                : "application/zip";
        }

        return head.Length > 0 && IsText(head, whole) ? Text : Binary;
    }

    private static bool IsText(ReadOnlySpan<byte> head, bool whole)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C || b == 0x7F)
            {
                return false;
            }
        }

        // A multi-byte character cut at the end of the head is no reason to call the file binary.
        for (var cut = 0; cut <= (whole ? 0 : 3) && cut < head.Length; cut++)
        {
            if (System.Text.Unicode.Utf8.IsValid(head[..^cut]))
            {
                return true;
            }
        }

        return false;
    }
}
