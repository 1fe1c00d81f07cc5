using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Planwerk.Tests.Infrastructure;

/// <summary>The webhook receivers under <c>samples/webhooks/</c> that docs/webhooks.md shows.</summary>
public enum SampleReceiver
{
    CSharp,
    JavaScript,
    Python,
}

/// <summary>A delivery that a sample receiver verified and wrote down (one JSON line of its <c>RECEIVED_LOG</c>).</summary>
public sealed record VerifiedDelivery(string Id, string Action);

/// <summary>
/// One of the sample receivers as a real process on 127.0.0.1 (the C# one with <c>dotnet</c>, the others with <c>node</c> and
/// <c>python3</c>), configured the documented way (<c>PORT</c>, <c>PLANWERK_WEBHOOK_SECRET</c>, <c>RECEIVED_LOG</c>). The test
/// skips, saying why, when the runtime or the sample's packages are missing here (.ci/run installs them). Stopped by its own pid.
/// </summary>
public sealed class SampleReceiverProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string log;

    private SampleReceiverProcess(Process process, int port, string log)
    {
        this.process = process;
        this.log = log;
        Port = port;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    /// <summary>The receiver's route.</summary>
    public string Url => $"http://127.0.0.1:{Port}/planwerk/hooks";

    /// <summary>What the process printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>The deliveries the receiver verified, in the order it wrote them down.</summary>
    public IReadOnlyList<VerifiedDelivery> Verified =>
        File.Exists(log)
            ? File.ReadAllLines(log).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<VerifiedDelivery>(l, JsonSerializerOptions.Web)!).ToList()
            : [];

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Planwerk.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Planwerk.slnx) was not found.");
    }

    /// <summary>The sample's source folder.</summary>
    public static string Folder(SampleReceiver sample) =>
        Path.Combine(RepositoryRoot(), "samples", "webhooks", sample.ToString().ToLowerInvariant());

    /// <summary>Starts <paramref name="sample"/> on <paramref name="port"/> with <paramref name="secret"/> and waits until it listens.</summary>
    public static async Task<SampleReceiverProcess> StartAsync(SampleReceiver sample, int port, string secret, string workDirectory)
    {
        var start = Command(sample);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var log = Path.Combine(workDirectory, $"{sample}-{port}.jsonl");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["PLANWERK_WEBHOOK_SECRET"] = secret;
        start.Environment["RECEIVED_LOG"] = log;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var receiver = new SampleReceiverProcess(Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start"), port, log);
        try
        {
            await receiver.WaitUntilListeningAsync();
        }
        catch
        {
            await receiver.DisposeAsync();
            throw;
        }

        return receiver;
    }

    private static ProcessStartInfo Command(SampleReceiver sample)
    {
        var folder = Folder(sample);
        switch (sample)
        {
            case SampleReceiver.CSharp:
                var dll = typeof(SampleReceiverProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                    .Single(a => a.Key == "SampleWebhookReceiverCSharp").Value!;
                Assert.True(File.Exists(dll), $"The C# sample receiver was not built at {dll} (the test project's ProjectReference builds it).");
                return new ProcessStartInfo("dotnet") { ArgumentList = { dll }, WorkingDirectory = folder };
            case SampleReceiver.JavaScript:
                Assert.SkipUnless(Runs("node", "--version"), "node is not installed (apt-get install nodejs npm; .ci/run does).");
                Assert.SkipUnless(Directory.Exists(Path.Combine(folder, "node_modules", "express")) && Directory.Exists(Path.Combine(folder, "node_modules", "standardwebhooks")),
                    "The JavaScript sample's npm packages are missing: run `npm ci` in samples/webhooks/javascript (.ci/run does).");
                return new ProcessStartInfo("node") { ArgumentList = { "server.js" }, WorkingDirectory = folder };
            case SampleReceiver.Python:
                // Debian's python3-flask serves /usr/bin/python3; another python3 first on the PATH may have Flask too.
                var python = new[] { "python3", "/usr/bin/python3" }.FirstOrDefault(p => Runs(p, "-c", "import flask"));
                Assert.SkipWhen(python is null, "No python3 with Flask here (apt-get install python3-flask; .ci/run does).");
                return new ProcessStartInfo(python!) { ArgumentList = { "receiver.py" }, WorkingDirectory = folder };
            default:
                throw new ArgumentOutOfRangeException(nameof(sample));
        }
    }

    /// <summary>Whether <paramref name="file"/> runs here and exits 0.</summary>
    private static bool Runs(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000))
            {
                process.Kill();
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The sample receiver exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"The sample receiver did not listen on port {Port}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        process.Dispose();
    }
}
