using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SecurityHeadersMiddleware = Planwerk.Infrastructure.Web.SecurityHeadersMiddleware;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// The security headers on every response — every route of the app (from its own endpoint list), anonymous and with a
/// token, and the answers that are not a route's (404, 405, 401, problem responses) — HSTS and Secure cookies only
/// behind TLS (direct, or forwarded by a loopback proxy), and no page template with inline script, handlers or styles.
/// </summary>
public abstract partial class SecurityHeadersTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task EveryRouteOfTheApp_AnswersWithTheSecurityHeaders_AnonymousAndWithAToken()
    {
        var cloud = await App.CreateCloudAsync();
        using var anonymous = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var withToken = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        withToken.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var routes = Routes(App.Services);
        Assert.True(routes.Count > 60, $"only {routes.Count} routes found");
        var statuses = new HashSet<int>();

        foreach (var (method, url) in routes.Append(("GET", "/no/such/page")).Append(("DELETE", "/assets/app.css")).Append(("GET", "/api/core/no-such-route")))
        {
            foreach (var client in new[] { anonymous, withToken })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                statuses.Add((int)response.StatusCode);
                AssertSecurityHeaders(response, https: false, $"{method} {url}");
            }
        }

        // The matrix really went through refusals and errors, not only through 200s.
        Assert.Superset(new HashSet<int> { 200, 302, 400, 401, 404, 405 }, statuses);
    }

    [Fact]
    public async Task OverHttps_EveryAnswerCarriesHsts_AndOverPlainHttpNone()
    {
        using var https = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var http = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in new[] { "/login", "/projects", "/api/core/projects", "/healthz", "/assets/app.js", "/no/such/page", CoreApiDocs })
        {
            using var secure = await https.GetAsync(url, Ct);
            AssertSecurityHeaders(secure, https: true, url);
            using var plain = await http.GetAsync(url, Ct);
            AssertSecurityHeaders(plain, https: false, url);
        }
    }

    [Fact]
    public async Task OverHttps_EveryCookie_IsSecure_AndOverPlainHttpItCannotBe()
    {
        var cloud = await App.CreateCloudAsync();
        var secure = await SignInAndChooseLanguageAsync(new Uri("https://localhost"), cloud.OwnerEmail);
        Assert.Superset(new HashSet<string> { "planwerk.csrf", "planwerk.session", ".AspNetCore.Culture" }, secure.Keys.ToHashSet());
        Assert.All(secure, cookie => Assert.Contains("; secure", cookie.Value, StringComparison.OrdinalIgnoreCase));

        var plain = await SignInAndChooseLanguageAsync(new Uri("http://localhost"), cloud.OwnerEmail);
        Assert.Superset(new HashSet<string> { "planwerk.csrf", "planwerk.session", ".AspNetCore.Culture" }, plain.Keys.ToHashSet());
        Assert.All(plain, cookie => Assert.DoesNotContain("; secure", cookie.Value, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task HttpsForwardedByALoopbackProxy_GetsHstsAndSecureCookies_ButFromAnyOtherAddressTheHeaderIsIgnored()
    {
        var remote = IPAddress.Loopback;
        await using var proxied = App.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddSingleton<IStartupFilter>(new RemoteAddressFilter(() => remote))));
        using var client = proxied.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        using var forwarded = await SendForwardedAsync(client);
        AssertSecurityHeaders(forwarded, https: true, "/login via a loopback proxy");
        Assert.All(forwarded.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));

        remote = IPAddress.Parse("203.0.113.9");
        using var spoofed = await SendForwardedAsync(client);
        AssertSecurityHeaders(spoofed, https: false, "/login from 203.0.113.9 claiming https");
        Assert.All(spoofed.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));

        static Task<HttpResponseMessage> SendForwardedAsync(HttpClient client)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/login");
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
            return client.SendAsync(request, Ct);
        }
    }

    [Fact]
    public async Task APathOfTheVisitorsChoosingBelowTheApiReference_GetsTheStrictPolicy_NotTheReferencesHashes()
    {
        // The reference embeds the request's path in its inline script; only its own address may allow that script.
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var chosen = await client.GetAsync(CoreApiDocs + "chosen-by-a-visitor", Ct);

        var policy = string.Join(',', chosen.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal("script-src 'self'", Directive(policy, "script-src"));
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheApiReferencePage_RunsOnlyItsOwnInlineScript_ByHash_AndEveryOtherPageNoInlineScriptAtAll()
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true });
        using var docs = await client.GetAsync(CoreApiDocs, Ct);
        var html = await docs.AssertStatusAsync(HttpStatusCode.OK);
        var policy = string.Join(',', docs.Headers.GetValues("Content-Security-Policy"));
        var inline = InlineScript().Matches(html).Where(m => !m.Groups[1].Value.Contains("src=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(inline);
        foreach (var script in inline)
        {
            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups[2].Value)));
            Assert.Contains($"'sha256-{hash}'", policy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("'unsafe-inline'", Directive(policy, "script-src"), StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal); // nothing from other origins (no font CDN)

        using var login = await client.GetAsync("/login", Ct);
        var loginPolicy = string.Join(',', login.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(SecurityHeadersMiddleware.Policy, loginPolicy);
        Assert.Equal("script-src 'self'", Directive(loginPolicy, "script-src"));
        Assert.Equal("style-src 'self'", Directive(loginPolicy, "style-src"));
    }

    [Fact]
    public async Task TheRenderedMainPages_HaveNoInlineScript_Handlers_OrStyles()
    {
        var cloud = await App.CreateCloudAsync();
        using var api = App.ApiClient(await App.CreateTokenAsync(cloud, cloud.OwnerId));
        var project = (await (await api.PostJsonAsync("projects", new { title = "Rendered" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var task = (await (await api.PostJsonAsync("tasks", new { title = "Rendered", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var webhook = (await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "TaskCreated" } }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();
        using var session = await WebSession.SignInAsync(App, cloud);
        var findings = new List<string>();
        foreach (var url in new[]
        {
            "/projects", "/projects/new", $"/projects/{project}", $"/projects/{project}/edit", $"/tasks/{task}", $"/tasks/{task}/edit",
            "/work-records", "/settings/integrations", "/settings/integrations/api", "/settings/integrations/webhooks",
            "/settings/integrations/webhooks/new", $"/settings/integrations/webhooks/{webhook}", $"/settings/integrations/webhooks/{webhook}/edit",
            "/settings/users", "/settings/audit", "/settings/plan", "/account/password",
        })
        {
            var html = await session.GetPageAsync(url);
            findings.AddRange(Forbidden.SelectMany(f => f.Pattern.Matches(html).Select(m => $"{url}: {f.What}: {m.Value}")));
        }

        Assert.True(findings.Count == 0, string.Join('\n', findings));
    }

    [Fact]
    public void NoPageTemplate_HasInlineScript_EventHandlerAttributes_StyleAttributes_OrJavascriptUrls()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "Planwerk");
        var templates = Directory.GetFiles(source, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(templates.Count >= 30, $"only {templates.Count} templates under {source}");
        var findings = new List<string>();
        foreach (var file in templates)
        {
            var text = File.ReadAllText(file);
            foreach (var (what, pattern) in Forbidden)
            {
                foreach (Match match in pattern.Matches(text))
                {
                    findings.Add($"{Path.GetRelativePath(source, file)}: {what}: {match.Value}");
                }
            }
        }

        Assert.True(findings.Count == 0, string.Join('\n', findings));
        // The patterns find what they are for.
        Assert.All(["<script>alert(1)</script>", "<a onclick=\"x()\">", "<p style=\"color:red\">", "<style>p{}</style>", "<a href=\"javascript:x()\">"],
            bad => Assert.Contains(Forbidden, f => f.Pattern.IsMatch(bad)));
        Assert.DoesNotContain(Forbidden, f => f.Pattern.IsMatch("<script src=\"/assets/app.js\" defer></script><p class=\"online\" data-on=\"x\">"));
    }

    private static readonly (string What, Regex Pattern)[] Forbidden =
    [
        ("inline script", new Regex("<script(?![^>]*\\bsrc\\s*=)[^>]*>", RegexOptions.IgnoreCase)),
        ("event handler attribute", new Regex("<[a-z][^>]*\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)),
        ("style attribute", new Regex("<[a-z][^>]*\\sstyle\\s*=", RegexOptions.IgnoreCase)),
        ("style element", new Regex("<style\\b", RegexOptions.IgnoreCase)),
        ("javascript: URL", new Regex("javascript:", RegexOptions.IgnoreCase)),
    ];

    private const string CoreApiDocs = "/api/core/docs/";

    private static void AssertSecurityHeaders(HttpResponseMessage response, bool https, string what)
    {
        string? Header(string name) =>
            response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(',', values) : null;

        var status = $"{what} ({(int)response.StatusCode})";
        var policy = Header("Content-Security-Policy");
        Assert.True(policy is not null, $"{status}: no Content-Security-Policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", Directive(policy, "script-src"), StringComparison.Ordinal);
        Assert.True(Header("X-Content-Type-Options") == "nosniff", $"{status}: X-Content-Type-Options is {Header("X-Content-Type-Options")}");
        Assert.True(Header("Referrer-Policy") == "no-referrer", $"{status}: Referrer-Policy is {Header("Referrer-Policy")}");
        Assert.True(Header("X-Frame-Options") == "DENY", $"{status}: X-Frame-Options is {Header("X-Frame-Options")}");
        var hsts = Header("Strict-Transport-Security");
        Assert.True(https ? hsts == "max-age=31536000" : hsts is null, $"{status}: Strict-Transport-Security is '{hsts}' over {(https ? "https" : "http")}");
    }

    private static string Directive(string policy, string name) =>
        policy.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal));

    /// <summary>Every method and route of the app, its parameters filled with values of the right shape.</summary>
    private static List<(string Method, string Url)> Routes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"])
                .Select(m => (m, Fill(e.RoutePattern.RawText ?? "/"))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal)
            .ToList();

    private static string Fill(string pattern) =>
        "/" + string.Join('/', pattern.Trim('/').Split('/').Select(segment => segment.StartsWith('{')
            ? segment.Trim('{', '}', '*', '?').Split(':')[0] switch
            {
                var n when n.Contains("date", StringComparison.OrdinalIgnoreCase) => "2026-11-01",
                "actionType" => "TaskCreated",
                "documentName" => "v1",
                _ => Guid.NewGuid().ToString(),
            }
            : segment));

    /// <summary>GET /login, sign in, choose German: every Set-Cookie on the way, by cookie name.</summary>
    private async Task<Dictionary<string, string>> SignInAndChooseLanguageAsync(Uri baseAddress, string email)
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = baseAddress, AllowAutoRedirect = false, HandleCookies = true });
        var cookies = new Dictionary<string, string>();
        void Collect(HttpResponseMessage response)
        {
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                cookies[cookie[..cookie.IndexOf('=', StringComparison.Ordinal)]] = cookie;
            }
        }

        async Task<HttpResponseMessage> PostAsync(string url, Dictionary<string, string> fields, string formPage)
        {
            using var page = await client.GetAsync(formPage, Ct);
            Collect(page);
            var token = WebSession.AntiforgeryToken(await page.Content.ReadAsStringAsync(Ct)) ?? throw new InvalidOperationException($"{formPage} has no form token");
            using var content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token });
            var response = await client.PostAsync(url, content, Ct);
            Collect(response);
            return response;
        }

        using var signedIn = await PostAsync("/login", new() { ["Input.Email"] = email, ["Input.Password"] = WebSession.Password }, "/login");
        await signedIn.AssertStatusAsync(HttpStatusCode.Redirect);
        using var language = await PostAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = "/projects" }, "/projects");
        await language.AssertStatusAsync(HttpStatusCode.Redirect);
        return cookies;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Planwerk.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Planwerk.slnx not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("<script([^>]*)>(.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>Sets the connection's remote address (TestServer has none), as a proxy on that address would arrive.</summary>
    private sealed class RemoteAddressFilter(Func<IPAddress> address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address();
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class SecurityHeadersTestsOnSqlite(SqliteApp app) : SecurityHeadersTests(app), IClassFixture<SqliteApp>;

public sealed class SecurityHeadersTestsOnPostgres(PostgresApp app) : SecurityHeadersTests(app), IClassFixture<PostgresApp>;
