using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

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

    /// <summary>The IETF RateLimit headers for a decision (on every token-authenticated response).</summary>
    public static void WriteHeaders(HttpResponse response, RateLimitOptions options, (bool Allowed, int Remaining, int ResetSeconds) decision)
    {
        response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={options.PermitLimit};w={options.WindowSeconds}");
        response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={decision.Remaining};t={decision.ResetSeconds}");
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

/// <summary>Endpoint metadata that marks the Core API group (rate limit, body limit, problem codes).</summary>
public sealed class CoreApiMarker;
