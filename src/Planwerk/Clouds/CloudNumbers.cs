using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Clouds;

/// <summary>
/// Hands out the per-cloud <c>number</c>s. The increment is one UPDATE, so on PostgreSQL the row
/// lock serialises concurrent writers and on SQLite the write transaction does; call it inside
/// the transaction that inserts the numbered row.
/// </summary>
public static class CloudNumbers
{
    public static Task<int> NextProjectNumberAsync(this PlanwerkDb db, Guid cloudId, CancellationToken ct) =>
        NextAsync(db, cloudId, c => c.LastProjectNumber, ct);

    public static Task<int> NextPackageNumberAsync(this PlanwerkDb db, Guid cloudId, CancellationToken ct) =>
        NextAsync(db, cloudId, c => c.LastPackageNumber, ct);

    public static Task<int> NextTaskNumberAsync(this PlanwerkDb db, Guid cloudId, CancellationToken ct) =>
        NextAsync(db, cloudId, c => c.LastTaskNumber, ct);

    public static Task<int> NextEmployeeNumberAsync(this PlanwerkDb db, Guid cloudId, CancellationToken ct) =>
        NextAsync(db, cloudId, c => c.LastEmployeeNumber, ct);

    private static async Task<int> NextAsync(PlanwerkDb db, Guid cloudId, Expression<Func<Cloud, int>> counter,
        CancellationToken ct)
    {
        var increment = Expression.Lambda<Func<Cloud, int>>(
            Expression.Add(counter.Body, Expression.Constant(1)), counter.Parameters);
        var updated = await db.Clouds.Where(c => c.Id == cloudId)
            .ExecuteUpdateAsync(s => s.SetProperty(counter, increment), ct);
        if (updated == 0)
        {
            throw new InvalidOperationException($"Cloud {cloudId} does not exist.");
        }

        return await db.Clouds.Where(c => c.Id == cloudId).Select(counter).SingleAsync(ct);
    }
}
