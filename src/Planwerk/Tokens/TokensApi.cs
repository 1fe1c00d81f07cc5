using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tokens;

/// <summary>A token as listed: never the secret, only a hint.</summary>
public sealed record TokenDto(Guid Id, Guid EmployeeId, string Name, string? Description, string Hint, DateTime CreatedAt,
    DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool IsActive)
{
    public static TokenDto From(ApiToken t, DateTime now) => new(t.Id, t.EmployeeId, t.Name, t.Description, t.Hint, t.CreatedAt,
        t.ExpiresAt, t.LastUsedAt, t.RevokedAt, t.RevokedAt is null && (t.ExpiresAt is null || t.ExpiresAt > now));
}

/// <summary>A token just created: the only time <see cref="Token"/> (the secret) is shown.</summary>
public sealed record CreatedTokenDto(string Token, TokenDto Details);

/// <summary>
/// Token management (a Planwerk extension): <c>/me/tokens</c> for the caller's own tokens, and
/// <c>/tokens</c> for the cloud owner, who sees and revokes every token of the cloud.
/// </summary>
public static class TokensApi
{
    public static void MapTokens(this RouteGroupBuilder api)
    {
        var mine = api.MapGroup("/me/tokens").WithTags("Tokens");
        mine.MapGet("/", ListMine).WithName("ListMyTokens").WithSummary("The caller's API tokens (no secrets)");
        mine.MapPost("/", Create).WithMetadata(new RequestBodyDoc(typeof(TokenWrite))).WithName("CreateMyToken").WithSummary("Create an API token for the caller; the secret is shown once");
        mine.MapDelete("/{id:guid}", RevokeMine).WithName("RevokeMyToken").WithSummary("Revoke one of the caller's tokens; it fails from the next request on");

        var all = api.MapGroup("/tokens").WithTags("Tokens").Require(Right.ManageCloud, "see or revoke every token of the cloud");
        all.MapGet("/", ListAll).WithName("ListCloudTokens").WithSummary("Every API token of the cloud (owner only)");
        all.MapDelete("/{id:guid}", RevokeAny).WithName("RevokeCloudToken").WithSummary("Revoke any token of the cloud (owner only)");
    }

    private static Task<Listed<TokenDto>> ListMine(HttpContext http, TokenService tokens, TimeProvider time, int? limit, string? cursor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Listing.ListAsync(http, tokens.List(http.Caller(), TokenScope.Own), t => TokenDto.From(t, now), limit, cursor, ct);
    }

    private static Task<Listed<TokenDto>> ListAll(HttpContext http, TokenService tokens, TimeProvider time, int? limit, string? cursor, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Listing.ListAsync(http, tokens.List(http.Caller(), TokenScope.Cloud), t => TokenDto.From(t, now), limit, cursor, ct);
    }

    private static async Task<Created<CreatedTokenDto>> Create(JsonElement body, HttpContext http, TokenService tokens, TimeProvider time, CancellationToken ct)
    {
        var caller = http.Caller();
        var input = JsonBody.Of(body);
        var name = input.String("name");
        var description = input.String("description");
        var expiresAt = input.DateTime("expiresAt");
        input.ThrowIfInvalid();
        var created = await tokens.CreateAsync(caller, caller.EmployeeId, name, description.Value, expiresAt.Value, input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/me/tokens/{created.Token.Id}",
            new CreatedTokenDto(created.Secret, TokenDto.From(created.Token, time.GetUtcNow().UtcDateTime)));
    }

    private static async Task<Ok<TokenDto>> RevokeMine(Guid id, HttpContext http, TokenService tokens, TimeProvider time, CancellationToken ct)
    {
        var token = await tokens.RevokeAsync(http.Caller(), id, TokenScope.Own, ct);
        return TypedResults.Ok(TokenDto.From(token, time.GetUtcNow().UtcDateTime));
    }

    private static async Task<Ok<TokenDto>> RevokeAny(Guid id, HttpContext http, TokenService tokens, TimeProvider time, CancellationToken ct)
    {
        var token = await tokens.RevokeAsync(http.Caller(), id, TokenScope.Cloud, ct);
        return TypedResults.Ok(TokenDto.From(token, time.GetUtcNow().UtcDateTime));
    }
}

/// <summary>A new token: factro asks for a name and a description.</summary>
/// <param name="Name">To tell tokens apart (1–100 characters).</param>
/// <param name="Description">What the token is for.</param>
/// <param name="ExpiresAt">Optional ISO-8601 expiry; without it the token lives until revoked.</param>
public sealed record TokenWrite(string Name, string? Description, DateTime? ExpiresAt);
