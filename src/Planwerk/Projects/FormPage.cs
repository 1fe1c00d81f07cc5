using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

/// <summary>A person to pick as officer or executor: an active user of the cloud.</summary>
public sealed record Person(Guid Id, string Name);

/// <summary>
/// The base of the everyday pages (projects, packages, tasks, work records). Like the API, a form sends
/// the fields it shows and the page passes on exactly those, so a field the plan lacks is absent from the
/// form and a forged one is refused by the service, not dropped.
/// </summary>
public abstract class FormPage : AppPage
{
    public IStringLocalizer<ProjectsText> P => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<ProjectsText>>();

    /// <summary>Whether the posted form carries <paramref name="field"/> (e.g. <c>Input.OfficerId</c>).</summary>
    protected bool Sent(string field) => Request.HasFormContentType && Request.Form.ContainsKey(field);

    /// <summary>The value as a present field if the form sent it, else absent (left alone by the service).</summary>
    protected Optional<T> IfSent<T>(string field, T value) => Sent(field) ? new Optional<T>(true, value) : default;

    /// <summary>The active users of the cloud, by name.</summary>
    protected static async Task<IReadOnlyList<Person>> PeopleAsync(PlanwerkDb db, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().Where(e => e.IsActive && !e.Anonymized)
            .Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
        .Select(e => new Person(e.Id, $"{e.FirstName} {e.LastName}".Trim()))
        .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>Names of every user of the cloud (deactivated ones too, for what they did before).</summary>
    protected static async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(PlanwerkDb db, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
        .ToDictionary(e => e.Id, e => $"{e.FirstName} {e.LastName}".Trim());

    /// <summary>A calendar day of a form as the UTC midnight the API stores.</summary>
    protected static DateTime? Utc(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    protected static DateOnly? Day(DateTime? utc) => utc is { } d ? DateOnly.FromDateTime(d) : null;
}
