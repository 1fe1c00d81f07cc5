using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// A full disk, for real: on SQLite the database is capped at its current size (<c>PRAGMA max_page_count</c>, through
/// the <c>Planwerk:Database:SqliteMaxPageCount</c> setting changed at run time), which fails writes with SQLITE_FULL
/// exactly like a full disk; on PostgreSQL the server itself raises <c>53100 disk_full</c> for every write to the
/// projects and every DDL (triggers). Writes then answer 503 <c>storage_unavailable</c> with <c>Retry-After</c>, the UI a
/// localized page, <c>/readyz</c> fails, reads go on, nothing acknowledged is lost — and it all recovers.
/// </summary>
public abstract class StorageFullTests(StorageFullTests.StorageApp app) : ProviderTest(app), IAsyncLifetime
{
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    /// <summary>A test that failed half-way leaves the disk free for the next one.</summary>
    public async ValueTask DisposeAsync()
    {
        if (App.Available)
        {
            await Storage.FreeDiskAsync();
        }

        GC.SuppressFinalize(this);
    }

    private static readonly string Big = new('x', 90_000); // needs new pages on SQLite (overflow pages), unlike a small row

    private StorageApp Storage => (StorageApp)App;

    [Fact]
    public async Task AWriteThatCannotBeStored_Is503StorageUnavailable_ReadyzFails_NothingAcknowledgedIsLost_AndAProbeRecoversIt()
    {
        var cloud = await App.CreateCloudAsync();
        using var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        using var probe = App.CreateClient();
        var acknowledged = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            acknowledged.Add((await (await api.PostJsonAsync("projects", new { title = $"Before {i}" })).AssertJsonAsync(HttpStatusCode.Created)).Id());
        }

        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await Storage.FillDiskAsync();

        var refusal = await WriteUntilRefusedAsync(api, acknowledged);
        Assert.Equal(TimeSpan.FromSeconds(30), refusal.RetryAfter);
        Assert.Contains("nothing of this request was saved", refusal.Detail, StringComparison.Ordinal);
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.ServiceUnavailable);

        // The UI says so in the person's language, with 503 and Retry-After, not a 500.
        using var page = await web.PostFormAsync("/projects/new", new() { ["Input.Title"] = "Im Browser", ["Input.Description"] = Big, ["Input.ProjectState"] = "InProcess" });
        var html = await page.AssertStatusAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Speichern gerade nicht möglich", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("data-code=\"storage_unavailable\"", html, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), page.Headers.RetryAfter?.Delta);

        // Reads go on, and every acknowledged write is there.
        var listed = await (await api.GetAsync("projects", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(acknowledged.Order(), listed.EnumerateArray().Select(p => p.Id()).Order());

        await Storage.FreeDiskAsync();
        // The probe runs at most every 5 s (the load balancer polls): until then /readyz still fails.
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.ServiceUnavailable);
        App.Time.Advance(TimeSpan.FromSeconds(5));
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.OK);

        acknowledged.Add((await (await api.PostJsonAsync("projects", new { title = "After", description = Big })).AssertJsonAsync(HttpStatusCode.Created)).Id());
        var after = await (await api.GetAsync("projects", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(acknowledged.Order(), after.EnumerateArray().Select(p => p.Id()).Order());
        Assert.Equal(acknowledged.Count, await App.InCloudAsync(cloud.Id, db => db.Projects.CountAsync(Ct)));
    }

    [Fact]
    public async Task ASuccessfulWrite_EndsTheFailure_AtOnce_WithoutWaitingForAProbe()
    {
        var cloud = await App.CreateCloudAsync();
        using var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        using var probe = App.CreateClient();
        await Storage.FillDiskAsync();
        await WriteUntilRefusedAsync(api, []);
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.ServiceUnavailable);
        // Still full: a probe that is due fails too.
        App.Time.Advance(TimeSpan.FromSeconds(5));
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.ServiceUnavailable);

        await Storage.FreeDiskAsync();
        await (await api.PostJsonAsync("projects", new { title = "Stored again" })).AssertJsonAsync(HttpStatusCode.Created);
        await (await probe.GetAsync("/readyz", Ct)).AssertStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>Writes big projects until the storage refuses one (room left in the database's pages takes a few first).</summary>
    private static async Task<(TimeSpan? RetryAfter, string Detail)> WriteUntilRefusedAsync(HttpClient api, List<Guid> acknowledged)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var response = await api.PostJsonAsync("projects", new { title = $"Big {attempt}", description = Big });
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Id());
                continue;
            }

            var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage_unavailable");
            return (response.Headers.RetryAfter?.Delta, problem.GetProperty("detail").GetString()!);
        }

        throw new InvalidOperationException("50 big writes were stored although the disk is full.");
    }

    /// <summary>The application on a database of its own, with a setting that can change while it runs.</summary>
    public class StorageApp(Provider provider) : PlanwerkApp(provider)
    {
        private readonly MutableConfiguration configuration = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(c => c.Add(configuration));
        }

        public async Task FillDiskAsync()
        {
            if (Provider == Provider.Sqlite)
            {
                configuration.Change("Planwerk:Database:SqliteMaxPageCount", "1"); // SQLite raises it to the current size: no growth
                return;
            }

            await PostgresAsync("""
                CREATE OR REPLACE FUNCTION planwerk_test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
                CREATE TRIGGER planwerk_test_disk_full BEFORE INSERT OR UPDATE ON "Projects" FOR EACH ROW EXECUTE FUNCTION planwerk_test_disk_full();
                CREATE OR REPLACE FUNCTION planwerk_test_disk_full_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
                CREATE EVENT TRIGGER planwerk_test_disk_full_ddl ON ddl_command_start EXECUTE FUNCTION planwerk_test_disk_full_ddl();
                """);
        }

        public async Task FreeDiskAsync()
        {
            if (Provider == Provider.Sqlite)
            {
                configuration.Change("Planwerk:Database:SqliteMaxPageCount", null);
                return;
            }

            await PostgresAsync("""
                DROP EVENT TRIGGER IF EXISTS planwerk_test_disk_full_ddl;
                DROP FUNCTION IF EXISTS planwerk_test_disk_full_ddl();
                DROP TRIGGER IF EXISTS planwerk_test_disk_full ON "Projects";
                DROP FUNCTION IF EXISTS planwerk_test_disk_full();
                """);
        }

        private async Task PostgresAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    public sealed class SqliteStorageApp() : StorageApp(Provider.Sqlite);

    public sealed class PostgresStorageApp() : StorageApp(Provider.Postgres);

    /// <summary>A configuration source whose values a test changes while the application runs, as an operator edits appsettings.json.</summary>
    private sealed class MutableConfiguration : ConfigurationProvider, IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

        public void Change(string key, string? value)
        {
            if (value is null)
            {
                Data.Remove(key);
            }
            else
            {
                Data[key] = value;
            }

            OnReload();
        }
    }
}

public sealed class StorageFullTestsOnSqlite(StorageFullTests.SqliteStorageApp app) : StorageFullTests(app), IClassFixture<StorageFullTests.SqliteStorageApp>;

public sealed class StorageFullTestsOnPostgres(StorageFullTests.PostgresStorageApp app) : StorageFullTests(app), IClassFixture<StorageFullTests.PostgresStorageApp>;
