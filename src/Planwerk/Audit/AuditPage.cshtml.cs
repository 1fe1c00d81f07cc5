using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;

namespace Planwerk.Audit;

/// <summary>
/// <c>/settings/audit</c> (AllRights): the cloud's audit log, newest first, filterable by action, channel, a day range and
/// who acted (<see cref="AuditList"/>), with a link to the same rows as CSV.
/// </summary>
public sealed class AuditPageModel(AuditLog audit, EmployeeService employees) : AuditList(audit)
{
    private const int PageSize = 100;

    /// <summary>Every action name the log can hold (from <see cref="AuditActions"/>).</summary>
    public static readonly IReadOnlyList<string> AllActions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToList();

    [FromQuery]
    public Guid? Before { get; set; }

    public IReadOnlyList<string> KnownActions => AllActions;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public Guid? Older { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Names = await employees.NamesAsync(Caller, ct);
        if (!ModelState.IsValid)
        {
            return;
        }

        var query = Filtered();
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
    }
}
