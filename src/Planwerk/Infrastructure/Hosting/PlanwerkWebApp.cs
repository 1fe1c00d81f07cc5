using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Web;
using Planwerk.Webhooks;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>The web host's composition: a short list of AddX()/MapX() calls.</summary>
public static class PlanwerkWebApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary><c>all</c> (default), <c>web</c> (no webhook worker) or <c>worker</c> (only the worker and health checks).</summary>
    public const string RoleKey = "Planwerk:Role";

    public static WebApplication Build(string[] args)
    {
        // appsettings.json ships beside the binary; the working directory is where ./data goes.
        var contentRootGiven = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 };
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRootGiven ? null : AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var role = builder.Configuration[RoleKey] ?? "all";
        if (role == "web")
        {
            builder.Configuration[$"{WebhookOptions.Section}:WorkerEnabled"] = "false";
        }

        builder.Services.AddPlanwerkCore(builder.Configuration);
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddSingleton<WebhookDeliveryClaim>();
        builder.Services.AddSingleton<WebhookSender>();
        builder.Services.AddSingleton<WebhookOutcomeRecorder>();
        builder.Services.AddSingleton<WebhookRetention>();
        builder.Services.AddSingleton<WebhookDeliveryWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDeliveryWorker>());
        builder.Services.AddPlanwerkDataProtection(builder.Configuration);
        builder.Services.AddCoreApi(builder.Configuration);
        builder.Services.AddCoreApiOpenApi();
        builder.Services.AddWebUi();
        builder.Services.AddSecurityHeaders(builder.Configuration);
        // Behind a reverse proxy on the same machine (docs/deploy.md), the original scheme and client address
        // count: links shown in the UI say https, and cookies are Secure. Only loopback proxies are trusted.
        builder.Services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        builder.Services.AddHealthChecks().AddDbContextCheck<PlanwerkDb>("database", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseErrorPages();
        app.UseRequestLocalization();
        app.UseRouting();
        if (app.Environment.IsEnvironment(FailOnRequest.Environment))
        {
            app.UseMiddleware<FailOnRequest>();
        }

        app.UseMiddleware<CoreApiUnmatchedRoutes>();
        // Core API governance order (ADR 4, ADR 7): token, switch and rate limit need no body; then the body, read within its
        // deadline, and only then a place, shared fairly between clouds.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        app.UseMiddleware<ApiConcurrencyLimitMiddleware>();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        if (role == "worker")
        {
            return app;
        }

        app.MapCoreApi();
        app.MapCoreApiReference();

        app.MapWebUi();
        app.MapGet("/", () => TypedResults.Redirect("/projects")).ExcludeFromDescription();
        return app;
    }
}
