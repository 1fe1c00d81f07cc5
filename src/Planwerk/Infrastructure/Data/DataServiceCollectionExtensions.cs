using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;

namespace Planwerk.Infrastructure.Data;

/// <summary>Registers the database, chosen by configuration, and ASP.NET Core Identity's stores on it.</summary>
public static class DataServiceCollectionExtensions
{
    /// <summary>Configuration key of the data directory (SQLite file, keys); CLI <c>--data</c>.</summary>
    public const string DataDirectoryKey = "Planwerk:DataDirectory";

    public static IServiceCollection AddPlanwerkData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Planwerk");

        if (options.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "Planwerk__Database__Provider=postgres needs a connection string in ConnectionStrings__Planwerk.");
            }

            services.AddSingleton(sp => PlanwerkDbPool.For(new DbContextOptionsBuilder<PostgresPlanwerkDb>()
                .UseApplicationServiceProvider(sp)
                .UseNpgsql(connectionString)
                .AddInterceptors(sp.GetRequiredService<OutboxCommitSignal>(), sp.GetRequiredService<CommitTimeStanding>()).Options));
        }
        else if (string.Equals(options.Provider, "sqlite", StringComparison.OrdinalIgnoreCase))
        {
            var sqlite = new SqliteConnectionStringBuilder(connectionString ?? string.Empty);
            if (string.IsNullOrEmpty(sqlite.DataSource))
            {
                sqlite.DataSource = Path.Combine(DataDirectory(configuration), "planwerk.db");
            }

            sqlite.ForeignKeys = true;
            sqlite.DefaultTimeout = 30;
            services.AddSingleton(sp => PlanwerkDbPool.For(new DbContextOptionsBuilder<SqlitePlanwerkDb>()
                .UseApplicationServiceProvider(sp)
                .UseSqlite(sqlite.ToString())
                .AddInterceptors(new SqliteConnectionSetup(), sp.GetRequiredService<SqliteWriteGate>(), sp.GetRequiredService<OutboxCommitSignal>(),
                    sp.GetRequiredService<CommitTimeStanding>()).Options,
                sp.GetRequiredService<SqliteWriteGate>().EndOfUnitOfWork));
            services.AddSingleton<SqliteWriteGate>();
        }
        else
        {
            throw new InvalidOperationException($"Unknown database provider '{options.Provider}': use 'sqlite' or 'postgres'.");
        }

        // One context per DI scope, rented from the pool; the scope's end returns it.
        services.AddScoped(sp => sp.GetRequiredService<PlanwerkDbPool>().Rent(sp.GetService<Webhooks.WebhookOutbox>()));
        services.AddSingleton(options);
        services.AddSingleton<OutboxCommitSignal>();
        services.AddSingleton<CommitTimeStanding>();
        services.AddIdentityCore<Account>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B).
                identity.Password.RequiredLength = 10;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
                identity.Lockout.MaxFailedAccessAttempts = 5;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<PlanwerkDb>();
        services.AddScoped<DatabaseMigrator>();
        return services;
    }

    /// <summary>The data directory, absolute; <c>./data</c> under the working directory unless configured.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration[DataDirectoryKey] is { Length: > 0 } dir ? dir : "data");
}
