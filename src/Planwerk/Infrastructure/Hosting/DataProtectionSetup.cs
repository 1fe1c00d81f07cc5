using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>
/// The keys behind sign-in cookies, antiforgery tokens and invitation links live in the database (so every instance
/// on PostgreSQL shares them). By default they are stored as they are, as deliberately as the data they guard: whoever
/// can read the database already reads everything a cookie would grant. With
/// <c>Planwerk:DataProtection:CertificatePath</c> (a PKCS#12 file, password in <c>…:CertificatePassword</c>) they
/// are encrypted with that certificate, for backups kept away from the certificate (docs/deploy.md).
/// </summary>
public static class DataProtectionSetup
{
    public const string Section = "Planwerk:DataProtection";

    public static IServiceCollection AddPlanwerkDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName("Planwerk").PersistKeysToDbContext<PlanwerkDb>();
        if (configuration[$"{Section}:CertificatePath"] is { Length: > 0 } path)
        {
            protection.ProtectKeysWithCertificate(LoadCertificate(path, configuration[$"{Section}:CertificatePassword"]));
        }
        else
        {
            // Said explicitly, so the framework does not warn at every start about a choice that was made on purpose.
            services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new NullXmlEncryptor());
        }

        return services;
    }

    /// <summary>The certificate, or a start-stopping error that names the setting (as every other bad setting does, ADR 8).</summary>
    private static X509Certificate2 LoadCertificate(string path, string? password)
    {
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(Section, typeof(DataProtectionSetup),
                [$"{Section}:CertificatePath: the certificate \"{path}\" cannot be loaded with {Section}:CertificatePassword ({e.Message})."]);
        }
    }
}
