using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using Planwerk.Accounts;

namespace Planwerk.Infrastructure.Web;

/// <summary>The server-rendered web UI (Razor Pages in each capability's folder), its sign-in and its languages.</summary>
public static class WebUi
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("de")];

    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/";
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/Accounts/Login");
            options.Conventions.AllowAnonymousToPage("/Accounts/Signup");
            options.Conventions.AllowAnonymousToPage("/Accounts/ForgotPassword");
            options.Conventions.AllowAnonymousToPage("/Accounts/ResetPassword");
            options.Conventions.AllowAnonymousToPage("/Accounts/Language");
            options.Conventions.AllowAnonymousToPage("/Infrastructure/Web/Error");
            options.Conventions.AddPageRoute("/Webhooks/WebhookEdit", "/settings/integrations/webhooks/new");
        }).AddMvcOptions(o =>
            {
                o.Filters.Add<StorageUnavailablePageFilter>();
                o.Filters.Add<FormHandlerPageFilter>();
            })
            .AddViewLocalization()
            // A form field's label ([Display(Name = "Field.PlannedEnd")]) and its messages come from the texts of the page it is on.
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (type, factory) =>
                FormFields.IsProjectsType(type) ? new FirstFoundLocalizer([factory.Create(typeof(Projects.ProjectsText)), factory.Create(typeof(Text))]) : factory.Create(typeof(Text)));
        // Values that cannot be read (a date that is none, a choice that does not exist) are said in the page's language too, naming the label.
        services.AddOptions<Microsoft.AspNetCore.Mvc.MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
        {
            var t = factory.Create(typeof(Text));
            var messages = o.ModelBindingMessageProvider;
            messages.SetAttemptedValueIsInvalidAccessor((_, field) => t["FormError.invalid", field]);
            messages.SetUnknownValueIsInvalidAccessor(field => t["FormError.invalid", field]);
            messages.SetValueMustBeANumberAccessor(field => t["FormError.not_a_number", field]);
            messages.SetMissingBindRequiredValueAccessor(field => t["FormError.required", field]);
            messages.SetValueMustNotBeNullAccessor(field => t["FormError.required", field]);
            messages.SetValueIsInvalidAccessor(_ => t["FormError.invalid", t["FormError.AnEntry"]]);
            messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => t["FormError.invalid", t["FormError.AnEntry"]]);
            messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => t["FormError.invalid", t["FormError.AnEntry"]]);
            messages.SetNonPropertyValueMustBeANumberAccessor(() => t["FormError.not_a_number", t["FormError.AnEntry"]]);
            messages.SetMissingKeyOrValueAccessor(() => t["FormError.required", t["FormError.AnEntry"]]);
            messages.SetMissingRequestBodyRequiredValueAccessor(() => t["FormError.required", t["FormError.AnEntry"]]);
        });
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture("en");
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/login";
            cookie.LogoutPath = "/logout";
            cookie.AccessDeniedPath = "/login";
            cookie.Cookie.Name = "planwerk.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromDays(7);
        });
        // Sign-in (no lockout: SignInService throttles instead) and the invitation links (a password-set token bound to the account's security stamp).
        new IdentityBuilder(typeof(Account), services).AddSignInManager().AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(7));
        // A password change (a new security stamp) ends the account's other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<SignInService>();
        services.AddSingleton<Mail.MailOutbox>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.MailOutbox>());
        services.AddScoped<WebCaller>();
        services.AddAntiforgery(o => o.Cookie.Name = "planwerk.csrf");
        return services;
    }

    public static WebApplication MapWebUi(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapGet("/assets/app.css", () => Results.Text(Assets.Css, "text/css; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/assets/app.js", () => Results.Text(Assets.Script, "text/javascript; charset=utf-8")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/favicon.ico", () => Results.Bytes(Assets.Favicon, "image/x-icon")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
