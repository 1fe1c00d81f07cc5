using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Audit;

/// <summary><c>/settings/audit</c> (AllRights): the cloud's audit log, newest first, filterable by action and channel.</summary>
public sealed class AuditPageModel(PlanwerkDb db) : AppPage
{
    private const int PageSize = 100;

    /// <summary>Every action name the log can hold (from <see cref="AuditActions"/>).</summary>
    public static readonly IReadOnlyList<string> AllActions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    protected override PageAccess Access => PageAccess.Admin;

    [FromQuery]
    public string? Action { get; set; }

    [FromQuery]
    public string? Channel { get; set; }

    [FromQuery]
    public Guid? Before { get; set; }

    public IReadOnlyList<string> KnownActions => AllActions;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public Dictionary<Guid, string> Names { get; private set; } = [];

    public Guid? Older { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(Action))
        {
            query = query.Where(a => a.Action == Action);
        }

        if (!string.IsNullOrEmpty(Channel))
        {
            query = query.Where(a => a.Channel == Channel);
        }

        if (Before is { } before)
        {
            query = query.Where(a => a.Id.CompareTo(before) < 0);
        }

        var rows = await query.OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(ct);
        if (rows.Count > PageSize)
        {
            rows.RemoveAt(PageSize);
            Older = rows[^1].Id;
        }

        Entries = rows;
        var actors = rows.Where(r => r.ActorEmployeeId is not null).Select(r => r.ActorEmployeeId!.Value).Distinct().ToList();
        Names = await db.Employees.AsNoTracking().Where(e => actors.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.FirstName + " " + e.LastName, ct);
    }
}
