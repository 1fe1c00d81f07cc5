using System.Globalization;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Accounts;

/// <summary>How a page answers a throttled form post: 429, <c>Retry-After</c> in whole seconds, and a message that says when.</summary>
internal static class Throttling
{
    /// <summary>Sets 429 and <c>Retry-After</c>; returns the message <paramref name="key"/> with the wait ("in 4 seconds").</summary>
    public static string Answer(HttpResponse response, IStringLocalizer<Text> t, string key, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var minutes = (seconds + 59) / 60;
        var when = seconds switch
        {
            1 => t["Throttle.OneSecond"],
            < 60 => t["Throttle.Seconds", seconds],
            _ => minutes == 1 ? t["Throttle.OneMinute"] : t["Throttle.Minutes", minutes],
        };
        return t[key, when];
    }
}
