using Microsoft.AspNetCore.Mvc.ModelBinding;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// The form side of <see cref="IInputErrors"/>: a service's rule violations, reported by field name,
/// land next to the form's field (<c>Input.Title</c> for <c>title</c>), so a form and the API show
/// the same rules.
/// </summary>
public sealed class FormErrors(ModelStateDictionary modelState, string prefix = "Input") : IInputErrors
{
    private bool any;

    public void Invalid(string name, string code, string detail)
    {
        any = true;
        modelState.AddModelError(Key(prefix, name), detail);
    }

    /// <summary>Throws a marker the page catches: the messages are already in the model state.</summary>
    public void ThrowIfInvalid()
    {
        if (any)
        {
            throw new DomainException(422, ErrorCodes.ValidationFailed, "The form has errors.") { Extensions = { ["form"] = true } };
        }
    }

    /// <summary>Adds a refusal of a service to the model state, under its field when it names one.</summary>
    public static void Add(ModelStateDictionary modelState, DomainException error, string prefix = "Input")
    {
        if (error.Extensions.ContainsKey("form"))
        {
            return;
        }

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
