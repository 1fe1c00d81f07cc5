using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing.Template;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// A request under <c>/api/core</c> that no route takes — an unknown path (routing found nothing) or a
/// known path with the wrong method (routing's 405 endpoint) — goes through the same governance as
/// every Core API route (token → 401, API switch → 403, rate limit → 429), and only then answers
/// 404 <c>not_found</c> or 405 <c>method_not_allowed</c> (with <c>Allow</c>) as problem+json.
/// Runs right after routing, so the endpoint it puts in place is the one authorization sees.
/// </summary>
public sealed class CoreApiUnmatchedRoutes(RequestDelegate next, EndpointDataSource endpoints)
{
    /// <summary>
    /// Every Core API route's matcher with its UUID parameters. Routing picks its 405 endpoint by path shape before it
    /// checks constraints, so <c>POST /projects/not-a-uuid/tags</c> would be a 405; with these, a path that no route
    /// takes with its constraints is a 404 whatever the method.
    /// </summary>
    private readonly Lazy<List<(TemplateMatcher Matcher, string[] Guids)>> routes = new(() => endpoints.Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<CoreApiMarker>() is not null)
        .Select(e => (new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()),
            e.RoutePattern.Parameters.Where(p => p.ParameterPolicies.Any(x => x.Content == "guid")).Select(p => p.Name).ToArray()))
        .ToList());

    /// <summary>The display name routing gives its 405 endpoint (HttpMethodMatcherPolicy).</summary>
    private const string MethodNotAllowedEndpoint = "405 HTTP Method Not Supported";

    private static readonly EndpointMetadataCollection Metadata = new(new AuthorizeAttribute(ApiAccessEnabledRequirement.Policy), new CoreApiMarker());

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(CoreApi.BasePath, StringComparison.OrdinalIgnoreCase)
            && context.GetEndpoint() is var endpoint
            && (endpoint is null || (endpoint.DisplayName == MethodNotAllowedEndpoint && endpoint.Metadata.GetMetadata<CoreApiMarker>() is null)))
        {
            if (endpoint is not null && !PathExists(context.Request.Path))
            {
                endpoint = null;
            }

            context.SetEndpoint(new Endpoint(http => AnswerAsync(http, endpoint), Metadata, endpoint is null ? "Core API: no such route" : "Core API: method not allowed"));
        }

        return next(context);
    }

    private bool PathExists(PathString path) => routes.Value.Any(route =>
    {
        var values = new RouteValueDictionary();
        return route.Matcher.TryMatch(path, values) && route.Guids.All(name => Guid.TryParse(values[name] as string, out _));
    });

    private static async Task AnswerAsync(HttpContext http, Endpoint? methodNotAllowed)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value;
        DomainException error;
        if (methodNotAllowed?.RequestDelegate is { } rejection)
        {
            await rejection(http); // sets 405 and the Allow header
            var allowed = http.Response.Headers.Allow.ToString();
            error = DomainException.MethodNotAllowed($"{method} is not allowed on {path}; allowed: {allowed}.");
        }
        else
        {
            error = DomainException.NotFound($"The Core API has no route {method} {path}.");
        }

        http.Response.StatusCode = ErrorStatus.Of(error);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = DomainExceptionHandler.FromDomain(error),
        });
    }
}
