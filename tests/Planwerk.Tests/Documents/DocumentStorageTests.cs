using System.Net;
using System.Net.Http.Headers;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Infrastructure.ApiSampleData;

namespace Planwerk.Tests.Documents;

/// <summary>Where documents' bytes live: they survive a restart (SQLite), and every instance serves every file (PostgreSQL).</summary>
public sealed class DocumentStorageTests(PostgresApp postgres) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnAcceptedUpload_SurvivesARestart_ByteForByte_AndWhatACrashLeftIsRemovedAtStart()
    {
        await using var database = await TestDatabase.CreateAsync(Provider.Sqlite);
        var bytes = new byte[300_000];
        new Random(7).NextBytes(bytes);
        Guid id;
        string token;
        Guid cloudId;
        var documents = Path.Combine(database.DataDirectory, "documents");
        await using (var first = new PlanwerkApp(Provider.Sqlite, database))
        {
            await first.InitializeAsync();
            var cloud = await first.CreateCloudAsync(Plan.Basic);
            cloudId = cloud.Id;
            token = await first.CreateTokenAsync(cloud, cloud.OwnerId);
            var client = first.ApiClient(token);
            var task = await TaskAsync(client);
            id = (await (await UploadAsync(client, $"tasks/{task}/documents", "kept.bin", bytes, Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        }

        // What a crash mid-upload leaves: a temporary file, and a file renamed into place whose row never committed.
        var orphan = Path.Combine(documents, cloudId.ToString("N"), Guid.CreateVersion7().ToString("N"));
        await File.WriteAllBytesAsync(orphan, new byte[10], Ct);
        var part = Path.Combine(documents, ".uploads", $"{Guid.CreateVersion7():N}.part");
        Directory.CreateDirectory(Path.GetDirectoryName(part)!);
        await File.WriteAllBytesAsync(part, new byte[10], Ct);

        await using var second = new PlanwerkApp(Provider.Sqlite, database);
        await second.InitializeAsync();
        var again = second.ApiClient(token);
        Assert.Equal(bytes, await (await again.GetAsync($"documents/{id}/content", Ct)).Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(bytes.Length, (await (await again.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.False(File.Exists(orphan));
        Assert.False(File.Exists(part));
        Assert.True(File.Exists(Path.Combine(documents, cloudId.ToString("N"), id.ToString("N"))));
    }

    [Fact]
    public async Task TwoInstancesOnOnePostgresDatabase_ServeEachOthersFiles_WholeAndByRange()
    {
        postgres.SkipIfUnavailable();
        await using var database = await TestDatabase.CreateAsync(Provider.Postgres);
        await using var one = new PlanwerkApp(Provider.Postgres, database);
        await one.InitializeAsync();
        await using var two = new PlanwerkApp(Provider.Postgres, database);
        await two.InitializeAsync();
        var cloud = await one.CreateCloudAsync(Plan.Basic);
        var token = await one.CreateTokenAsync(cloud, cloud.OwnerId);
        var first = one.ApiClient(token);
        var second = two.ApiClient(token);
        var task = await TaskAsync(first);
        var bytes = new byte[2_500_000]; // three chunks of the database store
        new Random(11).NextBytes(bytes);

        var id = (await (await UploadAsync(first, $"tasks/{task}/documents", "big.bin", bytes, Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        Assert.Equal(bytes, await (await second.GetAsync($"documents/{id}/content", Ct)).Content.ReadAsByteArrayAsync(Ct));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"documents/{id}/content");
        request.Headers.Range = new RangeHeaderValue(1_048_000, 2_100_000); // across two chunk boundaries
        using var partial = await second.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[1_048_000..2_100_001], await partial.Content.ReadAsByteArrayAsync(Ct));

        var back = (await (await UploadAsync(second, $"tasks/{task}/documents", "small.txt", "from two"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        Assert.Equal("from two", await (await first.GetAsync($"documents/{back}/content", Ct)).Content.ReadAsStringAsync(Ct));
        await (await second.DeleteAsync($"tasks/{task}/documents/{id}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        await (await first.GetAsync($"documents/{id}/content", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(8, (await (await first.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
    }

    private static async Task<Guid> TaskAsync(HttpClient client)
    {
        var project = (await (await client.PostJsonAsync("projects", new { title = "Docs" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        return (await (await client.PostJsonAsync("tasks", new { title = "With files", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
    }
}
