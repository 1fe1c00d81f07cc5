using Microsoft.AspNetCore.Mvc.ModelBinding;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// The form side of <see cref="IInputErrors"/>: a service's rule violations, reported by field name, travel as one
/// <see cref="InputRejectedException"/> to the page's <c>TryAsync</c>, which puts each next to the form's field
/// (<c>Input.Title</c> for <c>title</c>), so a form and the API show the same rules.
/// </summary>
public sealed class FormErrors : IInputErrors
{
    private readonly List<FieldError> errors = [];

    public void Invalid(string name, string code, string detail) => errors.Add(new FieldError("/" + name, code, detail));

    /// <summary>Throws the collected violations, if any; the page shows each under its field, not this summary.</summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw InputRejectedException.Invalid(errors, "The form has errors.");
        }
    }

    /// <summary>
    /// Adds a refusal of a service to the model state: each of its field errors under its field, or else its message
    /// under the field it names, or in the form's summary.
    /// </summary>
    public static void Add(ModelStateDictionary modelState, DomainException error, string prefix = "Input")
    {
        if (error.Errors.Count > 0)
        {
            foreach (var e in error.Errors)
            {
                modelState.AddModelError(Key(prefix, e.Pointer), e.Detail);
            }

            return;
        }

        modelState.AddModelError(error.Pointer is { Length: > 1 } p ? Key(prefix, p) : string.Empty, error.Message);
    }

    /// <summary><c>title</c> or <c>/title</c> → <c>Input.Title</c>; a nested pointer keeps its first segment.</summary>
    public static string Key(string prefix, string name)
    {
        var first = name.TrimStart('/').Split('/')[0];
        if (first.Length == 0)
        {
            return string.Empty;
        }

        var property = char.ToUpperInvariant(first[0]) + first[1..];
        return prefix.Length == 0 ? property : $"{prefix}.{property}";
    }
}
