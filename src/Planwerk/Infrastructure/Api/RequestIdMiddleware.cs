namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Gives every request an id, echoed in <c>X-Request-Id</c> and in problem bodies (<c>requestId</c>).
/// A caller's own id is kept when it is short and plain, so it can be traced end to end.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsPlain(incoming) ? incoming : Guid.CreateVersion7().ToString("N");
        // Set as the response starts: the exception handler clears headers set before it, and errors need the id most.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    private static bool IsPlain(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
