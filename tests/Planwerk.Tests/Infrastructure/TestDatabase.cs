using Npgsql;

namespace Planwerk.Tests.Infrastructure;

/// <summary>The database providers every data test runs on.</summary>
public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A fresh, empty database for one test application: a SQLite file in a temporary folder, or a new
/// database on the PostgreSQL server named by <c>PLANWERK_TEST_POSTGRES</c> (an admin connection
/// string; <c>.ci/run</c> starts such a server). Without that variable the PostgreSQL half is skipped.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PLANWERK_TEST_POSTGRES";

    private readonly string? adminConnectionString;

    private TestDatabase(Provider provider, string connectionString, string dataDirectory, string? adminConnectionString, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        DataDirectory = dataDirectory;
        this.adminConnectionString = adminConnectionString;
        Name = name;
    }

    public Provider Provider { get; }
    public string ConnectionString { get; }
    public string DataDirectory { get; }
    public string? Name { get; }

    public static string? PostgresAdminConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    public static string PostgresSkipReason =>
        $"PostgreSQL half skipped: no server configured ({PostgresVariable} is unset; .ci/run starts one).";

    public static async Task<TestDatabase> CreateAsync(Provider provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "planwerk-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        if (provider == Provider.Sqlite)
        {
            return new TestDatabase(provider, $"Data Source={Path.Combine(dataDirectory, "planwerk.db")}", dataDirectory, null, null);
        }

        var admin = PostgresAdminConnectionString ?? throw new InvalidOperationException(PostgresSkipReason);
        var name = "planwerk_t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ToString(), dataDirectory, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (adminConnectionString is not null && Name is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (SQLite pool) is left for the OS to clean; it is in the temp folder.
        }
    }
}
