using System.Diagnostics;
using System.Net.Sockets;

namespace Planwerk.Tests.Infrastructure;

/// <summary>A real <c>planwerk serve</c> process on a loopback port, for multi-instance tests. Stopped by its own pid.</summary>
public sealed class PlanwerkProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly string logFile;
    private readonly string role;
    private Process? process;

    public PlanwerkProcess(int port, IReadOnlyDictionary<string, string> environment, string logFile, string role = "all")
    {
        Port = port;
        this.environment = new Dictionary<string, string>(environment);
        this.logFile = logFile;
        this.role = role;
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Planwerk.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.ArgumentList.Add("--role");
        start.ArgumentList.Add(role);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"planwerk exited with {process.ExitCode}; see {logFile}");
            }

            try
            {
                if ((await http.GetAsync($"{BaseUrl}/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"planwerk on {BaseUrl} did not become ready; see {logFile}");
    }

    /// <summary>SIGKILL: no shutdown, no flush, no goodbye — a crash.</summary>
    public void Kill()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: false);
            process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process?.Dispose();
        return ValueTask.CompletedTask;
    }
}
