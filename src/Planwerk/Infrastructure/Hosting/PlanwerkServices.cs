using Microsoft.Extensions.DependencyInjection.Extensions;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Tokens;

namespace Planwerk.Infrastructure.Hosting;

/// <summary>The services every door (web host and CLI) shares: data, and one rule service per capability.</summary>
public static class PlanwerkServices
{
    public static IServiceCollection AddPlanwerkCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddPlanwerkData(configuration);
        services.AddSettings<SeatOptions>(configuration, SeatOptions.Section);
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountService>();
        services.AddSettings<Mail.PublicUrlOptions>(configuration, Mail.PublicUrlOptions.Section);
        services.AddSettings<Mail.SmtpOptions>(configuration, Mail.SmtpOptions.Section);
        new Microsoft.AspNetCore.Identity.IdentityBuilder(typeof(Account), services)
            .AddTokenProvider<PasswordResetTokenProvider>(PasswordResetTokenProvider.ProviderName);
        services.AddScoped<PasswordResetLinks>();
        services.AddSettings<LoginThrottleOptions>(configuration, LoginThrottleOptions.Section);
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<CloudService>();
        services.AddScoped<EmployeeService>();
        services.AddScoped<TokenService>();
        services.AddScoped<DemoSeed>();
        services.AddSettings<Webhooks.WebhookOptions>(configuration, Webhooks.WebhookOptions.Section);
        services.AddSingleton<Webhooks.DeliverySignal>();
        services.AddSingleton<Webhooks.WebhookSendGate>();
        services.AddSingleton<Webhooks.WebhookUrlGuard>();
        services.AddSingleton<Webhooks.WebhookOutbox>();
        services.AddScoped<Webhooks.WebhookService>();
        services.AddScoped<Projects.ProjectService>();
        services.AddScoped<Comments.CommentService>();
        services.AddScoped<Tags.TagService>();
        services.AddScoped<Projects.PackageService>();
        services.AddScoped<Tasks.TaskService>();
        services.AddScoped<Tasks.ChecklistService>();
        services.AddScoped<WorkRecords.WorkRecordService>();
        services.AddScoped<Companies.CompanyService>();
        services.AddScoped<Teams.TeamService>();
        services.AddScoped<Appointments.AppointmentService>();
        services.AddScoped<Absences.AbsenceService>();
        services.AddScoped<Access.ObjectRightService>();
        services.AddScoped<Import.CloudImporter>();
        services.AddScoped<Import.CloudExporter>();
        services.AddSettings<Documents.DocumentOptions>(configuration, Documents.DocumentOptions.Section);
        services.AddScoped<Documents.DocumentService>();
        if ((configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).IsPostgres)
        {
            services.AddScoped<Documents.IDocumentStore, Documents.DatabaseDocumentStore>();
        }
        else
        {
            services.AddSingleton(Documents.DocumentDirectory.From(configuration));
            services.AddScoped<Documents.IDocumentStore, Documents.FileDocumentStore>();
        }
        return services;
    }
}
