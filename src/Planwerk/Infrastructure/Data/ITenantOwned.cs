namespace Planwerk.Infrastructure.Data;

/// <summary>
/// A row that belongs to exactly one cloud. <see cref="PlanwerkDb"/> filters every query on such
/// rows to the context's current cloud and stamps the cloud id on inserts, so a forgotten
/// predicate cannot leak or misplace data.
/// </summary>
public interface ITenantOwned
{
    /// <summary>The owning cloud (factro: <c>mandantId</c>).</summary>
    Guid CloudId { get; set; }
}
