namespace Planwerk.Infrastructure.Api;

/// <remarks>
/// A field of a partial update: absent (leave as is) or present with a value (which may be null,
/// meaning "clear it"). factro's <c>PUT</c> changes only the fields present. (No summary on purpose: the OpenAPI
/// document would show a summary as the description of every undocumented input field.)
/// </remarks>
public readonly record struct Optional<T>(bool HasValue, T Value)
{
    public static implicit operator Optional<T>(T value) => new(true, value);

    /// <summary>The value if present, else <paramref name="fallback"/>.</summary>
    public T Or(T fallback) => HasValue ? Value : fallback;
}
