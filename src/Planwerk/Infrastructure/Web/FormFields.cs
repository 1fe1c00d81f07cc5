using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;
using Planwerk.Projects;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// The API field(s) a form field stands for — the first segment of the JSON pointer a service names when it refuses the
/// field — if not the field's own name in camelCase (<c>Minutes</c> of the booking form is <c>minutesWorked</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ApiFieldAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>The form field this one must not lie before (an end's start): its label is named in the message.</summary>
    public string? NotBefore { get; init; }
}

/// <summary>
/// A value the page puts into its form itself (an id, a flag of a button, a return address): the person does not fill
/// it in, so it has no label, and an error on it is shown in the form's summary.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class HiddenFieldAttribute : Attribute;

/// <summary>One field of a form: its model-state key, its label's text key, the API names that land on it.</summary>
public sealed record FormField(string Key, string Name, string? Label, IReadOnlyList<string> ApiNames, string? NotBefore, int? MaxLength)
{
    public bool Hidden => Label is null;
}

/// <summary>
/// The fields of one form of a page, read from the form's own declarations: each field's label (<c>[Display(Name =
/// "Field.PlannedEnd")]</c>, the key of the text its <c>&lt;label&gt;</c> shows), the API names a service may use for it
/// (<see cref="ApiFieldAttribute"/>), its length limit (<c>[StringLength]</c>). A form is either a bound model of the page
/// (<c>Input</c>, <c>Comment</c>: its properties, prefixed) or the handler's own parameters (the inline forms: a state, a
/// name, a date). <see cref="FormErrors"/> uses it to put a service's refusal under the form's field, in the page's words.
/// </summary>
public sealed class FormFields
{
    private FormFields(IReadOnlyList<FormField> fields) => Fields = fields;

    public IReadOnlyList<FormField> Fields { get; }

    /// <summary>The form a handler of <paramref name="page"/> posts: the bound model named <paramref name="prefix"/>, else the handler's parameters.</summary>
    public static FormFields Of(Type page, MethodInfo? handler, string prefix)
    {
        if (prefix.Length > 0 && page.GetProperty(prefix) is { } model && IsComplex(model.PropertyType))
        {
            return new(model.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
                .Select(p => Field($"{prefix}.{p.Name}", p.Name, p)).ToList());
        }

        var parameters = handler?.GetParameters().Where(p => !IsComplex(p.ParameterType) && p.ParameterType != typeof(CancellationToken))
            .Select(p => Field(p.Name!, p.Name!, p)) ?? [];
        // Simple properties the page binds on a post (a cloud's new name), not those from the address (ids).
        var properties = page.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is { SupportsGet: false } && !IsComplex(p.PropertyType))
            .Select(p => Field(p.Name, p.Name, p));
        return new([.. parameters, .. properties]);
    }

    /// <summary>Every form the post handlers of <paramref name="page"/> send, with the handler's name (for the tests that check each form's labels).</summary>
    public static IEnumerable<(string Handler, FormFields Form)> All(Type page)
    {
        var models = page.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<BindPropertyAttribute>() is not null && IsComplex(p.PropertyType)).Select(p => p.Name).ToList();
        foreach (var handler in page.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)))
        {
            var name = handler.Name["OnPost".Length..].Replace("Async", string.Empty, StringComparison.Ordinal);
            var bound = handler.GetParameters().Select(p => p.GetCustomAttribute<BindAttribute>()?.Prefix).OfType<string>();
            foreach (var prefix in models.Concat(bound).Distinct())
            {
                yield return (name, Of(page, handler, prefix));
            }

            yield return (name, Of(page, handler, string.Empty));
        }
    }

    /// <summary>The field a service's pointer (<c>/plannedEndDate</c>, <c>/actionTypes/2</c>) names, if the form has it.</summary>
    public FormField? ForPointer(string? pointer)
    {
        var first = (pointer ?? string.Empty).TrimStart('/').Split('/')[0];
        return first.Length == 0 ? null : Fields.FirstOrDefault(f => f.ApiNames.Contains(first, StringComparer.OrdinalIgnoreCase));
    }

    public FormField? ForKey(string key) => Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    public int IndexOf(string key) => Fields.ToList().FindIndex(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Where a page's labels are: a page of projects, tasks or work records (<see cref="FormPage"/>) has its own texts
    /// before the shared ones; every other page the shared ones only.
    /// </summary>
    public static IStringLocalizer Texts(Type page, IStringLocalizerFactory factory) =>
        typeof(FormPage).IsAssignableFrom(page) || IsProjectsType(page)
            ? new FirstFoundLocalizer([factory.Create(typeof(ProjectsText)), factory.Create(typeof(Text))])
            : factory.Create(typeof(Text));

    /// <summary>
    /// True for the form models of the project, task and work-record pages (their labels are in <see cref="ProjectsText"/>),
    /// and for their own types as a handler's parameter (a <c>TaskState?</c> state: the localizer is asked for the parameter's type).
    /// </summary>
    public static bool IsProjectsType(Type type) =>
        ((Nullable.GetUnderlyingType(type) ?? type) is var t ? t.DeclaringType ?? t : type).Namespace is "Planwerk.Projects" or "Planwerk.Tasks" or "Planwerk.WorkRecords";

    private static FormField Field(string key, string name, ICustomAttributeProvider member)
    {
        var attributes = member.GetCustomAttributes(true);
        var api = attributes.OfType<ApiFieldAttribute>().FirstOrDefault();
        var label = attributes.OfType<HiddenFieldAttribute>().Any() ? null : attributes.OfType<DisplayAttribute>().FirstOrDefault()?.Name;
        var max = attributes.OfType<StringLengthAttribute>().FirstOrDefault()?.MaximumLength ?? attributes.OfType<MaxLengthAttribute>().FirstOrDefault()?.Length;
        var names = api?.Names is { Count: > 0 } given ? given : [char.ToLowerInvariant(name[0]) + name[1..]];
        var notBefore = api?.NotBefore is { } other ? (key.Contains('.', StringComparison.Ordinal) ? key[..(key.LastIndexOf('.') + 1)] + other : other) : null;
        return new FormField(key, name, label, names, notBefore, max);
    }

    private static bool IsComplex(Type type) =>
        !(type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Guid) || type == typeof(DateOnly)
            || type == typeof(TimeOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset)
            || (Nullable.GetUnderlyingType(type) is { } inner && !IsComplex(inner) && inner != type)
            || typeof(System.Collections.IEnumerable).IsAssignableFrom(type) && type != typeof(string) && type.IsGenericType);
}

/// <summary>A localizer over several resource sets: the first that has a key answers it.</summary>
public sealed class FirstFoundLocalizer(IReadOnlyList<IStringLocalizer> localizers) : IStringLocalizer
{
    public LocalizedString this[string name] => Find(l => l[name]) ?? new LocalizedString(name, name, resourceNotFound: true);

    public LocalizedString this[string name, params object[] arguments] =>
        Find(l => l[name, arguments]) ?? new LocalizedString(name, string.Format(System.Globalization.CultureInfo.CurrentCulture, name, arguments), resourceNotFound: true);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => localizers.SelectMany(l => l.GetAllStrings(includeParentCultures));

    private LocalizedString? Find(Func<IStringLocalizer, LocalizedString> lookup) =>
        localizers.Select(lookup).FirstOrDefault(s => !s.ResourceNotFound);
}
