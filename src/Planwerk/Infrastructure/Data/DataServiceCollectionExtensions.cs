using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Accounts;
using Planwerk.Infrastructure.Hosting;

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
                .AddInterceptors(sp.GetRequiredService<OutboxCommitSignal>(), sp.GetRequiredService<CommitTimeStanding>(), sp.GetRequiredService<StorageHealth>()).Options));
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
                .AddInterceptors(new SqliteConnectionSetup(sp.GetRequiredService<IOptionsMonitor<DatabaseOptions>>()), sp.GetRequiredService<SqliteWriteGate>(),
                    sp.GetRequiredService<OutboxCommitSignal>(), sp.GetRequiredService<CommitTimeStanding>(), sp.GetRequiredService<StorageHealth>()).Options,
                sp.GetRequiredService<SqliteWriteGate>().EndOfUnitOfWork));
            services.AddSingleton<SqliteWriteGate>();
        }
        else
        {
            throw new InvalidOperationException($"{DatabaseOptions.Section}:Provider is '{options.Provider}': use 'sqlite' or 'postgres'.");
        }

        // One context per DI scope, rented from the pool; the scope's end returns it.
        services.AddScoped(sp => sp.GetRequiredService<PlanwerkDbPool>().Rent(sp.GetService<Webhooks.WebhookOutbox>()));
        services.AddSingleton(options);
        services.AddSettings<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.AddSettings<StorageOptions>(configuration, StorageOptions.Section);
        services.AddSingleton<StorageHealth>();
        // Before the other exception handlers: a full disk is answered as such, not logged as an unhandled error first.
        services.AddExceptionHandler<StorageExceptionHandler>();
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
                // No lockout: anyone could lock the owner out with wrong passwords. Sign-ins are throttled
                // instead (LoginThrottle: a back-off per client address and per account).
                identity.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<PlanwerkDb>()
            // Weak and common passwords are refused on every door (sign-up, invitation, password change, CLI).
            .AddPasswordValidator<PasswordStrengthValidator>()
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.AddLocalization();
        services.AddScoped<DatabaseMigrator>();
        return services;
    }

    /// <summary>The data directory, absolute; <c>./data</c> under the working directory unless configured.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        Path.GetFullPath(configuration[DataDirectoryKey] is { Length: > 0 } dir ? dir : "data");
}
