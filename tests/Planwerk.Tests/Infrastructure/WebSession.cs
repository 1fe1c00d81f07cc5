using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Accounts;
using Planwerk.Employees;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// A browser-like session of the web UI: signed in through <c>/login</c> with a real form post, cookies
/// kept, redirects not followed (so tests see them), and every form posted with the antiforgery token
/// read from the page that shows the form.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    public const string Password = "correct horse battery";

    private WebSession(HttpClient client) => Client = client;

    public HttpClient Client { get; }

    /// <summary>Signs in the owner of <paramref name="cloud"/>.</summary>
    public static Task<WebSession> SignInAsync(PlanwerkApp app, TestCloud cloud) => SignInAsync(app, cloud.OwnerEmail, Password);

    /// <summary>A new user of <paramref name="cloud"/> in <paramref name="group"/>, given a password, signed in.</summary>
    public static async Task<(WebSession Session, Employee User)> SignInAsNewUserAsync(PlanwerkApp app, TestCloud cloud, SecurityGroup group)
    {
        var user = await app.CreateUserAsync(cloud, group);
        await using var scope = app.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await accounts.FindByIdAsync(user.AccountId.ToString()) ?? throw new InvalidOperationException("The user has no account.");
        // Users added by an admin have no password until they follow their invitation link.
        var set = await accounts.AddPasswordAsync(account, Password);
        Assert.True(set.Succeeded, string.Join("; ", set.Errors.Select(e => e.Description)));
        return (await SignInAsync(app, account.Email!, Password), user);
    }

    public static async Task<WebSession> SignInAsync(PlanwerkApp app, string email, string password, string? clientAddress = null)
    {
        var session = Anonymous(app, clientAddress);
        var response = await session.PostFormAsync("/login", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        await response.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("/projects", response.Headers.Location?.OriginalString);
        return session;
    }

    /// <summary>
    /// A session not signed in yet; with <paramref name="clientAddress"/> every request says it comes from there
    /// (<c>X-Forwarded-For</c>, honoured from the loopback proxy the test server stands for), else from 127.0.0.1.
    /// </summary>
    public static WebSession Anonymous(PlanwerkApp app, string? clientAddress = null, string? language = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        if (clientAddress is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        }

        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        return new WebSession(client);
    }

    /// <summary>GETs a page and asserts its status; returns the HTML.</summary>
    public async Task<string> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
        return await response.AssertStatusAsync(expected);
    }

    /// <summary>
    /// Posts a form the way a browser does: first GETs <paramref name="formPage"/> (default: <paramref name="url"/>
    /// without its handler) for the antiforgery token, then posts the fields with it.
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, Dictionary<string, string?> fields, string? formPage = null)
    {
        var page = await GetPageAsync(formPage ?? url.Split('?')[0]);
        var token = AntiforgeryToken(page) ?? throw new InvalidOperationException($"{formPage ?? url} has no antiforgery token.");
        return await PostWithoutTokenAsync(url, new Dictionary<string, string?>(fields) { ["__RequestVerificationToken"] = token });
    }

    /// <summary>Posts the fields as they are (a forged request without the token, say).</summary>
    public async Task<HttpResponseMessage> PostWithoutTokenAsync(string url, Dictionary<string, string?> fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value ?? string.Empty)));
        return await Client.PostAsync(url, content, TestContext.Current.CancellationToken);
    }

    public static string? AntiforgeryToken(string html) => TokenInput().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public void Dispose() => Client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();
}
