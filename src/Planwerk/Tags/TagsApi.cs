using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Tags;

public sealed record TagDto(Guid Id, string Name, Guid MandantId)
{
    public static TagDto From(Tag t) => new(t.Id, t.Name, t.CloudId);
}

/// <summary>
/// Tag routes (writes limited to <c>editors</c>): the cloud's list (<c>GET|POST /projects/tags</c>, <c>DELETE /projects/tags/{tagId}</c>;
/// the same under <c>/tasks</c>) and tagging (<c>GET|PUT {owner}/{id}/tags</c>, <c>DELETE …/tags/{tagId}</c>).
/// </summary>
public static class TagsApi
{
    public static void MapTagList(this RouteGroupBuilder collection, TagKind kind, Right editors)
    {
        var name = kind.ToString();
        collection.MapGet("/tags", (HttpContext http, TagService tags, int? limit, string? cursor, CancellationToken ct) =>
            Listing.ListAsync(http, tags.List(kind), t => TagDto.From(t), limit, cursor, ct))
            .Produces<List<TagDto>>().WithName($"List{name}Tags").WithSummary($"The cloud's {name.ToLowerInvariant()} tags");

        collection.MapPost("/tags", async Task<Created<TagDto>> (JsonElement body, HttpContext http, TagService tags, CancellationToken ct) =>
        {
            var input = JsonBody.Of(body);
            var tagName = input.String("name");
            input.ThrowIfInvalid();
            var tag = await tags.CreateAsync(kind, tagName, input, ct);
            return TypedResults.Created($"{http.Request.Path}/{tag.Id}", TagDto.From(tag));
        }).Require(editors, $"create {name.ToLowerInvariant()} tags").WithMetadata(new RequestBodyDoc(typeof(TagWrite))).WithName($"Create{name}Tag").WithSummary($"Add a {name.ToLowerInvariant()} tag to the cloud's list");

        collection.MapDelete("/tags/{tagId:guid}", async Task<Ok<TagDto>> (Guid tagId, HttpContext http, TagService tags, CancellationToken ct) =>
        {
            return TypedResults.Ok(TagDto.From(await tags.DeleteAsync(kind, tagId, ct)));
        }).Require(editors, $"delete {name.ToLowerInvariant()} tags").WithName($"Delete{name}Tag").WithSummary($"Remove a {name.ToLowerInvariant()} tag from the cloud (and from everything tagged with it)");
    }

    /// <summary>Maps tagging; <see cref="TagService"/> looks the item up first (visibility, closed tasks).</summary>
    public static void MapTagging(this RouteGroupBuilder item, TagKind kind, Right editors)
    {
        var name = kind.ToString();
        item.MapGet("/tags", async Task<Listed<TagDto>> (Guid id, HttpContext http, TagService tags, int? limit, string? cursor, CancellationToken ct) =>
                await Listing.ListAsync(http, await tags.OnAsync(http.Caller(), kind, id, ct), t => TagDto.From(t), limit, cursor, ct))
            .Produces<List<TagDto>>().WithName($"Get{name}TagsOf").WithSummary($"The tags on a {name.ToLowerInvariant()}");

        item.MapPut("/tags", async Task<Listed<TagDto>> (Guid id, JsonElement body, HttpContext http, TagService tags, int? limit, string? cursor, CancellationToken ct) =>
        {
            await tags.RequireItemAsync(http.Caller(), kind, id, write: true, ct); // the item's 404 or 403 before the body's or paging's 400
            Listing.ThrowIfInvalidPage(limit, cursor);
            // factro clients send the ids as an array; an object {"tagIds": [...]} is accepted too.
            var input = JsonBody.Of(body.ValueKind == JsonValueKind.Array ? JsonDocument.Parse($"{{\"tagIds\":{body.GetRawText()}}}").RootElement : body);
            var ids = input.GuidList("tagIds", 100, required: true);
            var tagged = await tags.AddAsync(http.Caller(), kind, id, ids.Value ?? [], input, ct);
            return await Listing.ListAsync(http, tagged, t => TagDto.From(t), limit, cursor, ct);
        }).Produces<List<TagDto>>().Require(editors, $"tag {name.ToLowerInvariant()}s").WithMetadata(new RequestBodyDoc(typeof(TagIdsWrite))).WithName($"Tag{name}").WithSummary($"Put tags on a {name.ToLowerInvariant()} (keeps the ones it has)");

        item.MapDelete("/tags/{tagId:guid}", async Task<Ok<TagDto>> (Guid id, Guid tagId, HttpContext http, TagService tags, CancellationToken ct) =>
                TypedResults.Ok(TagDto.From(await tags.RemoveAsync(http.Caller(), kind, id, tagId, ct))))
            .Require(editors, $"untag {name.ToLowerInvariant()}s").WithName($"Untag{name}").WithSummary($"Take a tag off a {name.ToLowerInvariant()}");
    }
}
