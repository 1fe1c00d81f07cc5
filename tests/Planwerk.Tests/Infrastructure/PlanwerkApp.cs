using Planwerk.Access;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Tokens;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Infrastructure;

/// <summary>A cloud made for one test: its id and its owner.</summary>
public sealed record TestCloud(Guid Id, string Name, Plan Plan, Guid OwnerId, string OwnerEmail);

/// <summary>A user of a test cloud with a working API token.</summary>
public sealed record TestUser(Guid Id, string Email, SecurityGroup Group, string Token);

/// <summary>
/// The real application (the same composition as <c>planwerk serve</c>) on a fresh database of one
/// provider, with intent methods for tests. Each test makes its own cloud, so tests share the
/// application but no state.
/// </summary>
public class PlanwerkApp(Provider provider, TestDatabase? sharedDatabase = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly bool ownsDatabase = sharedDatabase is null;
    private TestDatabase? database = sharedDatabase;

    public Provider Provider { get; } = provider;

    /// <summary>False when this provider has no server here (the PostgreSQL half on a plain <c>dotnet test</c>).</summary>
    public bool Available => Provider == Provider.Sqlite || TestDatabase.PostgresAdminConnectionString is not null;

    public TestDatabase Database => database ?? throw new InvalidOperationException("The application has not been started.");

    /// <summary>The application's clock; tests move it explicitly.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    /// <summary>Extra settings for a derived fixture (e.g. the demo seed on).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        database ??= await TestDatabase.CreateAsync(Provider);
        _ = Services; // starts the host: migrations run now, not inside the first test
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (database is not null && ownsDatabase)
        {
            await database.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Skips the calling test when this provider has no server here, saying why.</summary>
    public void SkipIfUnavailable() => Assert.SkipUnless(Available, TestDatabase.PostgresSkipReason);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Planwerk:Database:Provider", Provider == Provider.Postgres ? "postgres" : "sqlite");
        builder.UseSetting("ConnectionStrings:Planwerk", Database.ConnectionString);
        builder.UseSetting(DataServiceCollectionExtensions.DataDirectoryKey, Database.DataDirectory);
        builder.UseSetting("Planwerk:Demo:Enabled", "false");
        builder.UseSetting("Planwerk:Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Planwerk:Webhooks:WorkerEnabled", "false"); // tests drive the worker (RunWebhookWorkerOnceAsync)
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        if (ErrorLogFile.Path is { } errorLog)
        {
            builder.ConfigureLogging(logging => logging.AddProvider(new ErrorLogFile(errorLog)));
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IStartupFilter, LoopbackConnection>();
        });
    }

    /// <summary>
    /// The test server has no socket, so no client address: its requests come from 127.0.0.1, as through a reverse
    /// proxy on the same machine, so a test says which client it is with <c>X-Forwarded-For</c> (see
    /// <see cref="WebSession.Anonymous"/>) and the application's own forwarded-headers rule decides.
    /// </summary>
    private sealed class LoopbackConnection : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>The delivery worker, driven by tests.</summary>
    public WebhookDeliveryWorker Worker => Services.GetRequiredService<WebhookDeliveryWorker>();

    /// <summary>Sends everything that is due now and waits until those requests are answered and recorded.</summary>
    public async Task<int> RunWebhookWorkerOnceAsync()
    {
        var started = 0;
        int round;
        do
        {
            round = await Worker.RunOnceAsync(CancellationToken.None);
            started += round;
            await Worker.DrainAsync();
        }
        while (round > 0);

        return started;
    }

    /// <summary>
    /// Runs the delivery worker round after round in the background, as the hosted service does, until
    /// the returned handle is disposed (which waits for the requests in flight).
    /// </summary>
    public IAsyncDisposable StartWebhookWorkerLoop() => new WorkerLoop(Worker);

    private sealed class WorkerLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly WebhookDeliveryWorker worker;
        private readonly Task loop;

        public WorkerLoop(WebhookDeliveryWorker worker)
        {
            this.worker = worker;
            loop = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await worker.RunOnceAsync(CancellationToken.None);
                    await Task.Delay(5);
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            await worker.DrainAsync();
            stop.Dispose();
        }
    }

    /// <summary>
    /// An HTTP client of the Core API that sends <paramref name="token"/> the factro way (raw, no scheme). Every answer it
    /// receives is checked against the published OpenAPI document (<see cref="OpenApiContractHandler"/>): an answer the
    /// document does not describe fails the test.
    /// </summary>
    public HttpClient ApiClient(string? token)
    {
        var client = CreateDefaultClient(new Uri("http://localhost/api/core/"), new OpenApiContractHandler());
        if (token is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        }

        return client;
    }

    /// <summary>A client for a new user of <paramref name="cloud"/> in <paramref name="group"/>.</summary>
    public async Task<(HttpClient Client, TestUser User)> ApiClientAsync(TestCloud cloud, SecurityGroup group = SecurityGroup.AllRights)
    {
        var user = await CreateUserWithTokenAsync(cloud, group);
        return (ApiClient(user.Token), user);
    }

    /// <summary>A service scope whose <see cref="PlanwerkDb"/> is not yet scoped to any cloud.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Runs <paramref name="work"/> against a context scoped to <paramref name="cloudId"/>.</summary>
    public async Task<T> InCloudAsync<T>(Guid cloudId, Func<PlanwerkDb, Task<T>> work)
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloudId);
        return await work(db);
    }

    public async Task<TestCloud> CreateCloudAsync(Plan plan = Plan.Professional)
    {
        await using var scope = Scope();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var email = $"owner-{suffix}@example.test";
        var cloud = await scope.ServiceProvider.GetRequiredService<CloudService>()
            .CreateAsync($"C{suffix}", email, "correct horse battery", plan, "Olga", "Owner", AuditActor.Cli, CancellationToken.None);
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var ownerId = await db.Employees.Where(e => e.AccountId == cloud.OwnerAccountId).Select(e => e.Id).SingleAsync();
        return new TestCloud(cloud.Id, cloud.Name, plan, ownerId, email);
    }

    public async Task<Employee> CreateUserAsync(TestCloud cloud, SecurityGroup group)
    {
        await using var scope = Scope();
        var email = $"{group.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        return await scope.ServiceProvider.GetRequiredService<EmployeeService>()
            .AddAsync(Caller.System(cloud.Id, cloud.Plan), email, "Test", group.ToString(), group, null, CancellationToken.None);
    }

    public async Task<TestUser> CreateUserWithTokenAsync(TestCloud cloud, SecurityGroup group)
    {
        var employee = await CreateUserAsync(cloud, group);
        var token = await CreateTokenAsync(cloud, employee.Id);
        return new TestUser(employee.Id, $"{employee.Id}", group, token);
    }

    public async Task<string> CreateTokenAsync(TestCloud cloud, Guid employeeId, DateTime? expiresAt = null)
    {
        await using var scope = Scope();
        var created = await scope.ServiceProvider.GetRequiredService<TokenService>()
            .CreateAsync(Caller.System(cloud.Id, cloud.Plan), employeeId, "test token", null, expiresAt, new Planwerk.Infrastructure.Errors.InputErrors(), CancellationToken.None);
        return created.Secret;
    }

    public async Task SetSwitchAsync(TestCloud cloud, bool? api = null, bool? webhooks = null)
    {
        await using var scope = Scope();
        var clouds = scope.ServiceProvider.GetRequiredService<CloudService>();
        if (api is { } a)
        {
            await clouds.SetApiAccessAsync(Caller.System(cloud.Id, cloud.Plan), a, CancellationToken.None);
        }

        if (webhooks is { } w)
        {
            await clouds.SetWebhooksAsync(Caller.System(cloud.Id, cloud.Plan), w, CancellationToken.None);
        }
    }
}

/// <summary>The application on SQLite (one per test class).</summary>
public sealed class SqliteApp() : PlanwerkApp(Provider.Sqlite);

/// <summary>The application on PostgreSQL (one per test class); skipped without a server.</summary>
public sealed class PostgresApp() : PlanwerkApp(Provider.Postgres);
