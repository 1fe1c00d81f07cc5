using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// Keeps the delivery log to <see cref="WebhookOptions.RetentionDays"/>: deletes older events with their deliveries and
/// attempts, in every cloud — except events with a delivery still pending or in flight, which go once it is done.
/// </summary>
public sealed class WebhookRetention(IServiceScopeFactory scopes, TimeProvider time, IOptions<WebhookOptions> options)
{
    /// <summary>Deletes what is older than <see cref="WebhookOptions.RetentionDays"/>; returns the number of events deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.RetentionDays);
        string[] all = [PlanwerkDb.TenantFilter];
        var old = db.WebhookEvents.IgnoreQueryFilters(all).Where(e => e.CreatedAt < cutoff)
            .Where(e => !db.WebhookDeliveries.IgnoreQueryFilters(all).Any(d => d.EventSequence == e.Sequence
                && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Delivering)));
        return await old.ExecuteDeleteAsync(ct); // deliveries and attempts go by cascade
    }
}
