using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Documents;

/// <summary><c>/documents/{id}/content</c> in the web UI: a document's bytes for the signed-in caller, as the API's route answers them.</summary>
public sealed class DownloadModel(DocumentService documents) : AppPage
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var (document, content) = await documents.OpenAsync(Caller, id, ct);
        Response.Headers.ContentDisposition = DocumentsApi.ContentDisposition(document.FileName);
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return new FileStreamResult(content, document.ContentType)
        {
            EnableRangeProcessing = true, LastModified = new DateTimeOffset(document.ChangeDate, TimeSpan.Zero),
        };
    }
}
