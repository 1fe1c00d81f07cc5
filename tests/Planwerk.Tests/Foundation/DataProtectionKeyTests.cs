using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>Where the keys behind cookies and invitation links are, and how they are protected (docs/deploy.md).</summary>
public abstract class DataProtectionKeyTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task WithoutACertificate_TheKeysAreStoredInTheDatabase_Unencrypted_AsDecided()
    {
        var xml = await NewKeyXmlAsync(App);

        Assert.Contains("<masterKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("EncryptedData", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncryptedWithIt_AndStillWork()
    {
        var pfx = Path.Combine(App.Database.DataDirectory, $"keys-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Planwerk test keys", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx password"), Ct);
        }

        await using var database = await TestDatabase.CreateAsync(App.Provider);
        await using var withCertificate = new CertificateApp(App.Provider, database, pfx);
        await withCertificate.InitializeAsync();

        var xml = await NewKeyXmlAsync(withCertificate);

        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
    }

    /// <summary>Protects and unprotects a value (which makes the first key), and returns the stored key's XML.</summary>
    private static async Task<string> NewKeyXmlAsync(PlanwerkApp app)
    {
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
        await using var scope = app.Scope();
        var keys = await scope.ServiceProvider.GetRequiredService<PlanwerkDb>().DataProtectionKeys.AsNoTracking().ToListAsync(Ct);
        return Assert.Single(keys).Xml!;
    }

    private sealed class CertificateApp(Provider provider, TestDatabase database, string pfx) : PlanwerkApp(provider, database)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Planwerk:DataProtection:CertificatePath"] = pfx,
            ["Planwerk:DataProtection:CertificatePassword"] = "pfx password",
        };
    }
}

public sealed class DataProtectionKeyTestsOnSqlite(SqliteApp app) : DataProtectionKeyTests(app), IClassFixture<SqliteApp>;

public sealed class DataProtectionKeyTestsOnPostgres(PostgresApp app) : DataProtectionKeyTests(app), IClassFixture<PostgresApp>;
