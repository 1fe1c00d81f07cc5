using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Infrastructure.Web;

/// <summary>Browser-facing security settings (<c>Planwerk:Security</c>).</summary>
public sealed class SecurityHeadersOptions
{
    public const string Section = "Planwerk:Security";

    /// <summary><c>Strict-Transport-Security</c> max-age on responses to https requests; 0 sends none. Default one year.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int HstsMaxAgeSeconds { get; set; } = 365 * 24 * 60 * 60;
}

/// <summary>
/// The headers every response carries — pages, the Core API, health checks, assets, errors alike: a
/// Content-Security-Policy that runs only the UI's own script and stylesheet (no inline script or style; the pages
/// have none, which a test checks), <c>frame-ancestors 'none'</c>, <c>nosniff</c>, <c>Referrer-Policy: no-referrer</c>,
/// and HSTS when the request came over TLS (directly, or as https forwarded by a loopback proxy).
/// </summary>
/// <remarks>
/// The headers are set as the response starts, so the exception handler and the status-code pages (which clear
/// headers set earlier) cannot drop them. One route has a policy of its own: the Scalar API reference
/// (<c>/api/core/docs/</c>) is a page of a third-party bundle that starts itself with an inline module script and
/// styles itself with inline styles. Its script is allowed by its SHA-256 hash, computed from the page as it is
/// served (so nothing else inline runs), its styles with <c>'unsafe-inline'</c>; the page is anonymous and static
/// (the OpenAPI document), holds no user data and posts no forms, so inline styles there cannot be turned against a
/// session. Everything else keeps the strict policy.
/// </remarks>
public sealed partial class SecurityHeadersMiddleware(RequestDelegate next, IOptions<SecurityHeadersOptions> options)
{
    /// <summary>The policy of every response but the API reference page.</summary>
    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    private const string ContentSecurityPolicy = "Content-Security-Policy";

    private readonly string? hsts = options.Value.HstsMaxAgeSeconds > 0
        ? string.Create(CultureInfo.InvariantCulture, $"max-age={options.Value.HstsMaxAgeSeconds}")
        : null;

    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var (http, middleware) = ((HttpContext, SecurityHeadersMiddleware))state;
            var headers = http.Response.Headers;
            headers.TryAdd(ContentSecurityPolicy, Policy);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.IsHttps && middleware.hsts is { } value)
            {
                headers.StrictTransportSecurity = value;
            }

            return Task.CompletedTask;
        }, (context, this));

        if (IsApiReferencePage(context.Request))
        {
            await ServeApiReferencePageAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>
    /// The reference's own HTML page, at its one address only: the page embeds the request's path in its inline start
    /// script (escaped), and a policy that allows the page's scripts by hash must not be offered for paths a visitor
    /// chooses. Other paths below it (its script and style files, unknown documents) keep the strict policy.
    /// </summary>
    private static bool IsApiReferencePage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && (request.Path.Equals(CoreApiOpenApi.ReferencePath, StringComparison.OrdinalIgnoreCase)
            || request.Path.Equals(CoreApiOpenApi.ReferencePath + "/", StringComparison.OrdinalIgnoreCase));

    private async Task ServeApiReferencePageAsync(HttpContext context)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            context.Response.Headers[ContentSecurityPolicy] = ApiReferencePolicy(html);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>The reference page's policy: its own inline scripts by hash, inline styles, and nothing from elsewhere.</summary>
    internal static string ApiReferencePolicy(string html)
    {
        var hashes = InlineScript().Matches(html)
            .Where(m => !m.Groups["attributes"].Value.Contains("src=", StringComparison.OrdinalIgnoreCase))
            .Select(m => $" 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups["body"].Value)))}'")
            .Distinct();
        return $"default-src 'none'; script-src 'self'{string.Concat(hashes)}; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
            + "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; form-action 'none'; frame-ancestors 'none'; "
            + "base-uri 'none'; object-src 'none'";
    }

    [GeneratedRegex("<script(?<attributes>[^>]*)>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}

public static class SecurityHeaders
{
    /// <summary>
    /// Every cookie (session, antiforgery, language, TempData) is <c>Secure</c> when the request came over TLS — which,
    /// behind a loopback proxy, the forwarded headers decide — and the API reference loads no fonts from elsewhere.
    /// </summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SecurityHeadersOptions>(configuration, SecurityHeadersOptions.Section);
        services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.SameAsRequest);
        services.Configure<ScalarOptions>(o => o.DefaultFonts = false);
        // An error-free validation summary would render a placeholder <li style="display:none"> (an inline style the
        // policy refuses); the summary is generated as without client validation, while the field messages keep their
        // data-valmsg-for (which names the field they belong to).
        services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewFeatures.IHtmlGenerator, NoPlaceholderSummaryHtmlGenerator>();
        return services;
    }

    /// <summary>The headers and the cookie policy; right after the forwarded headers, before anything can answer or set a cookie.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<SecurityHeadersMiddleware>().UseCookiePolicy();
}
