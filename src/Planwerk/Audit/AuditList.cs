using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Audit;

/// <summary>
/// The filter of the audit log that the page (<c>/settings/audit</c>) shows and its CSV export
/// (<c>/settings/audit/export.csv</c>) writes: action, channel, a day range in UTC (<c>from</c>, <c>to</c>, both included)
/// and who acted (<c>user</c>), all through <see cref="AuditLog.Entries"/>, so the export holds exactly the rows of the
/// filtered list. A value that cannot be read lands in the model state under its label, and then nothing is listed.
/// </summary>
public abstract class AuditList(AuditLog audit) : AppPage
{
    protected override Right? Access => Right.ReadAuditLog;

    [FromQuery]
    public string? Action { get; set; }

    [FromQuery]
    public string? Channel { get; set; }

    [FromQuery(Name = "from")]
    [Display(Name = "AuditPage.From")]
    public DateOnly? From { get; set; }

    [FromQuery(Name = "to")]
    [Display(Name = "AuditPage.To")]
    public DateOnly? To { get; set; }

    [FromQuery(Name = "user")]
    [Display(Name = "AuditPage.Who")]
    public Guid? Actor { get; set; }

    /// <summary>The filter as a query string (empty values left out), for the export link and the older page.</summary>
    public string FilterQuery => QueryString.Create(new[]
        {
            KeyValuePair.Create("action", Action), KeyValuePair.Create("channel", Channel),
            KeyValuePair.Create("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            KeyValuePair.Create("user", Actor?.ToString()),
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();

    /// <summary>The rows of the filter, unordered (see <see cref="AuditLog.Entries"/>).</summary>
    protected IQueryable<AuditEntry> Filtered() => audit.Entries(Caller, Action, Channel, From, To, Actor);
}
