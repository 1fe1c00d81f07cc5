using System.Diagnostics;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Tests.Infrastructure;

/// <summary>What one run of the <c>planwerk</c> binary did.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
}

/// <summary>Runs the real <c>planwerk</c> binary (as a separate process) against a test database.</summary>
public static class CliProcess
{
    public static Task<CliResult> RunAsync(TestDatabase database, params string[] args) => RunAsync(database, null, args);

    /// <summary>Runs the binary with extra environment variables (e.g. <c>LANG</c> for its language).</summary>
    public static async Task<CliResult> RunAsync(TestDatabase database, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Planwerk.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Planwerk__Database__Provider"] = database.Provider == Provider.Postgres ? "postgres" : "sqlite";
        start.Environment["ConnectionStrings__Planwerk"] = database.ConnectionString;
        start.Environment[DataServiceCollectionExtensions.DataDirectoryKey.Replace(":", "__", StringComparison.Ordinal)] = database.DataDirectory;
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, (await output).Trim(), (await error).Trim());
    }
}
