using Microsoft.EntityFrameworkCore;
using Planwerk.Audit;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tokens;

/// <summary>A token as created: the entity, and the secret that is shown this once and never again.</summary>
public sealed record CreatedToken(ApiToken Token, string Secret);

/// <summary>Whose tokens a caller lists or revokes: their own, or every token of the cloud (the owner only).</summary>
public enum TokenScope
{
    Own,
    Cloud,
}

/// <summary>The rules for API tokens: creation, listing, revocation.</summary>
public sealed class TokenService(PlanwerkDb db, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Creates a token for a user: the caller's own, or, for the system (the CLI, the demo seed), any active user's;
    /// refused while the cloud's API switch is off (governance rule 2).
    /// </summary>
    public async Task<CreatedToken> CreateAsync(Caller caller, Guid employeeId, Optional<string?> name, string? description, DateTime? expiresAt,
        IInputErrors errors, CancellationToken ct)
    {
        if (employeeId != caller.EmployeeId && !caller.IsSystem)
        {
            throw DomainException.Forbidden("A token is made by its own user.");
        }

        var (cloudId, actor) = (caller.CloudId, caller.Actor);
        db.UseCloud(cloudId);
        if (errors.RequiredText("name", name))
        {
            errors.MaxLength("name", name.Value!.Trim(), ApiToken.NameMaxLength);
        }

        errors.MaxLength("description", description?.Trim(), ApiToken.DescriptionMaxLength);
        var now = time.GetUtcNow().UtcDateTime;
        if (expiresAt is { } expiry && expiry <= now)
        {
            errors.Invalid("expiresAt", "in_the_past", "The expiry must lie in the future.");
        }

        errors.ThrowIfInvalid();

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
            Name = name.Value!.Trim(),
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

    /// <summary>The caller's own tokens, or every token of the cloud for its owner (403 for anyone else).</summary>
    public IQueryable<ApiToken> List(Caller caller, TokenScope scope) => List(caller.CloudId, UserOf(caller, scope));

    /// <summary>
    /// Revokes one of the caller's own tokens (another user's is a 404), or, for the owner with
    /// <see cref="TokenScope.Cloud"/>, any token of the cloud; the API and the page both come here.
    /// </summary>
    public async Task<ApiToken> RevokeAsync(Caller caller, Guid id, TokenScope scope, CancellationToken ct)
    {
        var token = await List(caller.CloudId, UserOf(caller, scope)).FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw DomainException.NotFound("Token", id);
        if (token.RevokedAt is null)
        {
            token.RevokedAt = time.GetUtcNow().UtcDateTime;
            audit.Record(caller.CloudId, caller.Actor, AuditActions.TokenRevoked, "token", token.Id, oldValue: token.Name);
            await db.SaveChangesAsync(ct);
        }

        return token;
    }

    /// <summary>The owner rule for other users' tokens, in one place.</summary>
    private static Guid? UserOf(Caller caller, TokenScope scope) => scope switch
    {
        TokenScope.Own => caller.EmployeeId,
        _ when caller.Has(Right.ManageCloud) => null,
        _ => throw DomainException.Forbidden("Only the cloud's owner sees and revokes every token of the cloud."),
    };

    /// <summary>The tokens of one user, or of the whole cloud when <paramref name="employeeId"/> is null.</summary>
    private IQueryable<ApiToken> List(Guid cloudId, Guid? employeeId)
    {
        db.UseCloud(cloudId);
        return employeeId is { } id ? db.ApiTokens.Where(t => t.EmployeeId == id) : db.ApiTokens;
    }
}
