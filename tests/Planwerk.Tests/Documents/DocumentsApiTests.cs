using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Infrastructure.ApiSampleData;

namespace Planwerk.Tests.Documents;

/// <summary>Documents through the Core API (docs/api.md "Documents"), with small limits: 100 kB a file, 250 kB a basic cloud.</summary>
public abstract class DocumentsApiTests(PlanwerkApp app) : ProviderTest(app)
{
    public const long MaxFileBytes = 100_000;
    public const long BasicQuotaBytes = 250_000;

    public static readonly IReadOnlyDictionary<string, string?> Limits = new Dictionary<string, string?>
    {
        ["Planwerk:Documents:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Planwerk:Documents:BasicQuotaBytes"] = BasicQuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Fact]
    public async Task ADocument_IsUploadedListedReadDownloadedAndDeleted_OnATask()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);

        using var response = await UploadAsync(client, $"tasks/{task}/documents", "Angebot März.pdf", Encoding.ASCII.GetBytes("%PDF-1.7\nhello"), Ct, title: "  The offer ");
        var created = await response.AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(["id", "title", "contentType", "size", "referenceId", "referenceType", "creatorId", "creationDate", "changeDate", "mandantId"],
            created.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"/api/core/documents/{created.Id()}", response.Headers.Location?.ToString());
        Assert.Equal("The offer", created.GetProperty("title").GetString());
        Assert.Equal("application/pdf", created.GetProperty("contentType").GetString());
        Assert.Equal(14, created.GetProperty("size").GetInt64());
        Assert.Equal(task, created.GetProperty("referenceId").GetGuid());
        Assert.Equal("task", created.GetProperty("referenceType").GetString());
        Assert.Equal(owner.Id, created.GetProperty("creatorId").GetGuid());
        Assert.Equal(cloud.Id, created.GetProperty("mandantId").GetGuid());

        Assert.Equal([created.Id()], (await (await client.GetAsync($"tasks/{task}/documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(d => d.Id()));
        Assert.Equal([created.Id()], (await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(d => d.Id()));
        Assert.Equal("The offer", (await (await client.GetAsync($"documents/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("title").GetString());

        using var content = await client.GetAsync($"documents/{created.Id()}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal("%PDF-1.7\nhello", await content.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/pdf", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", content.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("attachment; filename=\"Angebot M_rz.pdf\"; filename*=UTF-8''Angebot%20M%C3%A4rz.pdf", string.Join(",", content.Content.Headers.GetValues("Content-Disposition")));
        Assert.Equal("Angebot März.pdf", content.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("bytes", content.Headers.AcceptRanges.Single());

        var quota = await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(BasicQuotaBytes, quota.GetProperty("maxDiskSpace").GetInt64());
        Assert.Equal(14, quota.GetProperty("usedDiskSpace").GetInt64());

        var deleted = await (await client.DeleteAsync($"tasks/{task}/documents/{created.Id()}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(created.Id(), deleted.Id());
        await (await client.GetAsync($"documents/{created.Id()}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"documents/{created.Id()}/content", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(0, (await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.Empty(StoredFiles(cloud.Id));
    }

    [Fact]
    public async Task DocumentsOnProjectsAndPackages_GoWithTheirProject_AndFreeTheQuota()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var project = (await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var package = (await (await client.PostJsonAsync($"projects/{project}/packages", new { title = "A" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var task = (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = package })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        foreach (var url in new[] { $"projects/{project}/documents", $"projects/{project}/packages/{package}/documents", $"tasks/{task}/documents" })
        {
            await (await UploadAsync(client, url, "a.txt", "abc"u8.ToArray(), Ct)).AssertStatusAsync(HttpStatusCode.Created);
        }

        Assert.Equal(9, (await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.Equal("package", (await (await client.GetAsync($"projects/{project}/packages/{package}/documents", Ct)).AssertJsonAsync(HttpStatusCode.OK))[0]
            .GetProperty("referenceType").GetString());
        await (await client.DeleteAsync($"projects/{project}", Ct)).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(0, (await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.Empty((await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Empty(StoredFiles(cloud.Id));
    }

    [Fact]
    public async Task AFileOverTheLimit_Is413FileTooLarge_AndNothingIsKept()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);

        await (await UploadAsync(client, $"tasks/{task}/documents", "big.bin", new byte[MaxFileBytes + 1], Ct)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        // Announced larger than file and envelope: refused before a byte of it is read.
        using var announced = new HttpRequestMessage(HttpMethod.Post, $"tasks/{task}/documents") { Content = new ByteArrayContent(new byte[10]) };
        announced.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        announced.Content.Headers.ContentLength = MaxFileBytes * 10;
        await AssertRefusedAsync(client, announced);
        await (await UploadAsync(client, $"tasks/{task}/documents", "fits.bin", new byte[MaxFileBytes], Ct)).AssertStatusAsync(HttpStatusCode.Created);
        Assert.Equal(MaxFileBytes, (await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.Equal(App.Provider == Provider.Sqlite ? 1 : 0, StoredFiles(cloud.Id).Count);
        Assert.Empty(Uploads());
    }

    private static async Task AssertRefusedAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request, Ct);
            await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "file_too_large");
        }
        catch (HttpRequestException)
        {
            // The test server may refuse the rest of a body it was promised and never got; a closed request is a refusal too.
        }
    }

    [Fact]
    public async Task AnUploadOverTheQuota_Is403QuotaExceeded_AndTheQuotaIsUnchanged()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        for (var i = 0; i < 2; i++)
        {
            await (await UploadAsync(client, $"tasks/{task}/documents", $"{i}.bin", new byte[MaxFileBytes], Ct)).AssertStatusAsync(HttpStatusCode.Created);
        }

        var problem = await (await UploadAsync(client, $"tasks/{task}/documents", "third.bin", new byte[MaxFileBytes], Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "quota_exceeded");
        Assert.Contains("250000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var quota = await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2 * MaxFileBytes, quota.GetProperty("usedDiskSpace").GetInt64());
        Assert.Equal(2, (await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
        Assert.Equal(App.Provider == Provider.Sqlite ? 2 : 0, StoredFiles(cloud.Id).Count);
        // What still fits is taken.
        await (await UploadAsync(client, $"tasks/{task}/documents", "small.bin", new byte[BasicQuotaBytes - (2 * MaxFileBytes)], Ct)).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("../../x", "x")]
    [InlineData("C:\\a\\b.txt", "b.txt")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("bell\u0007and\u001bescape\r\n.txt", "bellandescape.txt")]
    [InlineData("..", "file")]
    [InlineData("\"quoted\";x.txt", "quoted;x.txt")]
    [InlineData("  .hidden", "hidden")]
    public async Task AFileName_IsMadeSafe_NoPathPartsNoControlCharacters(string sent, string kept)
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var body = new MultipartFormDataContent();
        var file = new ByteArrayContent("abc"u8.ToArray());
        // Raw, so that the test sends exactly these characters (HttpClient would quote and encode them otherwise).
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{Uri.EscapeDataString(sent)}");
        body.Add(file);

        var created = await (await client.PostAsync($"tasks/{task}/documents", body, Ct)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.Equal(kept, created.GetProperty("title").GetString());
        using var content = await client.GetAsync($"documents/{created.Id()}/content", Ct);
        Assert.Equal(kept, content.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.All(StoredFiles(cloud.Id), f => Assert.Equal(Path.Combine(DocumentsDirectory(), cloud.Id.ToString("N"), created.Id().ToString("N")), f));
    }

    [Fact]
    public async Task ALongFileName_IsCutKeepingItsExtension()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var created = await (await UploadAsync(client, $"tasks/{task}/documents", new string('a', 500) + ".docx", "abc"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created);
        var title = created.GetProperty("title").GetString()!;
        Assert.Equal(200, title.Length);
        Assert.EndsWith("a.docx", title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("png", "text/html", "image/png")]
    [InlineData("html", "image/png", "text/plain")]
    [InlineData("jpeg", "application/pdf", "image/jpeg")]
    [InlineData("gif", "text/plain", "image/gif")]
    [InlineData("zip", "text/plain", "application/zip")]
    [InlineData("docx", "application/octet-stream", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("binary", "application/pdf", "application/octet-stream")]
    public async Task TheContentType_IsSniffedFromTheBytes_NeverTheDeclaredOne(string kind, string declared, string sniffed)
    {
        var bytes = kind switch
        {
            "png" => Png,
            "html" => "<html><script>alert(1)</script></html>"u8.ToArray(),
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10],
            "gif" => "GIF89a\u0001\0"u8.ToArray(),
            "zip" => [0x50, 0x4B, 0x03, 0x04, .. "\0\0\0\0readme.txt"u8.ToArray()],
            "docx" => [0x50, 0x4B, 0x03, 0x04, .. "\0\0\0\0[Content_Types].xml....word/document.xml"u8.ToArray()],
            _ => [0x00, 0x01, 0x02, 0xFE],
        };
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var created = await (await UploadAsync(client, $"tasks/{task}/documents", "f", bytes, Ct, declaredType: declared)).AssertJsonAsync(HttpStatusCode.Created);
        Assert.StartsWith(sniffed, created.GetProperty("contentType").GetString(), StringComparison.Ordinal);
        using var content = await client.GetAsync($"documents/{created.Id()}/content", Ct);
        Assert.Equal(sniffed, content.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(bytes, await content.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task ARangeRequest_Is206WithExactlyThoseBytes()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var bytes = Enumerable.Range(0, 90_000).Select(i => (byte)(i * 7)).ToArray();
        var id = (await (await UploadAsync(client, $"tasks/{task}/documents", "r.bin", bytes, Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"documents/{id}/content");
        request.Headers.Range = new RangeHeaderValue(1000, 60_999);
        using var partial = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[1000..61_000], await partial.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("bytes 1000-60999/90000", partial.Content.Headers.ContentRange?.ToString());

        using var tail = new HttpRequestMessage(HttpMethod.Get, $"documents/{id}/content");
        tail.Headers.Range = new RangeHeaderValue(null, 10);
        using var last = await client.SendAsync(tail, Ct);
        Assert.Equal(HttpStatusCode.PartialContent, last.StatusCode);
        Assert.Equal(bytes[^10..], await last.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task AnotherCloudsDocument_Is404OnEveryRoute()
    {
        var mine = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(mine);
        var theirs = await App.CreateCloudAsync(Plan.Basic);
        var (other, _) = await App.ApiClientAsync(theirs);
        var theirTask = await TaskAsync(other);
        var id = (await (await UploadAsync(other, $"tasks/{theirTask}/documents", "secret.txt", "secret"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();

        await (await client.GetAsync($"documents/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"documents/{id}/content", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.GetAsync($"tasks/{theirTask}/documents", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.DeleteAsync($"tasks/{theirTask}/documents/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await UploadAsync(client, $"tasks/{theirTask}/documents", "x.txt", "x"u8.ToArray(), Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        var myTask = await TaskAsync(client);
        await (await client.DeleteAsync($"tasks/{myTask}/documents/{id}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
        Assert.Equal(0, (await (await client.GetAsync("documents/quota", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetProperty("usedDiskSpace").GetInt64());
        Assert.Single((await (await other.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task AGuest_ReadsTheDocumentsOfTasksTheyExecute_UploadsNone_AndDoesNotSeeOthers()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var (guest, guestUser) = await App.ApiClientAsync(cloud, SecurityGroup.GuestRights);
        var project = (await (await client.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var theirs = (await (await client.PostJsonAsync("tasks", new { title = "T", targetParentId = project, executorId = guestUser.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var hidden = (await (await client.PostJsonAsync("tasks", new { title = "H", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var seen = (await (await UploadAsync(client, $"tasks/{theirs}/documents", "s.txt", "seen"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var unseen = (await (await UploadAsync(client, $"tasks/{hidden}/documents", "u.txt", "unseen"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
        await (await UploadAsync(client, $"projects/{project}/documents", "p.txt", "project"u8.ToArray(), Ct)).AssertStatusAsync(HttpStatusCode.Created);

        Assert.Equal("seen", await (await guest.GetAsync($"documents/{seen}/content", Ct)).AssertStatusAsync(HttpStatusCode.OK));
        Assert.Contains(seen, (await (await guest.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(d => d.Id()));
        Assert.DoesNotContain(unseen, (await (await guest.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray().Select(d => d.Id()));
        await (await guest.GetAsync($"documents/{unseen}", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await guest.GetAsync($"documents/{unseen}/content", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await guest.GetAsync($"tasks/{hidden}/documents", Ct)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await UploadAsync(guest, $"tasks/{theirs}/documents", "g.txt", "guest"u8.ToArray(), Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await guest.DeleteAsync($"tasks/{theirs}/documents/{seen}", Ct)).AssertProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(3, (await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).GetArrayLength());
    }

    [Fact]
    public async Task ABodyWithoutAFilePart_Is422_AndOneThatIsNotMultipart_Is400()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, _) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var onlyTitle = new MultipartFormDataContent { { new StringContent("t"), "title" } };
        var problem = await (await client.PostAsync($"tasks/{task}/documents", onlyTitle, Ct)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Equal("/file", problem.GetProperty("errors")[0].GetProperty("pointer").GetString());
        await (await client.PostJsonAsync($"tasks/{task}/documents", new { file = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest, "bad_request");
        Assert.Empty((await (await client.GetAsync("documents", Ct)).AssertJsonAsync(HttpStatusCode.OK)).EnumerateArray());
    }

    [Fact]
    public async Task AnUploadCutOffMidBody_OnARealServer_KeepsNothing_AndLeavesTheQuotaUnchanged()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (client, owner) = await App.ApiClientAsync(cloud);
        var task = await TaskAsync(client);
        var environment = new Dictionary<string, string>
        {
            ["Planwerk__Database__Provider"] = App.Provider == Provider.Postgres ? "postgres" : "sqlite",
            ["ConnectionStrings__Planwerk"] = App.Database.ConnectionString,
            ["Planwerk__DataDirectory"] = App.Database.DataDirectory,
            ["Planwerk__Demo__Enabled"] = "false",
            ["Planwerk__Webhooks__WorkerEnabled"] = "false",
            ["Planwerk__Documents__MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Planwerk__Documents__BasicQuotaBytes"] = BasicQuotaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var server = new PlanwerkProcess(PlanwerkProcess.FreePort(), environment, Path.Combine(App.Database.DataDirectory, "cut-upload.log"));
        await server.StartAsync();

        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
            var stream = socket.GetStream();
            var head = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.bin\"\r\n\r\n";
            var headers = $"POST /api/core/tasks/{task}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {owner.Token}\r\n" +
                $"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {head.Length + 80_000 + 8}\r\n\r\n{head}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(headers), Ct);
            await stream.WriteAsync(new byte[40_000], Ct); // half the file, then the connection goes
            await stream.FlushAsync(Ct);
            await Task.Delay(500, Ct);
        }

        // A body announced over the limit is answered 413 file_too_large from its headers alone, before a byte of it is sent.
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(IPAddress.Loopback, server.Port, Ct);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /api/core/tasks/{task}/documents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {owner.Token}\r\n" +
                $"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {MaxFileBytes * 100}\r\n\r\n"), Ct);
            var answer = new byte[4096];
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromSeconds(20));
            var text = string.Empty;
            int read;
            while (!text.Contains("file_too_large", StringComparison.Ordinal) && (read = await stream.ReadAsync(answer, wait.Token)) > 0)
            {
                text += Encoding.ASCII.GetString(answer, 0, read); // headers and body may come in separate reads
            }

            Assert.StartsWith("HTTP/1.1 413", text, StringComparison.Ordinal);
            Assert.Contains("file_too_large", text, StringComparison.Ordinal);
        }

        // The server notices the cut, drops what it had, and keeps serving.
        using var http = new HttpClient { BaseAddress = new Uri($"{server.BaseUrl}/api/core/") };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", owner.Token);
        for (var i = 0; i < 50 && (Uploads().Count > 0); i++)
        {
            await Task.Delay(100, Ct);
        }

        var quota = JsonDocument.Parse(await (await http.GetAsync("documents/quota", Ct)).AssertStatusAsync(HttpStatusCode.OK)).RootElement;
        Assert.Equal(0, quota.GetProperty("usedDiskSpace").GetInt64());
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Documents.CountAsync(Ct)));
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.DocumentChunks.CountAsync(Ct)));
        Assert.Empty(Uploads());
        Assert.Empty(StoredFiles(cloud.Id));
        // A whole upload on the same server still works.
        using var whole = await UploadAsync(http, $"tasks/{task}/documents", "whole.bin", new byte[1000], Ct);
        await whole.AssertStatusAsync(HttpStatusCode.Created);
    }

    protected static async Task<Guid> TaskAsync(HttpClient client)
    {
        var project = (await (await client.PostJsonAsync("projects", new { title = "Docs" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        return (await (await client.PostJsonAsync("tasks", new { title = "With files", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
    }

    /// <summary>The SQLite store's folder (none on PostgreSQL).</summary>
    protected string DocumentsDirectory() => Path.Combine(App.Database.DataDirectory, "documents");

    /// <summary>The stored document files of a cloud (the SQLite store's; none on PostgreSQL).</summary>
    protected IReadOnlyList<string> StoredFiles(Guid cloudId) => Directory.Exists(Path.Combine(DocumentsDirectory(), cloudId.ToString("N")))
        ? Directory.EnumerateFiles(Path.Combine(DocumentsDirectory(), cloudId.ToString("N"))).ToList()
        : [];

    /// <summary>Unfinished uploads' temporary files.</summary>
    protected IReadOnlyList<string> Uploads() => Directory.Exists(Path.Combine(DocumentsDirectory(), ".uploads"))
        ? Directory.EnumerateFiles(Path.Combine(DocumentsDirectory(), ".uploads")).ToList()
        : [];
}

/// <summary>The application with small document limits, on SQLite.</summary>
public sealed class DocumentsSqliteApp() : PlanwerkApp(Provider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> Settings => DocumentsApiTests.Limits;
}

/// <summary>The application with small document limits, on PostgreSQL.</summary>
public sealed class DocumentsPostgresApp() : PlanwerkApp(Provider.Postgres)
{
    protected override IReadOnlyDictionary<string, string?> Settings => DocumentsApiTests.Limits;
}

public sealed class DocumentsApiTestsOnSqlite(DocumentsSqliteApp app) : DocumentsApiTests(app), IClassFixture<DocumentsSqliteApp>;

public sealed class DocumentsApiTestsOnPostgres(DocumentsPostgresApp app) : DocumentsApiTests(app), IClassFixture<DocumentsPostgresApp>;
