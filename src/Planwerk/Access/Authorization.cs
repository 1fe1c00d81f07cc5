using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Access;

/// <summary>A refusal that carries the domain error to report (kind, code, extensions).</summary>
public sealed class DomainFailureReason(IAuthorizationHandler handler, DomainException error) : AuthorizationFailureReason(handler, error.Code)
{
    public DomainException Error { get; } = error;
}

/// <summary>
/// The cloud owner's API switch (PRODUCT.md rule 2), checked on every token request. Being its own
/// handler, it runs first (ASP.NET Core's pass-through handler), before the handlers registered after it.
/// </summary>
public sealed class ApiAccessEnabledRequirement : AuthorizationHandler<ApiAccessEnabledRequirement>, IAuthorizationRequirement
{
    public const string Policy = "CoreApi";

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessEnabledRequirement requirement)
    {
        if (context.User.FindFirst(Caller.ApiAccessClaim)?.Value == "on")
        {
            context.Succeed(requirement);
        }
        else if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Fail(new DomainFailureReason(this, DomainException.ApiAccessDisabled()));
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The rate limits of the token, its user and its cloud, evaluated as part of authorization so that it comes after the owner's
/// switch and before plan and rights (CORE-API.md's pipeline), and before the body is even read.
/// </summary>
public sealed class RateLimitRequirement : IAuthorizationRequirement;

/// <summary>Takes a permit of the caller's token, user and cloud for <see cref="RateLimitRequirement"/> and writes the RateLimit headers.</summary>
public sealed class RateLimitHandler(ApiRateLimiter limiter) : AuthorizationHandler<RateLimitRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RateLimitRequirement requirement)
    {
        if (context.Resource is not HttpContext http || Caller.Of(http) is not { TokenId: { } token } caller)
        {
            return Task.CompletedTask;
        }

        var decision = limiter.Acquire(token, caller.EmployeeId, caller.CloudId);
        ApiRateLimiter.WriteHeaders(http.Response, limiter.Options, decision);
        if (decision.Allowed)
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new DomainFailureReason(this, DomainException.RateLimited(
                $"{Whose(decision.Scope)} may make {decision.Limit} requests per {limiter.Options.WindowSeconds} s; try again in {decision.ResetSeconds} s.")));
        }

        return Task.CompletedTask;
    }

    private static string Whose(RateLimitScope scope) => scope switch
    {
        RateLimitScope.Token => "This token",
        RateLimitScope.User => "This token's user, with all their tokens,",
        _ => "The users of this cloud together",
    };
}

/// <summary>A route that exists only on plans with <see cref="Feature"/> (governance rule 4).</summary>
public sealed record PlanFeatureRequirement(PlanFeature Feature) : IAuthorizationRequirement;

public sealed class PlanFeatureHandler : AuthorizationHandler<PlanFeatureRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PlanFeatureRequirement requirement)
    {
        if (Caller.Of(context) is not { } caller)
        {
            return Task.CompletedTask;
        }

        if (caller.Plan.Has(requirement.Feature))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new DomainFailureReason(this, PlanGate.Unavailable(requirement.Feature, caller.Plan, null)));
        }

        return Task.CompletedTask;
    }
}

/// <summary>A route only callers with a right may use at all (finer rules stay in the services); the groups are in <see cref="Rights"/>.</summary>
public sealed record RightRequirement(Right Right, string What) : IAuthorizationRequirement;

public sealed class RightHandler : AuthorizationHandler<RightRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RightRequirement requirement)
    {
        if (Caller.Of(context) is not { } caller)
        {
            return Task.CompletedTask;
        }

        if (caller.Has(requirement.Right))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new DomainFailureReason(this, Rights.Refusal(requirement.Right, requirement.What)));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Route-level governance, declared where routes are mapped.</summary>
public static class GovernanceConventions
{
    public static TBuilder RequirePlanFeature<TBuilder>(this TBuilder builder, PlanFeature feature)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.AddRequirements(new PlanFeatureRequirement(feature)));

    /// <summary>Only callers with <paramref name="right"/> (<see cref="Rights"/>) may use the route; <paramref name="what"/> names the act in the refusal.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, Right right, string what)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy.AddRequirements(new RightRequirement(right, what)));
}

/// <summary>Answers refusals of the governance requirements with their problem+json; a missing token as usual (401).</summary>
public sealed class CoreApiAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.OfType<DomainFailureReason>().FirstOrDefault() is { } reason)
        {
            if (reason.Error.Kind == ErrorKind.RateLimited && context.Response.Headers["RateLimit"].ToString() is var header)
            {
                var reset = header[(header.LastIndexOf("t=", StringComparison.Ordinal) + 2)..];
                context.Response.Headers.RetryAfter = reset;
            }

            context.Response.StatusCode = ErrorStatus.Of(reason.Error);
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = DomainExceptionHandler.FromDomain(reason.Error) });
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
