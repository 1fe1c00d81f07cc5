namespace Planwerk.Infrastructure.Web;

/// <summary>
/// Errors in the browser are pages, errors of the API problem+json. A request of a browser for a page (it accepts
/// <c>text/html</c>, and it is not under <c>/api</c> or a health check) that ends in an unhandled exception or a bare
/// error status (an unknown path, an id of nothing, a missing antiforgery token) is answered by <c>/error</c>, re-executed
/// with the original status; every other request — the Core API whatever it accepts — keeps the problem+json answers of
/// <c>AddProblemDetails</c>.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    public static IApplicationBuilder UseErrorPages(this IApplicationBuilder app)
    {
        app.UseWhen(IsBrowserPage, html => html.UseExceptionHandler(Path).UseStatusCodePagesWithReExecute(Path));
        app.UseWhen(request => !IsBrowserPage(request), other => other.UseExceptionHandler().UseStatusCodePages());
        return app;
    }

    /// <summary>True for a browser asking for a page of the UI (not the API, not a health check, not an asset).</summary>
    public static bool IsBrowserPage(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/readyz", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/assets", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }
}
