using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Planwerk.Access;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Documents;

/// <summary>A document as the Core API returns it (CORE-API.md "Later-scope shapes"); <c>size</c> in bytes.</summary>
public sealed record DocumentDto(Guid Id, string Title, string? ContentType, long? Size, Guid? ReferenceId, string? ReferenceType, Guid? CreatorId,
    DateTime? CreationDate, DateTime? ChangeDate, Guid MandantId)
{
    public static DocumentDto From(Document d) => new(d.Id, d.Title, d.ContentType, d.Size, d.ReferenceId, d.ReferenceType.Wire(), d.CreatorId,
        d.CreationDate, d.ChangeDate, d.CloudId);
}

/// <summary>The document routes shared by projects, packages and tasks (<c>GET|POST {owner}/documents</c>, <c>DELETE {owner}/documents/{documentId}</c>).</summary>
public static class DocumentsApi
{
    /// <summary>What a multipart body may carry beyond its file: boundaries, part headers, a title.</summary>
    public const long EnvelopeBytes = 64 * 1024;

    /// <summary>The thing a route names; packages add their <c>{pid}</c>.</summary>
    public delegate DocumentTarget TargetOf(HttpContext http, Guid ownerId);

    public static void MapDocuments(this RouteGroupBuilder owner, DocumentReferenceType type, Right write, TargetOf? targetOf = null)
    {
        var tag = type.Wire();
        targetOf ??= (_, id) => new DocumentTarget(type, id);
        owner.MapGet("/documents", async Task<Listed<DocumentDto>> (Guid id, HttpContext http, DocumentService documents, int? limit, string? cursor, CancellationToken ct) =>
                await Listing.ListAsync(http, await documents.ListAsync(http.Caller(), targetOf(http, id), ct), d => DocumentDto.From(d), limit, cursor, ct))
            .WithName($"List{tag}Documents").WithSummary($"Documents of a {tag}");

        owner.MapPost("/documents", async Task<Created<DocumentDto>> (Guid id, HttpContext http, DocumentService documents, CancellationToken ct) =>
            {
                var document = await UploadAsync(http, documents, targetOf(http, id), ct);
                return TypedResults.Created($"{CoreApi.BasePath}/documents/{document.Id}", DocumentDto.From(document));
            })
            .Require(write, "upload documents").WithMetadata(new StreamedBody(), new MultipartBodyDoc("DocumentUpload"),
                new ErrorResponseDoc("413", "The file is larger than `Planwerk:Documents:MaxFileBytes` (default 50 MiB); code `file_too_large`. Nothing was kept."))
            .WithName($"Upload{tag}Document").WithSummary($"Upload a document to a {tag} (multipart/form-data: a part `file`, optionally a part `title`)");

        owner.MapDelete("/documents/{documentId:guid}", async Task<Ok<DocumentDto>> (Guid id, Guid documentId, HttpContext http, DocumentService documents, CancellationToken ct) =>
                TypedResults.Ok(DocumentDto.From(await documents.DeleteAsync(http.Caller(), targetOf(http, id), documentId, ct))))
            .Require(write, "delete documents").WithName($"Delete{tag}Document").WithSummary($"Delete a document of a {tag}");
    }

