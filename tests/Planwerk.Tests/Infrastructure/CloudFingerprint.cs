using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Data;
using Planwerk.Tokens;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// Everything one cloud holds, reduced to one hash per entity type: the cloud's own row (its number
/// counters) and, for every tenant-owned type of the model (taken from the model, so a new type is
/// covered by itself), the cloud's rows with every mapped property. Two equal fingerprints mean
/// nothing of the cloud was written in between.
/// </summary>
public sealed class CloudFingerprint
{
    private static readonly MethodInfo RowsOfMethod =
        typeof(CloudFingerprint).GetMethod(nameof(RowsOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly SortedDictionary<string, (int Rows, string Hash)> types;

    private CloudFingerprint(SortedDictionary<string, (int Rows, string Hash)> types) => this.types = types;

    public static async Task<CloudFingerprint> TakeAsync(PlanwerkApp app, Guid cloudId, CancellationToken ct)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloudId);
        var types = new SortedDictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (var type in db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)))
        {
            var rows = await (Task<List<object>>)RowsOfMethod.MakeGenericMethod(type.ClrType).Invoke(null, [db, ct])!;
            types[type.ClrType.Name] = Digest(type, rows);
        }

        var cloud = (await db.Clouds.AsNoTracking().Where(c => c.Id == cloudId).ToListAsync(ct)).Cast<object>().ToList();
        types["Cloud"] = Digest(db.Model.FindEntityType(typeof(Clouds.Cloud))!, cloud);
        return new CloudFingerprint(types);
    }

    /// <summary>The entity types whose rows differ between two fingerprints (empty when equal).</summary>
    public IReadOnlyList<string> Differences(CloudFingerprint other) =>
        types.Keys.Union(other.types.Keys)
            .Where(k => types.GetValueOrDefault(k) != other.types.GetValueOrDefault(k))
            .Select(k => $"{k}: {types.GetValueOrDefault(k).Rows} → {other.types.GetValueOrDefault(k).Rows} rows")
            .ToList();

    public int RowCount(string type) => types.GetValueOrDefault(type).Rows;

    private static async Task<List<object>> RowsOf<T>(PlanwerkDb db, CancellationToken ct)
        where T : class => (await db.Set<T>().AsNoTracking().ToListAsync(ct)).Cast<object>().ToList();

    private static (int, string) Digest(IEntityType type, List<object> rows)
    {
        var properties = type.GetProperties().Where(p => !p.IsShadowProperty() && !Volatile(type, p)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        var lines = rows.Select(row => string.Join('\u001f', properties.Select(p => Format(p.GetGetter().GetClrValue(row)))))
            .Order(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001e', lines)));
        return (rows.Count, Convert.ToHexString(hash));
    }

    /// <summary>A token's last-used time is bookkeeping of authentication (every request may touch it), not data a request writes.</summary>
    private static bool Volatile(IEntityType type, IProperty property) =>
        type.ClrType == typeof(ApiToken) && property.Name == nameof(ApiToken.LastUsedAt);

    private static string Format(object? value) => value switch
    {
        null => "∅",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
