using Microsoft.Playwright;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.BrowserTests;

/// <summary>
/// A real Planwerk server (its own process, SQLite in a fresh folder, webhooks allowed to loopback
/// receivers) and Debian's Chromium driven by Playwright. Without Chromium the tests are skipped,
/// saying why. Screenshots go to <see cref="ScreenshotDirectory"/>.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    /// <summary>Where Debian puts Chromium; <c>PLANWERK_CHROMIUM</c> overrides it.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("PLANWERK_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "planwerk-browser-" + Guid.NewGuid().ToString("N")[..8]);
    private PlanwerkProcess? server;
    private IPlaywright? playwright;

    public static bool Available => File.Exists(ChromiumPath);

    public static string SkipReason => $"No Chromium at {ChromiumPath} (apt-get install chromium, or set PLANWERK_CHROMIUM); the browser tests are skipped.";

    public string BaseUrl => server?.BaseUrl ?? throw new InvalidOperationException("The server has not started.");

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("PLANWERK_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!Available)
        {
            return;
        }

        Directory.CreateDirectory(dataDirectory);
        Directory.CreateDirectory(ScreenshotDirectory);
        server = new PlanwerkProcess(PlanwerkProcess.FreePort(), new Dictionary<string, string>
        {
            ["Planwerk__DataDirectory"] = dataDirectory,
            ["ASPNETCORE_ENVIRONMENT"] = "Testing", // ?__fail answers a 500 (FailOnRequest), for the error page's test
            ["Planwerk__Demo__Enabled"] = "false",
            ["Planwerk__Webhooks__AllowPrivateNetworks"] = "true",
            ["Planwerk__RateLimit__PermitLimit"] = "10000",
        }, Path.Combine(dataDirectory, "server.log"));
        await server.StartAsync();

        playwright = await Playwright.CreateAsync();
        Assertions.SetDefaultExpectTimeout(30_000); // a loaded 2-core machine slows the pages; waits end on the state, not on a clock
        // Playwright starts Chromium with a fresh temporary --user-data-dir of its own.
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A page in a new, cookie-less browser context: one person, with the given browser language and time zone.</summary>
    public async Task<IPage> NewPersonAsync(string locale = "en-US", string timezone = "UTC")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, TimezoneId = timezone, ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, BaseURL = BaseUrl,
        });
        context.SetDefaultTimeout(60_000); // generous: a loaded 2-core machine slows the pages, it must not fail the test
        var page = await context.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // confirm() prompts: the person says yes
        return page;
    }

    /// <summary>A Core API client that sends <paramref name="token"/> the factro way (raw, no scheme).</summary>
    public HttpClient ApiClient(string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/api/core/") };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        return client;
    }

    /// <summary>
    /// Reloads <paramref name="page"/> until <paramref name="locator"/> contains <paramref name="text"/>: for state that
    /// changes on the server after the page was rendered (a delivery's outcome). A loaded machine makes it slower, never
    /// makes it fail, up to a generous ceiling.
    /// </summary>
    public static async Task ReloadUntilAsync(IPage page, ILocator locator, string text, TimeSpan? ceiling = null)
    {
        var deadline = DateTime.UtcNow + (ceiling ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            if (await locator.CountAsync() > 0 && (await locator.First.TextContentAsync())?.Contains(text, StringComparison.Ordinal) == true)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear on {page.Url} within {ceiling ?? TimeSpan.FromSeconds(90)}.");
            }

            await Task.Delay(250);
            await page.ReloadAsync();
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        TryDelete(dataDirectory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // a file still held by a process that is going away; the temp folder is cleaned by the OS
        }
    }
}
