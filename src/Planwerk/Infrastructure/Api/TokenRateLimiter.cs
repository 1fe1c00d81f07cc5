using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>Core API rate limit (<c>Planwerk:RateLimit</c>): requests per window per token.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Planwerk:RateLimit";

    /// <summary>Requests per window; factro's figure is 500 a minute.</summary>
    public int PermitLimit { get; set; } = 500;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// A fixed-window limit per token, on the injected <see cref="TimeProvider"/> (so windows are
/// testable without sleeping) and reporting what is left, which the IETF <c>RateLimit</c> headers need
/// and the built-in limiter middleware does not expose. Per instance; see docs/decisions/0004.
/// </summary>
public sealed class TokenRateLimiter(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private readonly ConcurrentDictionary<Guid, Window> windows = new();
    private long lastSweep;

    public RateLimitOptions Options { get; } = options.Value;

    /// <summary>Takes one permit for <paramref name="tokenId"/>; says what is left and when the window resets.</summary>
    public (bool Allowed, int Remaining, int ResetSeconds) Acquire(Guid tokenId)
    {
        var now = time.GetTimestamp();
        var length = TimeSpan.FromSeconds(Options.WindowSeconds);
        var window = windows.GetOrAdd(tokenId, _ => new Window(now));
        lock (window)
        {
            if (time.GetElapsedTime(window.Start, now) >= length)
            {
                window.Start = now;
                window.Count = 0;
            }

            var reset = (int)Math.Ceiling((length - time.GetElapsedTime(window.Start, now)).TotalSeconds);
            reset = Math.Max(reset, 1);
            Sweep(now, length);
            if (window.Count >= Options.PermitLimit)
            {
                return (false, 0, reset);
            }

            window.Count++;
            return (true, Options.PermitLimit - window.Count, reset);
        }
    }

    /// <summary>Forgets windows of tokens that have been idle for two windows, so memory stays bounded.</summary>
    private void Sweep(long now, TimeSpan length)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (time.GetElapsedTime(last, now) < length || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, value) in windows)
        {
            if (time.GetElapsedTime(value.Start, now) > 2 * length)
            {
                windows.TryRemove(key, out _);
            }
        }
    }

    private sealed class Window(long start)
    {
        public long Start { get; set; } = start;
        public int Count { get; set; }
    }
}

/// <summary>Applies <see cref="TokenRateLimiter"/> to token-authenticated Core API requests and sets the headers.</summary>
public sealed class CoreApiRateLimitMiddleware(RequestDelegate next, TokenRateLimiter limiter, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var token = context.User.FindFirst(Caller.TokenClaim)?.Value;
        if (token is null || context.GetEndpoint()?.Metadata.GetMetadata<CoreApiMarker>() is null)
        {
            await next(context);
            return;
        }

        var (allowed, remaining, reset) = limiter.Acquire(Guid.Parse(token));
        var headers = context.Response.Headers;
        headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={limiter.Options.PermitLimit};w={limiter.Options.WindowSeconds}");
        headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={remaining};t={reset}");
        if (allowed)
        {
            await next(context);
            return;
        }

        headers.RetryAfter = reset.ToString(CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This token may make {limiter.Options.PermitLimit} requests per {limiter.Options.WindowSeconds} s; try again in {reset} s.",
                Extensions = { ["code"] = ErrorCodes.RateLimited },
            },
        });
    }
}

/// <summary>Endpoint metadata that marks the Core API group (rate limit, body limit, problem codes).</summary>
public sealed class CoreApiMarker;
