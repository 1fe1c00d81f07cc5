using System.Reflection;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// The form side of <see cref="IInputErrors"/>: a service's rule violations, reported by field name, travel as one
/// <see cref="InputRejectedException"/> to the page's <c>TryAsync</c>, which puts each under the form's own field and
/// says it in the page's language with the field's label (<c>/plannedEndDate</c>, <c>before_start</c> → "Planned end must
/// not be before the planned start." under <c>Input.PlannedEndDate</c>), so a form and the API show the same rules and the
/// form never shows an API field name.
/// </summary>
public sealed class FormErrors(bool refuseInAnyCase = false) : IInputErrors
{
    /// <summary>The key of <see cref="HttpContext.Items"/> that holds the handler a post runs (set by <see cref="FormHandlerPageFilter"/>).</summary>
    public static readonly object HandlerKey = new();

    private readonly List<FieldError> errors = [];

    public void Invalid(string name, string code, string detail) => errors.Add(new FieldError("/" + name, code, detail));

    /// <summary>
    /// Throws the collected violations, if any; the page shows each under its field and in its summary. A collector of a
    /// form the page has refused already refuses in any case (the service writes nothing), adding what it found.
    /// </summary>
    public void ThrowIfInvalid()
    {
        if (errors.Count > 0 || refuseInAnyCase)
        {
            throw new FormRefused(errors);
        }
    }

    /// <summary>The violations a service found in a form (<see cref="ThrowIfInvalid"/>); none if only the page's own checks refused it.</summary>
    public sealed class FormRefused(IReadOnlyList<FieldError> errors) : DomainException(ErrorKind.Invalid, ErrorCodes.ValidationFailed, "The form has errors.")
    {
        public IReadOnlyList<FieldError> Violations { get; } = errors;
    }

    /// <summary>
    /// Adds a service's refusal to the page's model state: each of its field errors under the form's field (the bound model
    /// <paramref name="prefix"/>, or the handler's parameters), worded in the page's language with the field's label; an
    /// error of no field of the form goes to the form's summary.
    /// </summary>
    public static void Add(PageModel page, DomainException error, string prefix = "Input")
    {
        var handler = page.HttpContext.Items[HandlerKey] as MethodInfo;
        var form = FormFields.Of(page.GetType(), handler, prefix);
        var texts = FormFields.Texts(page.GetType(), page.HttpContext.RequestServices.GetRequiredService<IStringLocalizerFactory>());
        Add(page.ModelState, error, form, texts);
    }

    /// <summary>Adds <paramref name="error"/> to <paramref name="modelState"/> as the fields of <paramref name="form"/> say (<see cref="Add(PageModel, DomainException, string)"/>).</summary>
    public static void Add(ModelStateDictionary modelState, DomainException error, FormFields form, IStringLocalizer texts)
    {
        IEnumerable<FieldError> errors = error is FormRefused refused ? refused.Violations
            : error.Errors.Count > 0 ? error.Errors
            : error.Pointer is { Length: > 1 } pointer ? [new FieldError(pointer, error.Code, error.Message)] : [];
        var any = error is FormRefused;
        foreach (var e in errors)
        {
            var field = form.ForPointer(e.Pointer);
            var key = field is { Hidden: false } ? field.Key : string.Empty;
            // A field the page's own check refused already (a required title) keeps that one message.
            if (key.Length == 0 || modelState.GetFieldValidationState(key) != ModelValidationState.Invalid)
            {
                modelState.AddModelError(key, Message(e, field, form, texts));
            }

            any = true;
        }

        if (!any)
        {
            // A refusal of the whole form (a conflict): the service's sentence, or its code's text where the UI has one.
            var localized = texts[$"Refusal.{error.Code}"];
            modelState.AddModelError(string.Empty, localized.ResourceNotFound ? error.Message : localized.Value);
        }
    }

    /// <summary>
    /// The sentence for one field error: <c>FormError.{code}.{label}</c> if the field has words of its own for it, else
    /// <c>FormError.{code}</c>, else <c>FormError.invalid</c>; {0} is the field's label, {1} the label of the field it must
    /// not lie before, or its length limit. A field the form does not show is called "an entry".
    /// </summary>
    public static string Message(FieldError error, FormField? field, FormFields form, IStringLocalizer texts)
    {
        var label = field is { Label: { } key } ? texts[key].Value : texts["FormError.AnEntry"].Value;
        object second = error.Code switch
        {
            "before_start" when field?.NotBefore is { } other && form.ForKey(other) is { Label: { } otherLabel } => texts[otherLabel].Value,
            "too_long" when field?.MaxLength is { } max => max,
            _ => string.Empty,
        };
        var code = error.Code == "too_long" && field?.MaxLength is null ? "too_long_unbounded" : error.Code;
        foreach (var name in new[] { field?.Label is { } l ? $"FormError.{code}.{l}" : null, $"FormError.{code}", "FormError.invalid" })
        {
            if (name is not null && texts[name, label, second] is { ResourceNotFound: false } text)
            {
                return text.Value;
            }
        }

        return error.Detail;
    }
}

/// <summary>Remembers which handler a post runs, so a form's errors are read against that handler's form (<see cref="FormErrors"/>, the summary).</summary>
public sealed class FormHandlerPageFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        context.HttpContext.Items[FormErrors.HandlerKey] = context.HandlerMethod?.MethodInfo;
        context.HttpContext.Items[typeof(HandlerMethodDescriptorName)] = new HandlerMethodDescriptorName(context.HandlerMethod?.Name);
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}

/// <summary>The name of the handler a request ran (<c>Book</c> for <c>OnPostBookAsync</c>, null for <c>OnPostAsync</c>).</summary>
public sealed record HandlerMethodDescriptorName(string? Name);
