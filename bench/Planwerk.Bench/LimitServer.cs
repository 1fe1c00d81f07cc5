using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Planwerk.Bench;

/// <summary>
/// The machine's limit for a route: bare Kestrel answering every request with bytes captured from Planwerk
/// beforehand (same status, same headers but Date/Server, which Kestrel writes itself, same body, same framing).
/// No routing, no auth, no database: what is left is the cost of HTTP on this machine.
/// </summary>
internal static class LimitServer
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var captures = args["captures"];
        var get = Capture.Load(captures, "get");
        var byProject = Capture.Load(captures, "by-project");
        var create = Capture.Load(captures, "create");
        var stream = File.Exists(Path.Combine(captures, "stream.head")) ? Capture.Load(captures, "stream") : null;

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(args["urls"]);
        var app = builder.Build();
        app.Run(http =>
        {
            var path = http.Request.Path.Value ?? string.Empty;
            var capture = HttpMethods.IsPost(http.Request.Method) ? create
                : path.StartsWith("/api/core/tasks/by-project/", StringComparison.Ordinal) ? byProject
                : path.StartsWith("/api/core/tasks/", StringComparison.Ordinal) ? get
                : stream ?? get;
            return capture.WriteAsync(http);
        });
        await app.RunAsync();
        return 0;
    }

    private sealed class Capture(int status, List<KeyValuePair<string, string>> headers, bool chunked, byte[] body)
    {
        private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "Date", "Server", "Content-Length", "Transfer-Encoding" };

        public static Capture Load(string dir, string name)
        {
            var lines = File.ReadAllLines(Path.Combine(dir, name + ".head")).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
            // curl -D writes every response it saw; the last status line starts the one that counts.
            var start = lines.FindLastIndex(l => l.StartsWith("HTTP/", StringComparison.Ordinal));
            var status = int.Parse(lines[start].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = lines.Skip(start + 1).Select(l => l.Split(':', 2)).Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
            var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase));
            return new Capture(status, headers.Where(h => !Skipped.Contains(h.Key)).ToList(), chunked, File.ReadAllBytes(Path.Combine(dir, name + ".body")));
        }

        public Task WriteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            foreach (var (key, value) in headers)
            {
                http.Response.Headers[key] = new StringValues(value);
            }

            if (!chunked)
            {
                http.Response.ContentLength = body.Length;
            }

            return http.Response.Body.WriteAsync(body).AsTask();
        }
    }
}
