using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// One bucket of a webhook's health: the attempts that started in [<paramref name="Start"/>, start + its length), how many
/// succeeded, the success rate (null without attempts) and the latency — time to the response's headers — at the median
/// and the 95th percentile (null without attempts).
/// </summary>
public sealed record StatsBucket(DateTime Start, int Attempts, int Succeeded, double? SuccessRate, int? P50Ms, int? P95Ms);

/// <summary>How many of the window's failed attempts failed in one way (<c>errorKind</c>), and their share of all failures.</summary>
public sealed record FailureShare(string Kind, int Count, double Share);

/// <summary>
/// A webhook's health: per hour over the last 24 hours (24 buckets, oldest first, the last one the current hour), per day
/// over the last 30 days (30 buckets, UTC days), and the kinds of failure over those 30 days.
/// </summary>
public sealed record WebhookStatsDto(Guid WebhookId, DateTime GeneratedAt, int Attempts, double? SuccessRate, IReadOnlyList<StatsBucket> Hourly,
    IReadOnlyList<StatsBucket> Daily, IReadOnlyList<FailureShare> FailureKinds);

/// <summary>
/// The figures of <c>GET /webhooks/{id}/stats</c> and the detail page's chart, from the attempts the delivery log keeps
/// (<see cref="WebhookOptions.RetentionDays"/>, 30 by default, so the daily series is complete). One query reads the
/// window's attempts (start, duration, outcome) — at most <see cref="MaxAttempts"/>, the newest — and the buckets and
/// percentiles are computed here, the same on both providers.
/// </summary>
public static class WebhookStats
{
    public const int Hours = 24;
    public const int Days = 30;
    /// <summary>The most attempts one computation reads (the newest); a webhook with more in 30 days is summarised from these.</summary>
    public const int MaxAttempts = 200_000;

    private sealed record Sample(DateTime StartedAt, int DurationMs, bool Succeeded, string? ErrorKind);

    /// <summary>The stats of <paramref name="webhookId"/> at <paramref name="now"/> (the caller has been checked).</summary>
    public static async Task<WebhookStatsDto> ComputeAsync(PlanwerkDb db, Guid webhookId, DateTime now, CancellationToken ct)
    {
        var today = now.Date;
        var firstDay = today.AddDays(1 - Days);
        var samples = await (from d in db.WebhookDeliveries.AsNoTracking()
                             where d.WebhookId == webhookId
                             join a in db.WebhookAttempts.AsNoTracking() on d.Id equals a.DeliveryId
                             where a.StartedAt >= firstDay
                             orderby a.StartedAt descending
                             select new Sample(a.StartedAt, a.DurationMs, a.Succeeded, a.ErrorKind)).Take(MaxAttempts).ToListAsync(ct);

        var thisHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var firstHour = thisHour.AddHours(1 - Hours);
        var hourly = Buckets(samples, firstHour, TimeSpan.FromHours(1), Hours);
        var daily = Buckets(samples, firstDay, TimeSpan.FromDays(1), Days);
        var failures = samples.Where(s => !s.Succeeded).ToList();
        var kinds = failures.GroupBy(s => s.ErrorKind ?? "unknown")
            .Select(g => new FailureShare(g.Key, g.Count(), Math.Round((double)g.Count() / failures.Count, 4)))
            .OrderByDescending(f => f.Count).ThenBy(f => f.Kind, StringComparer.Ordinal).ToList();
        return new WebhookStatsDto(webhookId, now, samples.Count, Rate(samples.Count(s => s.Succeeded), samples.Count), hourly, daily, kinds);
    }

    /// <summary>The success rate of each webhook's attempts in the last 24 hours (null for a webhook without attempts), for the list.</summary>
    public static async Task<IReadOnlyDictionary<Guid, double?>> SuccessRatesAsync(PlanwerkDb db, IReadOnlyCollection<Guid> webhookIds, DateTime now, CancellationToken ct)
    {
        var since = now.AddHours(-Hours);
        var counts = await (from d in db.WebhookDeliveries.AsNoTracking()
                            where webhookIds.Contains(d.WebhookId)
                            join a in db.WebhookAttempts.AsNoTracking() on d.Id equals a.DeliveryId
                            where a.StartedAt >= since
                            group a by d.WebhookId into g
                            select new { WebhookId = g.Key, All = g.Count(), Succeeded = g.Count(a => a.Succeeded) }).ToListAsync(ct);
        return webhookIds.ToDictionary(id => id, id => counts.FirstOrDefault(c => c.WebhookId == id) is { } c ? Rate(c.Succeeded, c.All) : null);
    }

    private static List<StatsBucket> Buckets(List<Sample> samples, DateTime first, TimeSpan length, int count)
    {
        var groups = new List<Sample>[count];
        for (var i = 0; i < count; i++)
        {
            groups[i] = [];
        }

        foreach (var s in samples)
        {
            var index = (int)Math.Floor((s.StartedAt - first) / length);
            if (index >= 0 && index < count)
            {
                groups[index].Add(s);
            }
        }

        return [.. groups.Select((g, i) =>
        {
            var durations = g.Select(s => s.DurationMs).Order().ToArray();
            var ok = g.Count(s => s.Succeeded);
            return new StatsBucket(first + length * i, g.Count, ok, Rate(ok, g.Count), Percentile(durations, 0.50), Percentile(durations, 0.95));
        })];
    }

    private static double? Rate(int succeeded, int all) => all == 0 ? null : Math.Round((double)succeeded / all, 4);

    /// <summary>The nearest-rank percentile of sorted values (null for none): the smallest value with at least <paramref name="p"/> of them at or below it.</summary>
    public static int? Percentile(int[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
