using Microsoft.EntityFrameworkCore;
using Planwerk.Audit;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tokens;

/// <summary>A token as created: the entity, and the secret that is shown this once and never again.</summary>
public sealed record CreatedToken(ApiToken Token, string Secret);

/// <summary>The rules for API tokens: creation, listing, revocation.</summary>
public sealed class TokenService(PlanwerkDb db, AuditLog audit, TimeProvider time)
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;

    /// <summary>Creates a token for a user; refused while the cloud's API switch is off (governance rule 2).</summary>
    public async Task<CreatedToken> CreateAsync(Guid cloudId, Guid employeeId, string name, string? description, DateTime? expiresAt,
        AuditActor actor, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        name = (name ?? string.Empty).Trim();
        if (name.Length is 0 or > NameMaxLength)
        {
            throw DomainException.Invalid("/name", $"A token needs a name of 1 to {NameMaxLength} characters.");
        }

        if (description is { Length: > DescriptionMaxLength })
        {
            throw DomainException.Invalid("/description", $"The description may have at most {DescriptionMaxLength} characters.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (expiresAt is { } expiry && expiry <= now)
        {
            throw DomainException.Invalid("/expiresAt", "The expiry must lie in the future.");
        }

        var cloud = await db.Clouds.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cloudId, ct)
            ?? throw DomainException.NotFound("Cloud", cloudId);
        if (!cloud.ApiAccessEnabled)
        {
            throw DomainException.ApiAccessDisabled();
        }

        var employee = await db.Employees.AsNoTracking().FirstOrDefaultAsync(e => e.Id == employeeId, ct)
            ?? throw DomainException.NotFound("User", employeeId);
        if (!employee.IsActive)
        {
            throw DomainException.Forbidden("A deactivated user cannot have API tokens.");
        }

        var secret = ApiTokenFormat.Generate();
        var token = new ApiToken
        {
            EmployeeId = employee.Id,
            Name = name,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            SecretHash = ApiTokenFormat.Hash(secret),
            Hint = ApiTokenFormat.Hint(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.ApiTokens.Add(token);
        audit.Record(cloudId, actor, AuditActions.TokenCreated, "token", token.Id, newValue: $"{name} for user {employee.Id}");
        await db.SaveChangesAsync(ct);
        return new CreatedToken(token, secret);
    }

    /// <summary>The tokens of one user, or of the whole cloud when <paramref name="employeeId"/> is null.</summary>
    public IQueryable<ApiToken> List(Guid cloudId, Guid? employeeId)
    {
        db.UseCloud(cloudId);
        return employeeId is { } id ? db.ApiTokens.Where(t => t.EmployeeId == id) : db.ApiTokens;
    }

    /// <summary>
    /// Revokes a token; it fails from the next request on. A user revokes their own tokens; the cloud's
    /// owner revokes any (<paramref name="employeeId"/> null). Revoking twice is harmless.
    /// </summary>
    public async Task<ApiToken> RevokeAsync(Guid cloudId, Guid id, Guid? employeeId, AuditActor actor, CancellationToken ct)
    {
        var token = await List(cloudId, employeeId).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("Token", id);
        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(cloudId, actor, AuditActions.TokenRevoked, "token", token.Id, oldValue: token.Name);
            await db.SaveChangesAsync(ct);
        }

        return token;
    }
}
