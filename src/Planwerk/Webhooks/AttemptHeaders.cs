using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Planwerk.Webhooks;

/// <summary>One header of an attempt's request or response, as the delivery console shows it.</summary>
public sealed record AttemptHeader(string Name, string Value);

/// <summary>
/// What the delivery console keeps of an attempt's headers: the request's as sent, except that each signature is cut to its
/// first characters (enough to tell two apart, too little to replay) and the auth header's value is never kept; the
/// response's with each value cut at <see cref="MaxValueLength"/> characters; at most <see cref="MaxCount"/> of each, in
/// <see cref="MaxJsonLength"/> characters of JSON.
/// </summary>
public static class AttemptHeaders
{
    public const int MaxJsonLength = 4000;
    public const int MaxCount = 30;
    public const int MaxValueLength = 200;
    /// <summary>The characters of a signature kept after its <c>v1,</c>.</summary>
    public const int SignaturePrefixLength = 8;
    public const string Hidden = "(hidden)";

    public static readonly ValueConverter<IReadOnlyList<AttemptHeader>, string> Converter = new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<List<AttemptHeader>>(json, JsonSerializerOptions.Default) ?? new List<AttemptHeader>());

    public static readonly ValueComparer<IReadOnlyList<AttemptHeader>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!), list => list.Count, list => list.ToList());

    /// <summary>The request's headers (its content's too), signatures shortened, <paramref name="secretHeader"/>'s value hidden.</summary>
    public static IReadOnlyList<AttemptHeader> OfRequest(HttpRequestMessage request, string? secretHeader)
    {
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = request.Headers;
        if (request.Content is { } content)
        {
            all = all.Concat(content.Headers);
        }

        return Limit(all.Select(h => new AttemptHeader(h.Key,
            string.Equals(h.Key, "webhook-signature", StringComparison.OrdinalIgnoreCase) ? ShortenSignatures(string.Join(' ', h.Value))
            : string.Equals(h.Key, secretHeader, StringComparison.OrdinalIgnoreCase) ? Hidden
            : string.Join(", ", h.Value))));
    }

    /// <summary>The response's headers (its content's too), each value cut.</summary>
    public static IReadOnlyList<AttemptHeader> OfResponse(HttpResponseMessage response) =>
        Limit(response.Headers.Concat(response.Content.Headers).Select(h => new AttemptHeader(h.Key, string.Join(", ", h.Value))));

    /// <summary><c>v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1,…</c> becomes <c>v1,K5oZfzN9… v1,…</c>.</summary>
    public static string ShortenSignatures(string header) => string.Join(' ', header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(s => s.IndexOf(',', StringComparison.Ordinal) is var comma and >= 0 && s.Length > comma + 1 + SignaturePrefixLength
            ? s[..(comma + 1 + SignaturePrefixLength)] + "…"
            : s));

    private static List<AttemptHeader> Limit(IEnumerable<AttemptHeader> headers)
    {
        var kept = new List<AttemptHeader>();
        var length = 2; // []
        foreach (var header in headers.Take(MaxCount))
        {
            var value = header.Value.Length > MaxValueLength ? header.Value[..MaxValueLength] + "…" : header.Value;
            var name = header.Name.Length > MaxValueLength ? header.Name[..MaxValueLength] : header.Name;
            var item = new AttemptHeader(name, value);
            var itemLength = JsonSerializer.Serialize(item, JsonSerializerOptions.Default).Length + 1;
            if (length + itemLength > MaxJsonLength)
            {
                break;
            }

            kept.Add(item);
            length += itemLength;
        }

        return kept;
    }
}
