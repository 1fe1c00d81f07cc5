using Microsoft.AspNetCore.Diagnostics;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>
/// Only in the <c>Testing</c> environment (the tests' servers): a request with <c>?__fail</c> throws, so the tests can see
/// how an unhandled exception is answered (the HTML 500 page in a browser, problem+json for the API) without a route of its
/// own that would join the app's route lists. Never registered in any other environment.
/// </summary>
public sealed class FailOnRequest(RequestDelegate next)
{
    public const string Environment = "Testing";

    public const string Query = "__fail";

    public Task InvokeAsync(HttpContext context) =>
        context.Request.Query.ContainsKey(Query) && context.Features.Get<IExceptionHandlerFeature>() is null // not again for the error page
            ? throw new InvalidOperationException("A failure the test asked for (?__fail).")
            : next(context);
}
