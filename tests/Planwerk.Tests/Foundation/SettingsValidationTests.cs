using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// Every settings class (<c>Planwerk:*</c>) is bound and validated one way (ADR 8): a bad value of any of them stops
/// the server at start, and the message names the setting, so an operator reads what to fix instead of meeting it
/// on the first request that reads it.
/// </summary>
public sealed class SettingsValidationTests
{
    /// <summary>One bad value per settings class; <see cref="EverySettingsClass_IsValidatedOnStart_AndHasABadValueHere"/> keeps it complete.</summary>
    public static TheoryData<string, string> BadSettings => new()
    {
        { "Planwerk:RateLimit:WindowSeconds", "0" },
        { "Planwerk:Api:MaxConcurrentRequests", "0" },
        { "Planwerk:Api:MaxBodySeconds", "0" },
        { "Planwerk:Seats:Team:MaxUsers", "0" },
        { "Planwerk:Logins:FirstDelay", "-00:00:01" },
        { "Planwerk:Webhooks:LeaseSeconds", "0" },
        { "Planwerk:Database:SqliteMaxPageCount", "0" },
        { "Planwerk:Database:Provider", "oracle" },
        { "Planwerk:Storage:RetryAfterSeconds", "-1" },
        { "Planwerk:Documents:MaxFileBytes", "0" },
        { "Planwerk:Security:HstsMaxAgeSeconds", "-1" },
        { "Planwerk:Smtp:Port", "0" },
        { "Planwerk:PublicUrl", "planwerk.example.com" }, // not absolute
        { "Planwerk:DataProtection:CertificatePath", "/nonexistent/planwerk-keys.pfx" }, // read when the services are registered
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task ABadValue_StopsTheServerAtStart_WithTheSettingNamed(string key, string value)
    {
        await using var app = new AppWith(key, value);

        var error = await Assert.ThrowsAnyAsync<Exception>(async () => await app.InitializeAsync());

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySettingsClass_IsValidatedOnStart_AndHasABadValueHere()
    {
        var classes = typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false }
                && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && ((string)field.GetRawConstantValue()!).StartsWith("Planwerk:", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(classes);
        var tested = BadSettings.Select(row => row.Data.Item1).ToList();

        await using var app = new PlanwerkApp(Provider.Sqlite);
        await app.InitializeAsync();
        foreach (var type in classes)
        {
            var section = (string)type.GetField("Section")!.GetRawConstantValue()!;
            Assert.Contains(tested, key => key.StartsWith(section + ":", StringComparison.Ordinal));
            var validators = app.Services.GetServices(typeof(IValidateOptions<>).MakeGenericType(type));
            Assert.Contains(validators, v => v!.GetType().Name.StartsWith("SettingsValidator", StringComparison.Ordinal));
        }
    }

    private sealed class AppWith(string key, string value) : PlanwerkApp(Provider.Sqlite)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }
}
