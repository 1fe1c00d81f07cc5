using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Comments;

/// <summary>A comment as factro returns it (factro's task comments also carry <c>taskId</c> and <c>subComments</c>; Planwerk's do not yet, see docs/api.md).</summary>
public sealed record CommentDto(Guid Id, Guid ReferenceId, string ReferenceType, string Text, Guid? CreatorId, Guid? ParentId,
    DateTime CreationDate, long ChangeDate, Guid MandantId)
{
    public static CommentDto From(Comment c) => new(c.Id, c.ReferenceId, c.ReferenceType.Wire(), c.Text, c.CreatorId, c.ParentId,
        c.CreationDate, new DateTimeOffset(c.ChangeDate, TimeSpan.Zero).ToUnixTimeMilliseconds(), c.CloudId);
}

/// <summary>
/// The comment routes shared by projects, packages, tasks and work records:
/// <c>GET|POST {owner}/comments</c>, <c>GET|DELETE {owner}/comments/{commentId}</c>.
/// </summary>
public static class CommentsApi
{
    /// <summary>The commented thing a route names; packages add their <c>{pid}</c>.</summary>
    public delegate CommentTarget TargetOf(HttpContext http, Guid ownerId);

    /// <summary>
    /// Maps the routes; <see cref="CommentService"/> checks that the caller can see the commented thing (404
    /// otherwise) before anything else.
    /// </summary>
    public static void MapComments(this RouteGroupBuilder owner, CommentReferenceType type, TargetOf? targetOf = null, bool allowDelete = true)
    {
        var tag = type.Wire();
        targetOf ??= (_, id) => new CommentTarget(type, id);
        owner.MapGet("/comments", async Task<Listed<CommentDto>> (Guid id, HttpContext http, CommentService comments, int? limit, string? cursor, CancellationToken ct) =>
                await Listing.ListAsync(http, await comments.ListAsync(http.Caller(), targetOf(http, id), ct), c => CommentDto.From(c), limit, cursor, ct))
            .WithName($"List{tag}Comments").WithSummary($"Comments on a {tag}");

        owner.MapPost("/comments", async Task<Created<CommentDto>> (Guid id, JsonElement body, HttpContext http, CommentService comments, CancellationToken ct) =>
        {
            var target = targetOf(http, id);
            await comments.RequireVisibleAsync(http.Caller(), target, ct); // 404 before anything about the body
            var input = JsonBody.Of(body);
            var text = input.String("text");
            var parent = input.Guid("parentId");
            var comment = await comments.CreateAsync(http.Caller(), target, text, parent.Value, input, ct);
            return TypedResults.Created($"{http.Request.Path}/{comment.Id}", CommentDto.From(comment));
        }).WithMetadata(new RequestBodyDoc(typeof(CommentWrite))).WithName($"Create{tag}Comment").WithSummary($"Comment on a {tag}");

        owner.MapGet("/comments/{commentId:guid}", async Task<Ok<CommentDto>> (Guid id, Guid commentId, HttpContext http, CommentService comments, CancellationToken ct) =>
                TypedResults.Ok(CommentDto.From(await comments.GetAsync(http.Caller(), targetOf(http, id), commentId, ct))))
            .WithName($"Get{tag}Comment").WithSummary($"One comment on a {tag}");

        if (allowDelete)
        {
            owner.MapDelete("/comments/{commentId:guid}", async Task<Ok<CommentDto>> (Guid id, Guid commentId, HttpContext http, CommentService comments, CancellationToken ct) =>
                    TypedResults.Ok(CommentDto.From(await comments.DeleteAsync(http.Caller(), targetOf(http, id), commentId, ct))))
                .WithName($"Delete{tag}Comment").WithSummary($"Delete a comment on a {tag}");
        }
    }
}
