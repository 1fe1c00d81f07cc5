using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Errors;

/// <summary>The input rules several services share, worded and coded the same everywhere.</summary>
public static class InputRules
{
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
