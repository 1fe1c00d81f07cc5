using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Core API rate limits (<c>Planwerk:RateLimit</c>): requests per window per token, per user and per cloud. A request
/// counts against all three, so a user's second token does not double what the user may do, and a cloud's users
/// together cannot take more than the cloud's share of the server (docs/deploy.md, "Limits").
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Planwerk:RateLimit";

    /// <summary>How many times the token limit a cloud's users may make together, unless <see cref="CloudPermitLimit"/> is set.</summary>
    public const int DefaultCloudMultiple = 10;

    /// <summary>Requests per window and token; factro's figure is 500 a minute.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int PermitLimit { get; set; } = 500;

    /// <summary>Requests per window and user, over all the user's tokens; unset: <see cref="PermitLimit"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int? UserPermitLimit { get; set; }

    /// <summary>Requests per window and cloud, over all its users; unset: <see cref="DefaultCloudMultiple"/> × <see cref="PermitLimit"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int? CloudPermitLimit { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>The limit of <paramref name="scope"/> with the defaults applied.</summary>
    public int LimitOf(RateLimitScope scope) => scope switch
    {
        RateLimitScope.Token => PermitLimit,
        RateLimitScope.User => UserPermitLimit ?? PermitLimit,
        _ => CloudPermitLimit ?? (int)Math.Min(int.MaxValue, (long)PermitLimit * DefaultCloudMultiple),
    };
}

/// <summary>What a rate limit is counted for.</summary>
public enum RateLimitScope
{
    Token,
    User,
    Cloud,
}

/// <summary>
/// One request's rate-limit decision, reported as the tightest limit that applies: when refused, the exhausted limit
/// that frees up last; otherwise the one with the fewest requests left.
/// </summary>
public readonly record struct RateLimitDecision(bool Allowed, RateLimitScope Scope, int Limit, int Remaining, int ResetSeconds);

/// <summary>
/// Fixed windows per token, user and cloud, on the injected <see cref="TimeProvider"/> (so windows are testable
/// without sleeping) and reporting what is left, which the IETF <c>RateLimit</c> headers need and the built-in
/// limiter middleware does not expose. Per instance; see docs/decisions/0004.
/// </summary>
public sealed class ApiRateLimiter(TimeProvider time, IOptions<RateLimitOptions> options)
{
    private static readonly RateLimitScope[] Scopes = [RateLimitScope.Token, RateLimitScope.User, RateLimitScope.Cloud];

    private readonly ConcurrentDictionary<(RateLimitScope Scope, Guid Id), Window> windows = new();
    private long lastSweep;

    public RateLimitOptions Options { get; } = options.Value;

    /// <summary>
    /// Takes one permit of the token, its user and its cloud together — or none, when any of them has none left (a
    /// refused request does not count) — and says which limit is the tightest now.
    /// </summary>
    public RateLimitDecision Acquire(Guid tokenId, Guid userId, Guid cloudId)
    {
        var now = time.GetTimestamp();
        var length = TimeSpan.FromSeconds(Options.WindowSeconds);
        Sweep(now, length);
        var token = windows.GetOrAdd((RateLimitScope.Token, tokenId), _ => new Window(now));
        var user = windows.GetOrAdd((RateLimitScope.User, userId), _ => new Window(now));
        var cloud = windows.GetOrAdd((RateLimitScope.Cloud, cloudId), _ => new Window(now));

        // Always locked in this order (token, user, cloud), so two requests never wait for each other crosswise.
        lock (token)
        {
            lock (user)
            {
                lock (cloud)
                {
                    Window[] all = [token, user, cloud];
                    var remaining = new int[3];
                    var reset = new int[3];
                    var allowed = true;
                    for (var i = 0; i < 3; i++)
                    {
                        var window = all[i];
                        if (time.GetElapsedTime(window.Start, now) >= length)
                        {
                            window.Start = now;
                            window.Count = 0;
                        }

                        reset[i] = Math.Max(1, (int)Math.Ceiling((length - time.GetElapsedTime(window.Start, now)).TotalSeconds));
                        remaining[i] = Options.LimitOf(Scopes[i]) - window.Count;
                        allowed &= remaining[i] > 0;
                    }

                    if (allowed)
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            all[i].Count++;
                            remaining[i]--;
                        }
                    }

                    var tightest = 0;
                    for (var i = 1; i < 3; i++)
                    {
                        if (Tighter(i, tightest, allowed, remaining, reset))
                        {
                            tightest = i;
                        }
                    }

                    var scope = Scopes[tightest];
                    return new RateLimitDecision(allowed, scope, Options.LimitOf(scope), Math.Max(0, remaining[tightest]), reset[tightest]);
                }
            }
        }
    }

    // Refused: of the exhausted limits, the one that frees up last (its reset is the Retry-After). Allowed: the one with
    // the fewest requests left, and of equals the one that resets last.
    private static bool Tighter(int i, int j, bool allowed, int[] remaining, int[] reset)
    {
        if (!allowed && (remaining[i] <= 0) != (remaining[j] <= 0))
        {
            return remaining[i] <= 0;
        }

        if (allowed && remaining[i] != remaining[j])
        {
            return remaining[i] < remaining[j];
        }

        return reset[i] > reset[j];
    }

    /// <summary>The IETF RateLimit headers for a decision (on every token-authenticated response): the tightest limit, as CORE-API.md's <c>"default"</c> policy.</summary>
    public static void WriteHeaders(HttpResponse response, RateLimitOptions options, RateLimitDecision decision)
    {
        response.Headers["RateLimit-Policy"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";q={decision.Limit};w={options.WindowSeconds}");
        response.Headers["RateLimit"] = string.Create(CultureInfo.InvariantCulture, $"\"default\";r={decision.Remaining};t={decision.ResetSeconds}");
    }

    /// <summary>Forgets windows that have been idle for two windows, so memory stays bounded.</summary>
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
