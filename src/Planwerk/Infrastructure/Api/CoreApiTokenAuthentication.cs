using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Tokens;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Authenticates Core API requests by personal token: <c>Authorization: &lt;token&gt;</c> (factro's way)
/// or <c>Authorization: Bearer &lt;token&gt;</c>. No header: no result; a malformed, unknown, expired or
/// revoked token, or one of a deactivated user: failure, answered 401 <c>invalid_token</c>.
/// </summary>
public sealed class CoreApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    PlanwerkDb db, TimeProvider time, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "CoreApiToken";

    /// <summary><c>lastUsedAt</c> is written at most this often per token, to keep reads cheap.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The look-up that runs on every token request (so that revocation and the owner's switches act on the next
    /// request on every instance): compiled once, so that a request pays no LINQ translation or query-cache key for it.
    /// </summary>
    private static readonly CompiledQuery<Func<PlanwerkDb, byte[], CancellationToken, Task<TokenRow?>>> FindToken = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, byte[] hash, CancellationToken ct) => db.ApiTokens.IgnoreQueryFilters(new[] { PlanwerkDb.TenantFilter }).AsNoTracking()
            .Where(t => t.SecretHash == hash)
            .Join(db.Employees.IgnoreQueryFilters(new[] { PlanwerkDb.TenantFilter }), t => t.EmployeeId, e => e.Id, (t, e) => new { Token = t, Employee = e })
            .Join(db.Clouds, x => x.Token.CloudId, c => c.Id, (x, c) => new TokenRow(
                x.Token.Id, x.Token.CloudId, x.Token.SecretHash, x.Token.ExpiresAt, x.Token.RevokedAt, x.Token.LastUsedAt,
                x.Employee.Id, x.Employee.IsActive, x.Employee.SecurityGroup, x.Employee.AccountId,
                c.Plan, c.ApiAccessEnabled, c.OwnerAccountId))
            .FirstOrDefault()));

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString().Trim();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header;
        if (!ApiTokenFormat.IsWellFormed(token))
        {
            return AuthenticateResult.Fail("The token is malformed or its checksum is wrong.");
        }

        var hash = ApiTokenFormat.Hash(token);
        // On SQLite the connection stays open for the rest of the request (the look-up, the route's queries): one open
        // (PRAGMAs, EF's functions registered again on every open) instead of one per query. EF closes it when the context
        // goes back to the pool at the end of the request. Not on PostgreSQL: a server connection held for a whole request
        // would serve fewer requests from Npgsql's pool, and taking one from that pool is cheap.
        if (db.Database.IsSqlite())
        {
            await db.Database.OpenConnectionAsync(Context.RequestAborted);
        }

        var found = await FindToken.For(db)(db, hash, Context.RequestAborted);

        var now = time.GetUtcNow().UtcDateTime;
        if (found is null || !CryptographicOperations.FixedTimeEquals(found.SecretHash, hash))
        {
            return AuthenticateResult.Fail("Unknown token.");
        }

        if (found.RevokedAt is not null || found.ExpiresAt <= now || !found.IsActive)
        {
            return AuthenticateResult.Fail("The token is revoked or expired, or its user is deactivated.");
        }

        if (found.LastUsedAt is null || found.LastUsedAt < now - LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.ApiTokens.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
                .Where(t => t.Id == found.Id && (t.LastUsedAt == null || t.LastUsedAt < stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), Context.RequestAborted);
        }

        db.UseCloud(found.CloudId);
        db.ChangedBy = found.EmployeeId;
        // The body may take a while and the place too: what was decided here is checked again when a write commits (ADR 7).
        db.GuardCommits(new CallerStanding(found.CloudId, found.Id, found.EmployeeId, found.SecurityGroup, found.Plan,
            found.AccountId == found.OwnerAccountId));
        Context.Features.Set(new Caller(found.CloudId, found.EmployeeId, found.SecurityGroup, found.Plan, found.AccountId == found.OwnerAccountId,
            "api", found.Id));
        var identity = new ClaimsIdentity(
        [
            new Claim(Caller.CloudClaim, found.CloudId.ToString()),
            new Claim(Caller.EmployeeClaim, found.EmployeeId.ToString()),
            new Claim(Caller.GroupClaim, found.SecurityGroup.ToString()),
            new Claim(Caller.PlanClaim, found.Plan.ToString()),
            new Claim(Caller.OwnerClaim, found.AccountId == found.OwnerAccountId ? "true" : "false"),
            new Claim(Caller.TokenClaim, found.Id.ToString()),
            new Claim(Caller.ApiAccessClaim, found.ApiAccessEnabled ? "on" : "off"),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 §3.1: a request without any credentials gets the scheme only, no error code.
        Response.Headers.WWWAuthenticate = string.IsNullOrWhiteSpace(Request.Headers.Authorization.ToString()) ? "Bearer" : "Bearer error=\"invalid_token\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Invalid CoreApiAccessToken provided!",
                Detail = "Send a valid, unexpired API token in the Authorization header (the raw token, or 'Bearer <token>').",
                Extensions = { ["code"] = ErrorCodes.InvalidToken },
            },
        });
    }
}

/// <summary>What authentication needs of a token, its user and its cloud, in one row.</summary>
internal sealed record TokenRow(
    Guid Id, Guid CloudId, byte[] SecretHash, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt,
    Guid EmployeeId, bool IsActive, Employees.SecurityGroup SecurityGroup, Guid AccountId,
    Clouds.Plan Plan, bool ApiAccessEnabled, Guid OwnerAccountId);
