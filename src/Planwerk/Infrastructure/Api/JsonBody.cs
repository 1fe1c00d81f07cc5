using System.Globalization;
using System.Text.Json;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Reads a request body field by field, knowing which fields are present (for partial updates and
/// plan gating) and collecting every problem with its JSON pointer: wrong types, bad UUIDs and unknown
/// enum values are 400 <c>bad_request</c>; well-formed but invalid values are 422
/// <c>validation_failed</c>. Unknown fields are ignored, as factro does.
/// The reader only parses types: whether an entity's field is required, how long a text may be and which
/// numbers are allowed are the services' rules (<see cref="InputRules"/>, limits on the entities),
/// reported into this body as <see cref="IInputErrors"/>. What stays here is the shape of a route's own command
/// (a batch item's <c>id</c>, a move's target) and the bounds of a list (so a body cannot make the reader build
/// a huge list).
/// </summary>
public sealed class JsonBody : IInputErrors
{
    private readonly JsonElement root;
    private readonly string prefix;
    private readonly List<FieldError> typeErrors;
    private readonly List<FieldError> invalid;

    private JsonBody(JsonElement root, string prefix, List<FieldError> typeErrors, List<FieldError> invalid)
    {
        this.root = root;
        this.prefix = prefix;
        this.typeErrors = typeErrors;
        this.invalid = invalid;
    }

    /// <summary>The body as an object; anything else is a 400.</summary>
    public static JsonBody Of(JsonElement element, string prefix = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Bad(prefix.Length == 0 ? "/" : prefix, "The body must be a JSON object.");
        }

        return new JsonBody(element, prefix, [], []);
    }

    /// <summary>An empty body, for routes without one that report through <see cref="IInputErrors"/>.</summary>
    public static JsonBody Empty() => Of(JsonDocument.Parse("{}").RootElement);

    /// <summary>The items of a batch body (a JSON array of objects), each with its own pointer prefix.</summary>
    public static IReadOnlyList<JsonBody> Items(JsonElement element, int maxItems)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw Bad("/", "The body must be a JSON array.");
        }

        var count = element.GetArrayLength();
        if (count == 0 || count > maxItems)
        {
            throw DomainException.Invalid("/", $"A batch holds 1 to {maxItems} items, not {count}.");
        }

        return element.EnumerateArray().Select((item, i) => Of(item, $"/{i}")).ToList();
    }

    public string Pointer(string name) => $"{prefix}/{name}";

    public bool Has(string name) => root.TryGetProperty(name, out _);

    public bool IsNull(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Null;

    /// <summary>A string (null when sent as null). Whether it is required and how long it may be is the service's rule.</summary>
    public Optional<string?> String(string name)
    {
        if (!Get(name, false, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            return new Optional<string?>(true, null);
        }

        return Text(value) is { } text ? new Optional<string?>(true, text) : TypeError<string?>(name, "a string (of valid Unicode text, without NUL characters)");
    }

    /// <summary>
    /// A JSON string's text, or null when it is not a string or not text that can be stored: a lone
    /// UTF-16 surrogate (<c>"\ud800"</c>, which <see cref="JsonElement.GetString"/> refuses with an
    /// exception) or a NUL character (which PostgreSQL refuses in text columns).
    /// </summary>
    private static string? Text(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            var text = value.GetString()!;
            return text.Contains('\0', StringComparison.Ordinal) ? null : text;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    public Optional<Guid?> Guid(string name, bool required = false) => Parse<Guid?>(name, required, "a UUID", v =>
        Text(v) is { } s && System.Guid.TryParse(s, out var g) ? (true, g) : (false, null));

    /// <summary>A 32-bit integer; its range is the service's rule.</summary>
    public Optional<int?> Int(string name, bool required = false) =>
        Parse<int?>(name, required, "an integer", v => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? (true, i) : (false, null));

    /// <summary>A finite number; its range is the service's rule.</summary>
    public Optional<double?> Double(string name) => Parse<double?>(name, false, "a number", v =>
        v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d) ? (true, d) : (false, null));

    public Optional<bool?> Bool(string name, bool required = false) => Parse<bool?>(name, required, "true or false", v =>
        v.ValueKind is JsonValueKind.True or JsonValueKind.False ? (true, v.GetBoolean()) : (false, null));

    /// <summary>An ISO-8601 date-time (with or without offset; without one, UTC), normalised to UTC.</summary>
    public Optional<DateTime?> DateTime(string name, bool required = false) => Parse<DateTime?>(name, required, "an ISO-8601 date-time", v =>
        Text(v) is { } s && System.DateTime.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) && d.Year is >= 1900 and <= 2999
            ? (true, d) : (false, null));

    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    public Optional<DateOnly?> Date(string name, bool required = false) => Parse<DateOnly?>(name, required, "a date (YYYY-MM-DD)", v =>
        Text(v) is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 1900 and <= 2999 ? (true, d) : (false, null));

    /// <summary>A time of day, <c>HH:MM</c>.</summary>
    public Optional<TimeOnly?> Time(string name, bool required = false) => Parse<TimeOnly?>(name, required, "a time (HH:MM)", v =>
        Text(v) is { } s && TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? (true, t) : (false, null));

    /// <summary>An enum by its wire name (case-sensitive, as documented), from <paramref name="names"/>.</summary>
    public Optional<T?> Enum<T>(string name, IReadOnlyDictionary<string, T> names, bool required = false)
        where T : struct, System.Enum
    {
        var result = Parse<T?>(name, required, $"one of: {string.Join(", ", names.Keys)}", v =>
            Text(v) is { } s && names.TryGetValue(s, out var e) ? (true, e) : (false, null));
        return result;
    }

    /// <summary>A JSON object kept as raw JSON text (factro's <c>customFields</c>); its size is the service's rule.</summary>
    public Optional<string?> RawObject(string name) => Parse<string?>(name, false, "a JSON object", v =>
        v.ValueKind == JsonValueKind.Object ? (true, v.GetRawText()) : (false, null));

    /// <summary>A list of UUIDs (e.g. tag ids).</summary>
    public Optional<IReadOnlyList<Guid>?> GuidList(string name, int maxItems, bool required = false)
    {
        if (!Get(name, required, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                Required(name, required);
            }

            return default;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return TypeError<IReadOnlyList<Guid>?>(name, "an array of UUIDs");
        }

        var ids = new List<Guid>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Text(item) is { } s && System.Guid.TryParse(s, out var g))
            {
                ids.Add(g);
            }
            else
            {
                typeErrors.Add(new FieldError($"{Pointer(name)}/{i}", ErrorCodes.BadRequest, $"{name}[{i}] must be a UUID."));
            }

            i++;
        }

        if (ids.Count > maxItems)
        {
            Invalid(name, "too_many", $"{name} may hold at most {maxItems} items.");
        }

        return new Optional<IReadOnlyList<Guid>?>(true, ids);
    }

    /// <summary>A list of strings (e.g. action names).</summary>
    public Optional<IReadOnlyList<string>?> StringList(string name, int maxLength, int maxItems, bool required = false)
    {
        if (!Get(name, required, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            Required(name, required);
            return new Optional<IReadOnlyList<string>?>(true, null);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return TypeError<IReadOnlyList<string>?>(name, "an array of strings");
        }

        var items = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Text(item) is { } s && s.Length <= maxLength)
            {
                items.Add(s);
            }
            else
            {
                typeErrors.Add(new FieldError($"{Pointer(name)}/{i}", ErrorCodes.BadRequest, $"{name}[{i}] must be a string of at most {maxLength} characters."));
            }

            i++;
        }

        if (items.Count > maxItems)
        {
            Invalid(name, "too_many", $"{name} may hold at most {maxItems} items.");
        }

        return new Optional<IReadOnlyList<string>?>(true, items);
    }

    /// <summary>Adds a rule violation for a field (422).</summary>
    public void Invalid(string name, string code, string detail) => invalid.Add(new FieldError(Pointer(name), code, detail));

    /// <summary>Throws the collected problems: type errors first (400), then rule violations (422).</summary>
    public void ThrowIfInvalid()
    {
        if (typeErrors.Count > 0)
        {
            throw InputRejectedException.Malformed(typeErrors);
        }

        if (invalid.Count > 0)
        {
            throw InputRejectedException.Invalid(invalid);
        }
    }

    private bool Get(string name, bool required, out JsonElement value)
    {
        if (root.TryGetProperty(name, out value))
        {
            return true;
        }

        if (required)
        {
            Invalid(name, "required", $"{name} is required.");
        }

        return false;
    }

    private bool Required(string name, bool required)
    {
        if (required)
        {
            Invalid(name, "required", $"{name} is required.");
        }

        return true;
    }

    private Optional<T> Parse<T>(string name, bool required, string expected, Func<JsonElement, (bool Ok, T Value)> parse)
    {
        if (!Get(name, required, out var value))
        {
            return default;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            Required(name, required);
            return new Optional<T>(true, default!);
        }

        var (ok, result) = parse(value);
        return ok ? new Optional<T>(true, result) : TypeError<T>(name, expected);
    }

    private Optional<T> TypeError<T>(string name, string expected)
    {
        typeErrors.Add(new FieldError(Pointer(name), ErrorCodes.BadRequest, $"{name} must be {expected}."));
        return default;
    }

    private static DomainException Bad(string pointer, string detail) => DomainException.BadRequest(pointer, detail);
}
