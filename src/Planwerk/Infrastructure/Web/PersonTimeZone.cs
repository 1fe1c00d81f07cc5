using System.Globalization;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// The time zone the web UI shows times in: the person's own choice (<see cref="Accounts.Account.TimeZone"/>), else the
/// browser's (app.js keeps it in the <see cref="Cookie"/> cookie), else UTC. Only IANA ids the server knows count; the
/// API never uses this (it answers in UTC).
/// </summary>
public sealed record PersonTimeZone(TimeZoneInfo Zone, bool Chosen)
{
    public const string Cookie = "planwerk.tz";

    public static readonly PersonTimeZone Utc = new(TimeZoneInfo.Utc, false);

    /// <summary>The zone of <paramref name="id"/> if it is a time zone this server knows, else null.</summary>
    public static TimeZoneInfo? Find(string? id) =>
        !string.IsNullOrWhiteSpace(id) && id.Length <= Accounts.Account.TimeZoneMaxLength
            && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;

    public static PersonTimeZone Resolve(string? chosen, string? fromBrowser) =>
        Find(chosen) is { } mine ? new(mine, true) : Find(fromBrowser) is { } browser ? new(browser, false) : Utc;

    /// <summary>The zone of this request (resolved with the session; UTC on pages without one).</summary>
    public static PersonTimeZone Of(HttpContext http) =>
        http.Items[typeof(WebSession)] is WebSession session ? session.TimeZone : Resolve(null, http.Request.Cookies[Cookie]);

    /// <summary>The zone's IANA id (<c>UTC</c> for UTC).</summary>
    public string Id => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary><paramref name="utc"/> in this zone.</summary>
    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A wall-clock time typed in this zone (e.g. a <c>datetime-local</c> field) as UTC; a time the clocks skip is moved forward.</summary>
    public DateTime ToUtc(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (Zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone);
    }

    /// <summary>The offset at <paramref name="utc"/> as the UI says it: <c>UTC</c> or <c>UTC+01:00</c>.</summary>
    public string Offset(DateTime utc)
    {
        var offset = Zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
        return offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
    }

    /// <summary><paramref name="utc"/> shown in this zone in the page's culture, with the offset: "04.12.2026 23:03 (UTC+01:00)".</summary>
    public string Show(DateTime utc) => $"{Local(utc).ToString("g", CultureInfo.CurrentCulture)} ({Offset(utc)})";
}
