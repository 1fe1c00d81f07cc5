using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Comments;

/// <summary><c>GET /comments/{id}</c>: any comment of the cloud, with what it is attached to.</summary>
public static class CommentLookupApi
{
    public static void MapCommentLookup(this RouteGroupBuilder api)
    {
        var comments = api.MapGroup("/comments").WithTags("Comments");
        comments.MapGet("/{id:guid}", Get).WithName("GetComment").WithSummary("One comment of the cloud, with referenceId and referenceType");
    }

    private static async Task<Ok<CommentDto>> Get(Guid id, HttpContext http, CommentService comments, CancellationToken ct) =>
        TypedResults.Ok(CommentDto.From(await comments.GetVisibleAsync(http.Caller(), id, ct)));
}
