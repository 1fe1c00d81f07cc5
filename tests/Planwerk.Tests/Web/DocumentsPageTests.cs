using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Documents;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// The documents sections of the task and project pages (a plain multipart form, a download link, a delete form for those
/// who may change the thing) and the quota on the plan page, with the rules of the API (DocumentService).
/// </summary>
public abstract class DocumentsPageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AMember_UploadsDownloadsAndDeletesADocumentOfATask_AndThePlanPageShowsTheQuota()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (api, _) = await App.ApiClientAsync(cloud);
        await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "*" } })).AssertStatusAsync(HttpStatusCode.Created);
        var project = (await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var task = (await (await api.PostJsonAsync("tasks", new { title = "T", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        using var web = await WebSession.SignInAsync(App, cloud);
        var url = $"/tasks/{task}";
        var page = await web.GetPageAsync(url);
        Assert.Contains("id=\"documents-none\"", page, StringComparison.Ordinal);
        Assert.Contains("enctype=\"multipart/form-data\"", page, StringComparison.Ordinal);

        using var uploaded = await UploadAsync(web, url, "../Bericht.pdf", "%PDF-1.4 report"u8.ToArray());
        await uploaded.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal($"{url}#documents", uploaded.Headers.Location?.OriginalString);
        var document = await App.InCloudAsync(cloud.Id, db => db.Documents.SingleAsync(Ct));
        Assert.Equal(("Bericht.pdf", "application/pdf", 15L), (document.Title, document.ContentType, document.Size));
        page = await web.GetPageAsync(url);
        Assert.Contains("The document was uploaded.", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/documents/{document.Id}/content\"", page, StringComparison.Ordinal);
        Assert.Contains("15 B", page, StringComparison.Ordinal);

        using var download = await web.Client.GetAsync($"/documents/{document.Id}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("%PDF-1.4 report", await download.Content.ReadAsStringAsync(Ct));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        Assert.Contains("Documents: 15 B of 250 kB used", await web.GetPageAsync("/settings/plan"), StringComparison.Ordinal);

        await (await web.PostFormAsync($"{url}?handler=DeleteDocument", new() { ["documentId"] = document.Id.ToString() }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Documents.CountAsync(Ct)));
        var actions = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(["DocumentUploaded", "DocumentDeleted"], actions.Where(a => a.StartsWith("Document", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnUploadWithoutAFile_OrOverTheLimit_ShowsTheErrorNamingTheField_InGermanToo()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (api, _) = await App.ApiClientAsync(cloud);
        var project = (await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        using var web = await WebSession.SignInAsync(App, cloud);
        var url = $"/projects/{project}";

        using var none = await UploadAsync(web, url, null, null);
        Assert.Contains("Choose a file for “File”.", WebUtility.HtmlDecode(await none.AssertStatusAsync(HttpStatusCode.OK)), StringComparison.Ordinal);
        using var big = await UploadAsync(web, url, "big.bin", new byte[DocumentsApiTests.MaxFileBytes + 1]);
        Assert.Contains("“File” is larger than 100 kB, the largest file allowed.", WebUtility.HtmlDecode(await big.AssertStatusAsync(HttpStatusCode.OK)), StringComparison.Ordinal);
        using var german = await UploadAsync(web, url, "big.bin", new byte[DocumentsApiTests.MaxFileBytes + 1], "de");
        Assert.Contains("„Datei“ ist größer als 100 kB, die größte erlaubte Datei.", WebUtility.HtmlDecode(await german.AssertStatusAsync(HttpStatusCode.OK)), StringComparison.Ordinal);
        Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Documents.CountAsync(Ct)));
    }

    [Fact]
    public async Task AGuest_SeesTheDocumentsOfTheirTask_WithoutUploadOrDeleteForms_AndTheirPostsAreRefused()
    {
        var cloud = await App.CreateCloudAsync(Plan.Basic);
        var (api, _) = await App.ApiClientAsync(cloud);
        var (web, guest) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using (web)
        {
            var project = (await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
            var task = (await (await api.PostJsonAsync("tasks", new { title = "T", targetParentId = project, executorId = guest.Id })).AssertJsonAsync(HttpStatusCode.Created)).Id();
            var id = (await (await ApiSampleData.UploadAsync(api, $"tasks/{task}/documents", "plan.txt", "plan"u8.ToArray(), Ct)).AssertJsonAsync(HttpStatusCode.Created)).Id();
            var url = $"/tasks/{task}";
            var page = await web.GetPageAsync(url);
            Assert.Contains($"href=\"/documents/{id}/content\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"document-form\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-delete-document", page, StringComparison.Ordinal);
            var refused = await web.PostFormAsync($"{url}?handler=DeleteDocument", new() { ["documentId"] = id.ToString() }, url);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(1, await App.InCloudAsync(cloud.Id, db => db.Documents.CountAsync(Ct)));
        }
    }

    /// <summary>Posts the upload form as a browser does: multipart, with the page's antiforgery token.</summary>
    private static async Task<HttpResponseMessage> UploadAsync(WebSession web, string url, string? fileName, byte[]? bytes, string? language = null)
    {
        var token = WebSession.AntiforgeryToken(await web.GetPageAsync(url)) ?? throw new InvalidOperationException("no antiforgery token");
        var body = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new StringContent(string.Empty), "DocumentTitle" } };
        if (fileName is not null)
        {
            var file = new ByteArrayContent(bytes!);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse("application/octet-stream");
            body.Add(file, "DocumentFile", fileName);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}?handler=UploadDocument") { Content = body };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        return await web.Client.SendAsync(request, Ct);
    }
}

public sealed class DocumentsPageTestsOnSqlite(DocumentsSqliteApp app) : DocumentsPageTests(app), IClassFixture<DocumentsSqliteApp>;

public sealed class DocumentsPageTestsOnPostgres(DocumentsPostgresApp app) : DocumentsPageTests(app), IClassFixture<DocumentsPostgresApp>;
