using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>
/// Every settings class (a <c>Planwerk:*</c> section) is registered one way (ADR 8): bound from its section, its
/// properties' data annotations checked — nested settings objects too — and checked when the host starts, so a bad
/// value stops the server at once with the setting named (<c>Planwerk:Api:MaxBodyBytes must be at least 1.</c>),
/// instead of failing on the first request or delivery that reads it.
/// </summary>
public static class Settings
{
    /// <summary>The message of a <see cref="RangeAttribute"/> whose maximum is the type's: only the lower bound matters.</summary>
    public const string AtLeast = "{0} must be at least {1}.";

    /// <summary>The message of a <see cref="RangeAttribute"/> with an exclusive minimum.</summary>
    public const string Above = "{0} must be more than {1}.";

    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> of <paramref name="configuration"/> (passed, not
    /// taken from the container, so a bare service collection — the CLI's, the benchmarks' — binds the same) and
    /// validates it on start; a reloaded value is validated again where it is next read.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsValidator<T>(section));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }
}

/// <summary>
/// Validates each bound property with its configuration key as the name in the message, which
/// <c>ValidateDataAnnotations</c> does not (it names the class and the property only).
/// </summary>
internal sealed class SettingsValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        Collect(options, section, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Collect(object settings, string path, List<string> failures)
    {
        foreach (var property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
            {
                continue; // not bound from configuration
            }

            var key = $"{path}:{property.Name}";
            var value = property.GetValue(settings);
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateProperty(value, new ValidationContext(settings) { MemberName = property.Name, DisplayName = key }, results))
            {
                failures.AddRange(results.Select(r => r.ErrorMessage ?? $"{key} is not valid."));
            }

            if (value is not null && IsNestedSettings(property.PropertyType))
            {
                Collect(value, key, failures);
            }
        }
    }

    /// <summary>A section within the section (<c>Planwerk:Seats:Team</c>): one of the app's own classes.</summary>
    private static bool IsNestedSettings(Type type) =>
        type.IsClass && type.Assembly == typeof(SettingsValidator<>).Assembly;
}
