using System.Linq.Expressions;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Lists of the Core API: plain JSON arrays (factro), ordered by id (time-ordered UUID v7: oldest first, or newest first where a route says so). Without <c>limit</c> the whole
/// list is streamed row by row from the database, so memory stays flat however long it is. With
/// <c>?limit=N</c> (1–1000) at most N items come back, and a <c>Link: &lt;…&gt;; rel="next"</c> header
/// carries the opaque <c>cursor</c> of the next page.
/// </summary>
public static class Listing
{
    public const int MaxLimit = 1000;

    public static async Task<Listed<TOut>> ListAsync<T, TOut>(HttpContext http, IQueryable<T> query, Expression<Func<T, TOut>> map,
        int? limit, string? cursor, CancellationToken ct, bool newestFirst = false)
        where T : class, IEntity
    {
        query = query.AsNoTracking();
        if (cursor is not null)
        {
            var after = DecodeCursor(cursor);
            query = newestFirst ? query.Where(e => e.Id.CompareTo(after) < 0) : query.Where(e => e.Id.CompareTo(after) > 0);
        }

        query = newestFirst ? query.OrderByDescending(e => e.Id) : query.OrderBy(e => e.Id);
        if (limit is null)
        {
            return cursor is null
                ? new Listed<TOut>(TypedResults.Ok(query.Select(map).AsAsyncEnumerable()))
                : throw DomainException.BadRequest("/cursor", "cursor needs limit.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            throw DomainException.BadRequest("/limit", $"limit must be between 1 and {MaxLimit}.");
        }

        var rows = await query.Take(limit.Value + 1).Select(e => new { e.Id, Item = e }).ToListAsync(ct);
        if (rows.Count > limit)
        {
            rows.RemoveAt(rows.Count - 1);
            http.Response.Headers.Link = $"<{NextUrl(http, rows[^1].Id, limit.Value)}>; rel=\"next\"";
        }

        var project = map.Compile();
        return new Listed<TOut>(TypedResults.Ok(rows.Select(r => project(r.Item)).ToList()));
    }

    /// <summary>Refuses a bad <c>limit</c> or <c>cursor</c> up front, for a route that writes before it lists (a 400 must not follow a write).</summary>
    public static void ThrowIfInvalidPage(int? limit, string? cursor)
    {
        if (cursor is not null)
        {
            _ = limit is null ? throw DomainException.BadRequest("/cursor", "cursor needs limit.") : DecodeCursor(cursor);
        }

        if (limit is < 1 or > MaxLimit)
        {
            throw DomainException.BadRequest("/limit", $"limit must be between 1 and {MaxLimit}.");
        }
    }

    private static string NextUrl(HttpContext http, Guid last, int limit)
    {
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value)
            .Where(q => q.Key is not ("cursor" or "limit"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(new("cursor", EncodeCursor(last)));
        return QueryHelpers.AddQueryString($"{http.Request.PathBase}{http.Request.Path}", query);
    }

    private static string EncodeCursor(Guid id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(id.ToString("N")));

    private static Guid DecodeCursor(string cursor)
    {
        try
        {
            return Guid.ParseExact(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cursor)), "N");
        }
        catch (FormatException)
        {
            throw DomainException.BadRequest("/cursor", "cursor is not a cursor this API gave out.");
        }
    }
}

/// <summary>A list answer (streamed or one page): a JSON array of <typeparamref name="T"/>, documented as such in the OpenAPI document.</summary>
#pragma warning disable CA1000 // IEndpointMetadataProvider is a static interface member by design
public sealed class Listed<T>(IResult inner) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => inner.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(IReadOnlyList<T>), ["application/json"]));
}
#pragma warning restore CA1000
