using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Errors;

/// <summary>
/// The input rules several services share, worded and coded the same everywhere. The services check required fields and
/// lengths with these (the limits are constants on the entities); the API's readers only parse types, so the API, the
/// forms, the CLI and batches meet one rule.
/// </summary>
public static class InputRules
{
    /// <summary>A required text: present (when <paramref name="mustBeSent"/>), not null and not blank.</summary>
    /// <returns>Whether the field passed.</returns>
    public static bool RequiredText(this IInputErrors errors, string name, Optional<string?> value, bool mustBeSent = true)
    {
        if ((mustBeSent && !value.HasValue) || value is { HasValue: true, Value: null })
        {
            errors.Invalid(name, "required", $"{name} is required.");
            return false;
        }

        if (value is { HasValue: true, Value: { } text } && string.IsNullOrWhiteSpace(text))
        {
            errors.Invalid(name, "required", $"{name} must not be empty.");
            return false;
        }

        return true;
    }

    /// <summary>A text as it will be stored (trimmed where the service trims) has at most <paramref name="max"/> characters.</summary>
    public static void MaxLength(this IInputErrors errors, string name, string? text, int max)
    {
        if (text?.Length > max)
        {
            errors.Invalid(name, "too_long", $"{name} may have at most {max} characters.");
        }
    }

    /// <summary>Several texts, each as it will be stored, against their limits (see <see cref="MaxLength"/>).</summary>
    public static void MaxLengths(this IInputErrors errors, params ReadOnlySpan<(string Name, string? Text, int Max)> fields)
    {
        foreach (var (name, text, max) in fields)
        {
            errors.MaxLength(name, text, max);
        }
    }

    /// <summary>A JSON object kept as sent (factro's <c>customFields</c>) has at most <paramref name="max"/> characters of JSON.</summary>
    public static void MaxJsonLength(this IInputErrors errors, string name, Optional<string?> raw, int max)
    {
        if (raw.Value?.Length > max)
        {
            errors.Invalid(name, "too_long", $"{name} may have at most {max} characters of JSON.");
        }
    }

    /// <summary>
    /// The texts of every planning item (project, package, task): a title that is not blank, and each text within its
    /// entity's limit (the title as stored, trimmed; <c>customFields</c> as the JSON sent).
    /// </summary>
    public static void PlanningTexts(this IInputErrors errors, Optional<string?> title, Optional<string?> description, Optional<string?> colorScheme,
        Optional<string?> customFields, (int Title, int Description, int ColorScheme, int CustomFields) max)
    {
        if (title is { HasValue: true, Value: var text } && string.IsNullOrWhiteSpace(text))
        {
            errors.Invalid("title", "required", "title must not be empty.");
        }
        else
        {
            errors.MaxLength("title", title.Value?.Trim(), max.Title);
        }

        errors.MaxLength("description", description.Value, max.Description);
        errors.MaxLength("colorScheme", colorScheme.Value, max.ColorScheme);
        errors.MaxJsonLength("customFields", customFields, max.CustomFields);
    }

    /// <summary>
    /// A text sent as an HTTP header's value, verbatim: visible ASCII, spaces and tabs inside only (RFC 9110 field-value
    /// without the obsolete octets). Anything else — non-ASCII, CR/LF, other control characters, leading or trailing
    /// white space — HTTP cannot carry as sent, so it is refused here rather than dropped or mangled at delivery time.
    /// </summary>
    public static void HttpHeaderValue(this IInputErrors errors, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Any(c => c is not ((>= '\x21' and <= '\x7e') or ' ' or '\t')))
        {
            errors.Invalid(name, "invalid_header", $"{name} may hold visible ASCII characters, spaces and tabs only (no line breaks, control or non-ASCII characters).");
        }
        else if (value.Length > 0 && (value[0] is ' ' or '\t' || value[^1] is ' ' or '\t'))
        {
            errors.Invalid(name, "invalid_header", $"{name} must not begin or end with white space.");
        }
    }

    /// <summary>A referenced user must be an active user of the context's cloud.</summary>
    public static async Task ActiveUserAsync(this IInputErrors errors, PlanwerkDb db, string name, Optional<Guid?> user, CancellationToken ct)
    {
        if (user is { HasValue: true, Value: { } id } && !await db.Employees.AnyAsync(e => e.Id == id && e.IsActive, ct))
        {
            errors.Invalid(name, "unknown_user", $"No active user with id \"{id}\" in this cloud.");
        }
    }

    /// <summary>An end (as it will be after the change) must not lie before its start.</summary>
    public static void NotBefore<T>(this IInputErrors errors, string endName, T? end, string startName, T? start)
        where T : struct, IComparable<T>
    {
        if (start is { } s && end is { } e && e.CompareTo(s) < 0)
        {
            errors.Invalid(endName, "before_start", $"{endName} must not lie before {startName}.");
        }
    }

    /// <summary>Efforts, distances and the like are never negative.</summary>
    public static void NotNegative(this IInputErrors errors, string name, Optional<int?> value)
    {
        if (value is { HasValue: true, Value: < 0 })
        {
            errors.Invalid(name, "out_of_range", $"{name} must not be negative.");
        }
    }
}
