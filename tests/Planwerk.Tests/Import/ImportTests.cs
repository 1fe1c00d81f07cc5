using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Import;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Import;

/// <summary>
/// The application on a real loopback port (Kestrel), so the importer reads a source cloud through HTTP as it would read
/// factro, with one seeded source cloud shared by the class's tests (they only read it; each copies into a cloud of its own).
/// </summary>
public class ImportApp(Provider provider) : PlanwerkApp(provider), IAsyncLifetime
{
    private TestCloud? source;
    private string? token;

    /// <summary>The Core API's base URL on the loopback port.</summary>
    public string CoreApiUrl { get; private set; } = string.Empty;

    public TestCloud Source => source ?? throw new InvalidOperationException("not started");

    public string SourceToken => token ?? throw new InvalidOperationException("not started");

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // The copy makes a few thousand requests on the test's fake clock, which does not move: no window may run out.
        ["Planwerk:RateLimit:PermitLimit"] = "1000000",
    };

    public new async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        UseKestrel(0);
        await base.InitializeAsync();
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        CoreApiUrl = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/api/core";
        source = await SourceCloud.SeedAsync(this);
        token = await CreateTokenAsync(source, source.OwnerId);
    }
}

public sealed class SqliteImportApp() : ImportApp(Provider.Sqlite);

public sealed class PostgresImportApp() : ImportApp(Provider.Postgres);

/// <summary>
/// <c>planwerk import factro</c>, <c>planwerk export</c> and <c>planwerk import file</c>: a seeded cloud copied through the Core
/// API compares equal field by field (ids mapped), an interrupted run finishes on a rerun without duplicates, a basic target
/// drops what its plan lacks and says so, a bad token or URL ends with one line and exit 1, and an export read back is equal.
/// </summary>
public abstract class ImportTests(ImportApp app) : ProviderTest(app)
{
    private new ImportApp App => (ImportApp)base.App;

    [Fact]
    public async Task CopyThroughTheCoreApi_ComparesEqualFieldByField_AndASecondRunAddsNothing()
    {
        var target = await App.CreateCloudAsync(Plan.Professional);

        var first = await ImportFromApiAsync(target, null, Ct);
        var second = await ImportFromApiAsync(target, null, Ct);

        Assert.True(first.Dropped.Count == 0, string.Join("; ", first.Dropped.Select(d => $"{d.Key}: {d.Value}")));
        Assert.True(first.TotalAdded > 1000, $"only {first.TotalAdded} added");
        Assert.Equal(0, second.TotalAdded);
        Assert.Equal(first.TotalAdded, second.AlreadyPresent.Values.Sum());
        await AssertCopiedAsync(target, CoreApiSource.SourceName(App.CoreApiUrl));
        // Written through the services: audited as the CLI, acting as the target's owner.
        var users = await App.InCloudAsync(target.Id, db => db.ImportMappings.Where(m => m.Kind == CloudSnapshot.Users).Select(m => (Guid?)m.LocalId).ToListAsync(Ct));
        var audited = await App.InCloudAsync(target.Id, db => db.AuditEntries
            .CountAsync(a => a.Action == AuditActions.UserCreated && a.Channel == "cli" && users.Contains(a.TargetId), Ct));
        Assert.Equal(first.Added[CloudSnapshot.Users], users.Count);
        Assert.Equal(users.Count, audited);
    }

    protected async Task ARunInterruptedHalfWay_AndRunAgain_EndsEqual_WithNoDuplicatesCore()
    {
        var target = await App.CreateCloudAsync(Plan.Professional);
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportFromApiAsync(target, new ImportOptions
        {
            AfterWrite = n =>
            {
                if (n == 700)
                {
                    stop.Cancel();
                }
            },
        }, stop.Token));
        var written = await App.InCloudAsync(target.Id, db => db.ImportMappings.CountAsync(Ct));
        var rerun = await ImportFromApiAsync(target, null, Ct);

