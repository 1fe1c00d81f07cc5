using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Api;
using Planwerk.Employees;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Projects;

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

    private EmployeeService Employees => HttpContext.RequestServices.GetRequiredService<EmployeeService>();

    /// <summary>The people the form offers as officer or executor (<see cref="EmployeeService.PickableAsync"/>).</summary>
    protected Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken ct) => Employees.PickableAsync(Caller, ct);

    /// <summary>Names of every user of the cloud (<see cref="EmployeeService.NamesAsync"/>).</summary>
    protected Task<IReadOnlyDictionary<Guid, string>> NamesAsync(CancellationToken ct) => Employees.NamesAsync(Caller, ct);

    /// <summary>A calendar day of a form as the UTC midnight the API stores.</summary>
    protected static DateTime? Utc(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

    protected static DateOnly? Day(DateTime? utc) => utc is { } d ? DateOnly.FromDateTime(d) : null;
}
