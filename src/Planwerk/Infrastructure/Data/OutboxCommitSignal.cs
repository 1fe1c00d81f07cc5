using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Planwerk.Webhooks;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// Wakes the webhook worker when a transaction that wrote deliveries commits, so that work written
/// inside explicit transactions is picked up at once instead of at the next poll.
/// </summary>
internal sealed class OutboxCommitSignal(DeliverySignal signal) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Wake(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Wake(eventData);
        return Task.CompletedTask;
    }

    private void Wake(TransactionEndEventData eventData)
    {
        if (eventData.Context is PlanwerkDb { DeliveriesAwaitCommit: true } db)
        {
            db.DeliveriesAwaitCommit = false;
            signal.Notify();
        }
    }
}
