using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Back-pressure for the Core API: at most <see cref="ApiOptions.MaxConcurrentRequests"/> requests are worked on at once;
/// the others wait, first come first served, in a queue of up to <see cref="ApiOptions.MaxQueuedRequests"/>, before they
/// are authenticated — so a waiting request holds no database context or connection, only its own HTTP state. Beyond the
/// queue: 503 <c>overloaded</c>. Measured reason (docs/benchmarks.md, "Memory"): under an open-loop overload, requests
/// piled up inside the server each with a context and an open SQLite connection.
/// </summary>
public sealed class ApiConcurrencyLimitMiddleware(RequestDelegate next, ApiConcurrencyLimiter limiter, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CoreApiMarker>() is null)
        {
            await next(context);
            return;
        }

        using var lease = await limiter.Limiter.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = DomainExceptionHandler.FromDomain(new DomainException(StatusCodes.Status503ServiceUnavailable, ErrorCodes.Overloaded,
                    "The server is working on as many requests as it queues; try again in a moment.")),
            });
            return;
        }

        await next(context);
    }
}

/// <summary>The Core API's one concurrency limiter (System.Threading.RateLimiting), sized from <see cref="ApiOptions"/>.</summary>
public sealed class ApiConcurrencyLimiter(IOptions<ApiOptions> options) : IDisposable
{
    public ConcurrencyLimiter Limiter { get; } = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.MaxConcurrentRequests,
        QueueLimit = options.Value.MaxQueuedRequests,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public void Dispose() => Limiter.Dispose();
}
