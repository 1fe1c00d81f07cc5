using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Planwerk.Absences;
using Planwerk.Appointments;
using Planwerk.Audit;
using Planwerk.Infrastructure.Hosting;
using Planwerk.Projects;
using Planwerk.Tokens;
using Planwerk.Webhooks;
using Planwerk.Tasks;
using Planwerk.Comments;
using Planwerk.Documents;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Teams;
using Planwerk.WorkRecords;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// The Core API under <c>/api/core</c>. The pipeline, in order: token (401 <c>invalid_token</c>) → the
/// owner's API switch (403 <c>api_access_disabled</c>) → rate limit (429) → the body, read within its deadline (413, 408)
/// → a place, shared fairly between clouds (503 <c>overloaded</c>) → the endpoint, whose service checks plan
/// (403 <c>plan_feature_unavailable</c>) → rights (403/404) → input (400/422); every write checks the caller's standing
/// again right before it commits (ADR 7).
/// </summary>
public static class CoreApi
{
    public const string BasePath = "/api/core";

    public static IServiceCollection AddCoreApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, CoreApiTokenAuthentication>(CoreApiTokenAuthentication.SchemeName, null);
        // Handlers run in this order and stop at the first refusal: API switch → rate limit → webhook switch → plan → group.
        services.AddAuthorizationBuilder()
            .SetInvokeHandlersAfterFailure(false)
            .AddPolicy(ApiAccessEnabledRequirement.Policy, policy => policy
                .AddAuthenticationSchemes(CoreApiTokenAuthentication.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ApiAccessEnabledRequirement(), new RateLimitRequirement()));
        services.AddSingleton<IAuthorizationHandler, RateLimitHandler>();
        services.AddSingleton<IAuthorizationHandler, Webhooks.WebhooksEnabledHandler>();
        services.AddSingleton<IAuthorizationHandler, PlanFeatureHandler>();
        services.AddSingleton<IAuthorizationHandler, RightHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, CoreApiAuthorizationResultHandler>();
        services.AddSettings<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.AddSettings<ApiOptions>(configuration, ApiOptions.Section);
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<ApiConcurrencyLimiter>();
        services.Configure<JsonOptions>(options => ApiJson.Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddPlanwerkProblemDetails();
        return services;
    }

    public static IEndpointRouteBuilder MapCoreApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(BasePath)
            .RequireAuthorization(ApiAccessEnabledRequirement.Policy)
            .WithMetadata(new CoreApiMarker());
        api.MapProjects();
        api.MapTokens();
        api.MapAuditLog();
        api.MapPackages();
        api.MapTasks();
        api.MapWebhooks();
        api.MapWorkRecords();
        api.MapCommentLookup();
        api.MapDocumentLookup();
        api.MapUsers();
        api.MapCompanies();
        api.MapContacts();
        api.MapTeams();
        api.MapAppointments();
        api.MapAbsences();
        return app;
    }

    /// <summary>The caller of the request, resolved once by the token handler or the page filter.</summary>
    public static Caller Caller(this HttpContext http) =>
        Access.Caller.Of(http) ?? throw new InvalidOperationException("No caller is resolved for this request.");
}