        Assert.Equal(700, written);
        Assert.Equal(700, rerun.AlreadyPresent.Values.Sum());
        Assert.Empty(rerun.Dropped);
        await AssertCopiedAsync(target, CoreApiSource.SourceName(App.CoreApiUrl));
    }

    protected async Task ABasicTarget_DropsWorkRecordsAndOfficers_AndSaysSoCore()
    {
        var target = await App.CreateCloudAsync(Plan.Basic);

        var report = await ImportFromApiAsync(target, null, Ct);

        var sourceRecords = await App.InCloudAsync(App.Source.Id, db => db.WorkRecords.CountAsync(Ct));
        var sourceOfficers = await App.InCloudAsync(App.Source.Id, db => db.Projects.CountAsync(p => p.OfficerId != null, Ct));
        Assert.Equal(sourceRecords, report.Dropped.Single(d => d.Key.Kind == "workRecords" && d.Key.Reason.Contains("professional", StringComparison.Ordinal)).Value);
        Assert.Equal(sourceOfficers, report.Dropped.Single(d => d.Key.Kind == "projects" && d.Key.Reason.StartsWith("officerId: not in the basic plan", StringComparison.Ordinal)).Value);
        Assert.Contains(report.Dropped, d => d.Key.Kind == "packages" && d.Key.Reason.StartsWith("officerId: not in the basic plan", StringComparison.Ordinal));
        Assert.Contains(report.Dropped, d => d.Key.Kind == "users" && d.Key.Reason.Contains("imported as GuestRights", StringComparison.Ordinal));
        Assert.Equal(0, await App.InCloudAsync(target.Id, db => db.WorkRecords.CountAsync(Ct)));
        Assert.Equal(0, await App.InCloudAsync(target.Id, db => db.Projects.CountAsync(p => p.OfficerId != null, Ct)));
        Assert.Equal(await App.InCloudAsync(App.Source.Id, db => db.Tasks.CountAsync(Ct)), await App.InCloudAsync(target.Id, db => db.Tasks.CountAsync(Ct)));
        var text = new StringWriter();
        await report.WriteToAsync(text);
        Assert.Contains("workRecords", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("officerId: not in the basic plan", text.ToString(), StringComparison.Ordinal);
    }

    protected async Task ABadTokenOrAnUnreachableUrl_EndsWithOneLineAndExit1Core()
    {
        var target = await App.CreateCloudAsync(Plan.Professional);

        var badToken = await CliProcess.RunAsync(App.Database, "import", "factro", "--from", App.CoreApiUrl, "--token", "pw_not_a_token", "--into", target.Id.ToString());
        var nowhere = await CliProcess.RunAsync(App.Database, "import", "factro", "--from", $"http://127.0.0.1:{PlanwerkProcess.FreePort()}/api/core",
            "--token", App.SourceToken, "--into", target.Id.ToString());

        Assert.True(badToken.ExitCode == 1, badToken.ToString());
        Assert.Contains("401", Assert.Single(badToken.Error.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.True(nowhere.ExitCode == 1, nowhere.ToString());
        Assert.StartsWith("planwerk: Cannot reach", Assert.Single(nowhere.Error.Trim().Split('\n')), StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(target.Id, db => db.ImportMappings.CountAsync(Ct)));
    }

    protected async Task ExportThenImportFile_RoundTripsEqual_AndARerunAddsNothingCore()
    {
        var target = await App.CreateCloudAsync(Plan.Professional);
        var file = Path.Combine(App.Database.DataDirectory, $"export-{Guid.NewGuid():N}.json");

        var exported = await CliProcess.RunAsync(App.Database, "export", App.Source.Id.ToString(), "--to", file);
        var imported = await CliProcess.RunAsync(App.Database, "import", "file", "--from", file, "--into", target.Id.ToString());
        var again = await CliProcess.RunAsync(App.Database, "import", "file", "--from", file, "--into", target.Id.ToString());

        Assert.True(exported.ExitCode == 0, exported.ToString());
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("Nothing was dropped.", imported.Output, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.StartsWith("Imported 0 item(s)", again.Output.Split('\n').First(l => l.StartsWith("Imported", StringComparison.Ordinal)), StringComparison.Ordinal);
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(file, Ct)))
        {
            Assert.Equal(CloudSnapshot.Format, document.RootElement.GetProperty("format").GetString());
            Assert.Equal(CloudSnapshot.Version, document.RootElement.GetProperty("version").GetInt32());
            Assert.Equal(CloudSnapshot.Kinds.Order(), document.RootElement.GetProperty("sections").EnumerateObject().Select(p => p.Name).Order());
        }

        await AssertCopiedAsync(target, "file:" + App.Source.Id);
    }

    protected async Task ACloudMadeByTheCli_WhoseOwnerHasNoLastName_MovesWithItsOwner_Core()
    {
        var name = "Cli" + Guid.NewGuid().ToString("N")[..6];
        var email = $"{name.ToLowerInvariant()}@example.test";
        var created = await CliProcess.RunAsync(App.Database, "cloud", "create", "--name", name, "--owner", email, "--password", "correct horse battery", "--plan", "team");
        Assert.True(created.ExitCode == 0, created.ToString());
        var target = await App.CreateCloudAsync(Plan.Team);
        var file = Path.Combine(App.Database.DataDirectory, $"export-{Guid.NewGuid():N}.json");

        Assert.Equal(0, (await CliProcess.RunAsync(App.Database, "export", name, "--to", file)).ExitCode);
        var imported = await CliProcess.RunAsync(App.Database, "import", "file", "--from", file, "--into", target.Id.ToString());

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("Nothing was dropped.", imported.Output, StringComparison.Ordinal);
        var owner = await App.InCloudAsync(target.Id, db => db.Employees.Include(e => e.Account).SingleAsync(e => e.Account!.Email == email, Ct));
        Assert.Equal((name.ToLowerInvariant(), "-"), (owner.FirstName, owner.LastName));
    }

    /// <summary>
    /// The PostgreSQL half copies a cloud once (a target on the other provider); the rest of the behaviour does not depend
    /// on the provider, and the class keeps within its time budget.
    /// </summary>
    private async Task<ImportReport> ImportFromApiAsync(TestCloud target, ImportOptions? options, CancellationToken ct)
    {
        using var http = CoreApiSource.CreateClient(App.CoreApiUrl, App.SourceToken);
        var snapshot = await new CoreApiSource(http, App.Time).ReadCloudAsync(NoImportProgress.Instance, Ct);
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<CloudImporter>()
            .ImportAsync(target.Id, CoreApiSource.SourceName(App.CoreApiUrl), snapshot, NoImportProgress.Instance, options, ct);
    }

    private async Task<CloudSnapshot> ExportAsync(Guid cloudId)
    {
        await using var scope = App.Scope();
        return await scope.ServiceProvider.GetRequiredService<CloudExporter>().ExportAsync(cloudId, Ct);
    }

    // Made by the server at the write (dates, numbers, who wrote it through the import) or the cloud's own, so not compared.
    private static readonly string[] Volatile =
        ["creationDate", "changeDate", "creatorId", "creatorEmployeeId", "createdAt", "updatedAt", "number", "mandantId", "accountId", "employeeNumber"];

    /// <summary>
    /// Every section of the target, with the target's ids put back to the source's through the import mappings, equals the
    /// source's section item for item (the target's own owner aside): nothing missing, nothing twice, every field equal.
    /// </summary>
    private async Task AssertCopiedAsync(TestCloud target, string sourceName)
    {
        var source = await ExportAsync(App.Source.Id);
        var copy = await ExportAsync(target.Id);
        var mappings = await App.InCloudAsync(target.Id, db => db.ImportMappings.AsNoTracking().Where(m => m.Source == sourceName).ToListAsync(Ct));
        Assert.Equal(mappings.Count, mappings.Select(m => (m.Kind, m.SourceId)).Distinct().Count());
        var back = mappings.Where(m => Guid.TryParse(m.SourceId, out _)).GroupBy(m => m.LocalId.ToString())
            .ToDictionary(g => g.Key, g => g.First().SourceId, StringComparer.Ordinal);
        foreach (var kind in CloudSnapshot.Kinds)
        {
            var expected = source[kind].Select(i => Canonical(i, null)).Order(StringComparer.Ordinal).ToList();
            var actual = copy[kind].Where(i => !(kind == CloudSnapshot.Users && i.GetProperty("id").GetString() == target.OwnerId.ToString()))
                .Select(i => Canonical(i, back)).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.Count > 0 || kind == CloudSnapshot.Users, $"the source has no {kind}");
            Assert.True(expected.Count == actual.Count, $"{kind}: {expected.Count} in the source, {actual.Count} in the copy");
            var differences = expected.Zip(actual).Where(p => p.First != p.Second).Take(2).Select(p => $"\n  source {p.First}\n  copy   {p.Second}").ToList();
            Assert.True(differences.Count == 0, $"{kind} differ:{string.Concat(differences)}");
        }
    }

    private static string Canonical(JsonElement item, Dictionary<string, string>? back)
    {
        var node = JsonNode.Parse(item.GetRawText())!;
        return Normalize(node, back)!.ToJsonString();
    }

    private static JsonNode? Normalize(JsonNode? node, Dictionary<string, string>? back)
    {
        switch (node)
        {
            case JsonObject o:
                var sorted = new JsonObject();
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!Volatile.Contains(name))
                    {
                        sorted[name] = Normalize(value?.DeepClone(), back);
                    }
                }

                return sorted;
            case JsonArray a:
                var items = a.Select(x => Normalize(x?.DeepClone(), back)).ToList();
                return new JsonArray([.. items.OrderBy(x => x?.ToJsonString(), StringComparer.Ordinal)]);
            case JsonValue v when back is not null && v.TryGetValue<string>(out var text) && back.TryGetValue(text, out var original):
                return JsonValue.Create(original);
            default:
                return node;
        }
    }
}

