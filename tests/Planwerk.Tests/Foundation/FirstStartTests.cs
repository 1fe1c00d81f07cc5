using System.Diagnostics;
using System.Net;
using System.Text;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// The README's run command, as a newcomer types it: the data goes to <c>./data</c> of the directory it is typed in,
/// the first start says where that is and how to get back in, and a start logs no warning a user cannot act on.
/// </summary>
public sealed class FirstStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheReadmeRunCommand_PutsTheDataInDotDataOfTheCurrentDirectory_SaysWhere_AndLogsNoWarning()
    {
        var repository = RepositoryRoot();
        var command = ReadmeRunCommand(repository);
        Assert.Equal("dotnet run --project src/Planwerk", command);
        var projectData = Path.Combine(repository, "src", "Planwerk", "data");
        var projectDataExisted = Directory.Exists(projectData);
        var here = Directory.CreateTempSubdirectory("planwerk-first-start-").FullName;
        var port = PlanwerkProcess.FreePort();

        // The README's command with the project made absolute (so it can run from a fresh directory) and the suite's build reused.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = here, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "run", "--project", Path.Combine(repository, "src", "Planwerk"), "--no-build", "--", "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        var output = new StringBuilder();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (!await IsHealthyAsync(http))
            {
                Assert.False(process.HasExited, $"the server exited with {(process.HasExited ? process.ExitCode : 0)}\n{output}");
                Assert.True(DateTime.UtcNow < deadline, $"no /healthz within 120 s\n{output}");
                await Task.Delay(200, Ct);
            }

            // A page with a form makes the first data-protection key (antiforgery), where the framework used to warn.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login", Ct)).StatusCode);
            var icon = await http.GetAsync("/favicon.ico", Ct);
            Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
            Assert.Equal("image/x-icon", icon.Content.Headers.ContentType?.MediaType);
            await Task.Delay(500, Ct); // the worker's first claims, where EF Core used to warn about an unordered Take
        }
        finally
        {
            process.Kill(entireProcessTree: true); // dotnet run and the server it started, nothing else
            await process.WaitForExitAsync(Ct);
        }

        var log = output.ToString();
        var database = Path.Combine(here, "data", "planwerk.db");
        Assert.True(File.Exists(database), $"no {database}\n{log}");
        Assert.Equal(projectDataExisted, Directory.Exists(projectData));
        Assert.Contains($"Data:      SQLite file {database}", log, StringComparison.Ordinal);
        Assert.Contains("planwerk user set-password --email owner@demo.local", log, StringComparison.Ordinal);
        var warnings = log.Split('\n').Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)
            || l.Contains(" crit: ", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.Count == 0, string.Join('\n', warnings));
        Directory.Delete(here, recursive: true);
    }

    private static async Task<bool> IsHealthyAsync(HttpClient http)
    {
        try
        {
            return (await http.GetAsync("/healthz", Ct)).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
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

        throw new InvalidOperationException("The repository root (Planwerk.slnx) was not found above the test binaries.");
    }

    /// <summary>The first line of the shell block under "Run the server" in the README.</summary>
    private static string ReadmeRunCommand(string repository)
    {
        var lines = File.ReadAllLines(Path.Combine(repository, "README.md"));
        var heading = Array.FindIndex(lines, l => l.StartsWith("**Run the server**", StringComparison.Ordinal));
        Assert.True(heading >= 0, "README.md has no **Run the server** paragraph");
        var fence = Array.FindIndex(lines, heading, l => l.StartsWith("```sh", StringComparison.Ordinal));
        return lines[fence + 1].Trim();
    }
}
