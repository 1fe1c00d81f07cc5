using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.GeneratedClient;

/// <summary>
/// The committed typed client matches what the server publishes: the snapshot is the live document, and the client is
/// what NSwag makes of the snapshot. With <c>PLANWERK_GENERATE_CLIENT=1</c> (<c>scripts/generate-client.sh</c>) both
/// tests write the files instead.
/// </summary>
public sealed class GeneratedClientDocumentTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string Regenerate = "run scripts/generate-client.sh (and commit the snapshot and the client it writes)";

    private async Task<string> LiveDocumentAsync()
    {
        using var client = app.CreateClient();
        return ClientGeneration.Normalize(await client.GetStringAsync("/api/core/openapi.json", TestContext.Current.CancellationToken));
    }

    /// <summary>Writes the snapshot from the live document and the client from the snapshot (the script's mode).</summary>
    private async Task UpdateAsync()
    {
        var live = await LiveDocumentAsync();
        await File.WriteAllTextAsync(ClientGeneration.SnapshotPath, live, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(ClientGeneration.ClientPath, await ClientGeneration.GenerateAsync(live), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task TheSnapshot_IsTheDocumentTheServerPublishes()
    {
        if (ClientGeneration.Updating)
        {
            await UpdateAsync();
        }

        var live = await LiveDocumentAsync();
        Assert.True(File.Exists(ClientGeneration.SnapshotPath), $"no snapshot at {ClientGeneration.SnapshotPath}: {Regenerate}");
        var snapshot = (await File.ReadAllTextAsync(ClientGeneration.SnapshotPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");

        Assert.True(live == snapshot, $"/api/core/openapi.json differs from {ClientGeneration.SnapshotFileName} ({FirstDifference(snapshot, live)}): {Regenerate}");
    }

    [Fact]
    public async Task TheCommittedClient_IsWhatNSwagMakesOfTheSnapshot()
    {
        if (ClientGeneration.Updating)
        {
            await UpdateAsync();
        }

        var snapshot = await File.ReadAllTextAsync(ClientGeneration.SnapshotPath, TestContext.Current.CancellationToken);
        var generated = await ClientGeneration.GenerateAsync(snapshot);
        var committed = (await File.ReadAllTextAsync(ClientGeneration.ClientPath, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");

        Assert.True(generated == committed, $"{ClientGeneration.ClientFileName} is not what NSwag makes of {ClientGeneration.SnapshotFileName} ({FirstDifference(committed, generated)}): {Regenerate}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "(end)";
            var a = i < actualLines.Length ? actualLines[i] : "(end)";
            if (e != a)
            {
                return $"first at line {i + 1}: committed `{e.Trim()}`, now `{a.Trim()}`";
            }
        }

        return "no line differs";
    }
}
