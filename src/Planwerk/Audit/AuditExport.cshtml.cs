using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Audit;

/// <summary>
/// <c>/settings/audit/export.csv</c> (AllRights, as the page): the filtered audit log, every page of it (newest first, at
/// most <see cref="Limit"/> rows), as CSV (<see cref="CsvFile"/>); the times in UTC, ISO 8601, as the header says. A filter
/// that cannot be read goes back to the page, which names it.
/// </summary>
public sealed class AuditExportModel(AuditLog audit, EmployeeService employees) : AuditList(audit)
{
    public const int Limit = 10_000;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Redirect("/settings/audit" + Request.QueryString);
        }

        var rows = await Filtered().OrderByDescending(a => a.Id).Take(Limit).ToListAsync(ct);
        var names = await employees.NamesAsync(Caller, ct);
        return CsvFile.Create("audit-log.csv",
            [T["AuditPage.WhenUtc"], T["AuditPage.Who"], T["AuditPage.Channel"], T["AuditPage.Action"], T["AuditPage.TargetType"],
             T["AuditPage.TargetId"], T["AuditPage.Old"], T["AuditPage.New"]],
            rows.Select(e => new[]
            {
                e.OccurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                names.GetValueOrDefault(e.ActorEmployeeId ?? Guid.Empty) ?? e.ActorName, e.Channel, e.Action, e.TargetType,
                e.TargetId?.ToString(), e.OldValue, e.NewValue,
            }));
    }
}