/// <summary>The copy on SQLite, and the cases that do not depend on the provider (run once, here; the PostgreSQL half runs the copy).</summary>
public sealed class ImportTestsOnSqlite(SqliteImportApp app) : ImportTests(app), IClassFixture<SqliteImportApp>
{
    [Fact]
    public Task ARunInterruptedHalfWay_AndRunAgain_EndsEqual_WithNoDuplicates() => ARunInterruptedHalfWay_AndRunAgain_EndsEqual_WithNoDuplicatesCore();

    [Fact]
    public Task ABasicTarget_DropsWorkRecordsAndOfficers_AndSaysSo() => ABasicTarget_DropsWorkRecordsAndOfficers_AndSaysSoCore();

    [Fact]
    public Task ABadTokenOrAnUnreachableUrl_EndsWithOneLineAndExit1() => ABadTokenOrAnUnreachableUrl_EndsWithOneLineAndExit1Core();

    [Fact]
    public Task ExportThenImportFile_RoundTripsEqual_AndARerunAddsNothing() => ExportThenImportFile_RoundTripsEqual_AndARerunAddsNothingCore();

    [Fact]
    public Task ACloudMadeByTheCli_WhoseOwnerHasNoLastName_MovesWithItsOwner() => ACloudMadeByTheCli_WhoseOwnerHasNoLastName_MovesWithItsOwner_Core();
}

public sealed class ImportTestsOnPostgres(PostgresImportApp app) : ImportTests(app), IClassFixture<PostgresImportApp>;
