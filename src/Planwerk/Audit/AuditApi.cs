using Planwerk.Employees;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Audit;

/// <summary>An audit log row as the API returns it.</summary>
public sealed record AuditEntryDto(Guid Id, DateTime OccurredAt, string Channel, Guid? ActorEmployeeId, string ActorName, string Action,
    string? TargetType, Guid? TargetId, string? OldValue, string? NewValue, Guid MandantId)
{
    public static AuditEntryDto From(AuditEntry a) => new(a.Id, a.OccurredAt, a.Channel, a.ActorEmployeeId, a.ActorName, a.Action,
        a.TargetType, a.TargetId, a.OldValue, a.NewValue, a.CloudId);
}

/// <summary><c>GET /audit-log</c>: the cloud's security-relevant changes, newest first (AllRights users).</summary>
public static class AuditApi
{
    public static void MapAuditLog(this RouteGroupBuilder api) =>
        api.MapGet("/audit-log", List).Require(Right.ReadAuditLog, "read the audit log").WithTags("Audit").WithName("ListAuditLog")
            .WithSummary("The cloud's audit log, newest first; filter by action (e.g. token.revoked)");

    private static Task<Listed<AuditEntryDto>> List(HttpContext http, AuditLog audit, string? action, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, audit.Entries(http.Caller(), action), a => AuditEntryDto.From(a), limit, cursor, ct, newestFirst: true);
}
