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
        var found = await db.ApiTokens.IgnoreQueryFilters([PlanwerkDb.TenantFilter]).AsNoTracking()
            .Where(t => t.SecretHash == hash)
            .Join(db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter]), t => t.EmployeeId, e => e.Id, (t, e) => new { Token = t, Employee = e })
            .Join(db.Clouds, x => x.Token.CloudId, c => c.Id, (x, c) => new
            {
                x.Token.Id, x.Token.CloudId, x.Token.SecretHash, x.Token.ExpiresAt, x.Token.RevokedAt, x.Token.LastUsedAt,
                EmployeeId = x.Employee.Id, x.Employee.IsActive, x.Employee.SecurityGroup, x.Employee.AccountId,
                c.Plan, c.ApiAccessEnabled, c.OwnerAccountId,
            })
            .FirstOrDefaultAsync(Context.RequestAborted);

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
        Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
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