    /// <summary><c>GET /documents</c>, <c>/documents/{id}</c>, <c>/documents/{id}/content</c>, <c>/documents/quota</c>.</summary>
    public static void MapDocumentLookup(this RouteGroupBuilder api)
    {
        var documents = api.MapGroup("/documents").WithTags("Documents");
        documents.MapGet("/", async Task<Listed<DocumentDto>> (HttpContext http, DocumentService service, int? limit, string? cursor, CancellationToken ct) =>
                await Listing.ListAsync(http, await service.VisibleAsync(http.Caller(), ct), d => DocumentDto.From(d), limit, cursor, ct))
            .WithName("ListDocuments").WithSummary("Every document the caller can see (on the projects, packages and tasks it reads)");
        documents.MapGet("/quota", async Task<Ok<DocumentQuota>> (HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(await service.QuotaAsync(http.Caller(), ct)))
            .WithName("GetDocumentQuota").WithSummary("The cloud's document quota: maxDiskSpace and usedDiskSpace in bytes");
        documents.MapGet("/{id:guid}", async Task<Ok<DocumentDto>> (Guid id, HttpContext http, DocumentService service, CancellationToken ct) =>
                TypedResults.Ok(DocumentDto.From(await service.GetVisibleAsync(http.Caller(), id, ct))))
            .WithName("GetDocument").WithSummary("One document's metadata");
        documents.MapGet("/{id:guid}/content", Content)
            .WithMetadata(new BinaryResponseDoc())
            .WithName("GetDocumentContent").WithSummary("A document's bytes, as an attachment with the sniffed type; Range requests are answered 206");
    }

    private static async Task<IResult> Content(Guid id, HttpContext http, DocumentService service, CancellationToken ct)
    {
        var (document, content) = await service.OpenAsync(http.Caller(), id, ct);
        http.Response.Headers.ContentDisposition = ContentDisposition(document.FileName);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        // A download is never rendered by the browser in the app's origin (no script in an uploaded file runs there).
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.Stream(content, document.ContentType, lastModified: new DateTimeOffset(document.ChangeDate, TimeSpan.Zero),
            enableRangeProcessing: true);
    }

    /// <summary><c>attachment</c> with an ASCII <c>filename</c> and the real name as RFC 5987 <c>filename*</c>.</summary>
    public static string ContentDisposition(string safeName)
    {
        var header = new ContentDispositionHeaderValue("attachment") { FileName = $"\"{DocumentNames.Ascii(safeName)}\"" };
        header.SetHttpFileName(safeName);
        return header.ToString();
    }

    /// <summary>
    /// Reads a multipart body part by part as it arrives: the part <c>file</c> streams into the store (<see
    /// cref="DocumentService.ReceiveAsync"/>), a part <c>title</c> may come before or after it; other parts are skipped.
    /// </summary>
    private static async Task<Document> UploadAsync(HttpContext http, DocumentService documents, DocumentTarget target, CancellationToken ct)
    {
        var caller = http.Caller();
        await documents.RequireWritableAsync(caller, target, "upload documents here", ct); // 404 and 403 before anything about the body
        var request = http.Request;
        if (request.ContentLength > documents.MaxFileBytes + EnvelopeBytes)
        {
            throw DocumentService.FileTooLarge(documents.MaxFileBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw DomainException.BadRequest("/file", "The body must be multipart/form-data with a part named \"file\".");
        }

        var reader = new MultipartReader(boundary, request.Body);
        var errors = new InputErrors();
        PendingDocument? pending = null;
        Optional<string?> title = default;
        try
        {
            while (await ReadSectionAsync(reader, ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (name == "file" && pending is null)
                {
                    var fileName = disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                    pending = await documents.ReceiveAsync(caller, target, fileName, section.Body, ct);
                }
                else if (name == "file")
                {
                    throw DomainException.BadRequest("/file", "Send one part named \"file\".");
                }
                else if (name == "title")
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var buffer = new char[Document.TitleMaxLength * 4 + 1];
                    var read = await text.ReadBlockAsync(buffer, ct);
                    title = new string(buffer, 0, read);
                }
            }

            if (pending is null)
            {
                errors.Invalid("file", "required", "A part named \"file\" is required.");
                errors.ThrowIfInvalid();
            }

            return await documents.CommitAsync(pending!, title, errors, ct);
        }
        catch (IOException e) when (e.Message.Contains("Multipart", StringComparison.OrdinalIgnoreCase) || e is EndOfStreamException)
        {
            throw DomainException.BadRequest("/file", $"The multipart body is malformed: {e.Message}");
        }
        finally
        {
            if (pending is not null)
            {
                await pending.DisposeAsync();
            }
        }
    }

    private static async Task<MultipartSection?> ReadSectionAsync(MultipartReader reader, CancellationToken ct)
    {
        try
        {
            return await reader.ReadNextSectionAsync(ct);
        }
        catch (InvalidDataException e)
        {
            throw DomainException.BadRequest("/file", $"The multipart body is malformed: {e.Message}");
        }
    }
}
