using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>The cloud owner's API switch (PRODUCT.md rule 2), checked on every token request.</summary>
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
            context.Fail(new AuthorizationFailureReason(this, ErrorCodes.ApiAccessDisabled));
        }

        return Task.CompletedTask;
    }
}

/// <summary>Answers a refused switch with 403 <c>api_access_disabled</c>; everything else as usual.</summary>
public sealed class CoreApiAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler fallback = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons
                .Any(r => r.Message == ErrorCodes.ApiAccessDisabled) == true)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Title = "API access is switched off",
                    Detail = "The owner of this cloud has switched API access off. Tokens are kept and work again once it is switched on.",
                    Extensions = { ["code"] = ErrorCodes.ApiAccessDisabled },
                },
            });
            return;
        }

        await fallback.HandleAsync(next, context, policy, authorizeResult);
    }
}
