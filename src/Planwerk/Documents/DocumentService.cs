using System.Buffers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Access;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Documents;

/// <summary>
/// What a document hangs on: a project, a package (of <see cref="ProjectId"/> when the route names one, so a package of
/// another project answers 404 like an absent one) or a task.
/// </summary>
public readonly record struct DocumentTarget(DocumentReferenceType Type, Guid Id, Guid? ProjectId = null);

/// <summary>A cloud's document quota (CORE-API.md): bytes allowed and bytes used by committed documents.</summary>
public sealed record DocumentQuota(long MaxDiskSpace, long UsedDiskSpace);

/// <summary>
/// The rules for documents. Reading follows the read rights of what a document hangs on, uploading and deleting its write
/// rights (a project's and a package's: planners with a write reason; a task's: those who may change the task, while it
/// is open), so guests read the documents of what they see and upload none (CORE-API.md: guests create nothing else).
/// </summary>
public sealed class DocumentService(PlanwerkDb db, TimeProvider time, ProjectService projects, PackageService packages, TaskService tasks,
    IDocumentStore store, IOptionsMonitor<DocumentOptions> options)
{
    /// <summary>The documents on a thing the caller can see (404 for the thing otherwise), newest last.</summary>
    public async Task<IQueryable<Document>> ListAsync(Caller caller, DocumentTarget target, CancellationToken ct)
    {
        await RequireVisibleAsync(caller, target, ct);
        return On(target);
    }

    private IQueryable<Document> On(DocumentTarget target) =>
        db.Documents.Where(d => d.ReferenceType == target.Type && d.ReferenceId == target.Id);

    /// <summary>Every document of the cloud on something the caller can see.</summary>
    public async Task<IQueryable<Document>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visibleProjects = await db.VisibleProjectsAsync(caller, ct);
        var visiblePackages = await db.VisiblePackagesAsync(caller, ct);
        var visibleTasks = await db.VisibleTasksAsync(caller, ct);
        return db.Documents.Where(d =>
            (d.ReferenceType == DocumentReferenceType.Project && visibleProjects.Any(p => p.Id == d.ReferenceId))
            || (d.ReferenceType == DocumentReferenceType.Package && visiblePackages.Any(p => p.Id == d.ReferenceId))
            || (d.ReferenceType == DocumentReferenceType.Task && visibleTasks.Any(t => t.Id == d.ReferenceId)));
    }

    /// <summary>Any document of the cloud by its id, if the caller can see what it hangs on (404 otherwise, so its existence does not leak).</summary>
    public async Task<Document> GetVisibleAsync(Caller caller, Guid id, CancellationToken ct) =>
        await (await VisibleAsync(caller, ct)).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw DomainException.NotFound("Document", id);

    /// <summary>A visible document's bytes.</summary>
    public async Task<(Document Document, Stream Content)> OpenAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var document = await GetVisibleAsync(caller, id, ct);
        return (document, await store.OpenReadAsync(document, ct));
    }

    /// <summary>The thing through its owner's own look-up (its 404 message); every method calls it first.</summary>
    public async Task RequireVisibleAsync(Caller caller, DocumentTarget target, CancellationToken ct)
    {
        switch (target.Type)
        {
            case DocumentReferenceType.Project:
                await projects.GetAsync(caller, target.Id, ct);
                break;
            case DocumentReferenceType.Package when target.ProjectId is { } projectId:
                await packages.GetAsync(caller, projectId, target.Id, ct);
                break;
            case DocumentReferenceType.Package:
                await packages.GetAsync(caller, target.Id, ct);
                break;
            case DocumentReferenceType.Task:
                await tasks.GetAsync(caller, target.Id, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Type, "Unknown document target.");
        }
    }

    /// <summary>The thing, if the caller may change it (404 if unseen, 403 <c>forbidden</c> or <c>task_closed</c> otherwise).</summary>
    public async Task RequireWritableAsync(Caller caller, DocumentTarget target, string what, CancellationToken ct)
    {
        switch (target.Type)
        {
            case DocumentReferenceType.Project:
                await projects.GetWritableAsync(caller, target.Id, what, ct);
                break;
            case DocumentReferenceType.Package:
                var package = target.ProjectId is { } projectId
                    ? await packages.GetAsync(caller, projectId, target.Id, ct)
                    : await packages.GetAsync(caller, target.Id, ct);
                await packages.GetWritableAsync(caller, package.ProjectId, package.Id, what, ct);
                break;
            case DocumentReferenceType.Task:
                await tasks.GetWritableAsync(caller, target.Id, what, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Type, "Unknown document target.");
        }
    }

    /// <summary>Whether the caller may upload to and delete documents of the thing, for the UI.</summary>
    public async Task<bool> MayChangeAsync(Caller caller, DocumentTarget target, CancellationToken ct)
    {
        try
        {
            await RequireWritableAsync(caller, target, "change documents here", ct);
            return true;
        }
        catch (DomainException e) when (e.Kind == ErrorKind.Forbidden)
        {
            return false;
        }
    }

    /// <summary>The cloud's quota and what its documents use.</summary>
    public async Task<DocumentQuota> QuotaAsync(Caller caller, CancellationToken ct) =>
        new(options.CurrentValue.QuotaOf(caller.Plan), await UsedAsync(ct));

    private async Task<long> UsedAsync(CancellationToken ct) => await db.Documents.SumAsync(d => (long?)d.Size, ct) ?? 0;

    /// <summary>The largest file an upload may carry.</summary>
    public long MaxFileBytes => options.CurrentValue.MaxFileBytes;

    /// <summary>
    /// Stores the bytes of a new document as they arrive from <paramref name="content"/> (never whole in memory): over
    /// <see cref="DocumentOptions.MaxFileBytes"/> 413 <c>file_too_large</c>, over the cloud's quota 403
    /// <c>quota_exceeded</c>, both as soon as the bytes say so and with nothing kept. The type is sniffed from the first
    /// bytes. The upload counts only once <see cref="CommitAsync"/> adds its row.
    /// </summary>
    public async Task<PendingDocument> ReceiveAsync(Caller caller, DocumentTarget target, string? fileName, Stream content, CancellationToken ct)
    {
        await RequireWritableAsync(caller, target, "upload documents here", ct);
        var limits = options.CurrentValue;
        var max = limits.QuotaOf(caller.Plan);
        var used = await UsedAsync(ct);
        var name = DocumentNames.Safe(fileName);
        var now = time.GetUtcNow().UtcDateTime;
        var document = new Document
        {
            CloudId = caller.CloudId, ReferenceType = target.Type, ReferenceId = target.Id, Title = name, FileName = name,
            ContentType = ContentSniffer.Binary, CreatorId = caller.IsSystem ? null : caller.EmployeeId, CreationDate = now, ChangeDate = now,
        };
        var upload = await store.BeginAsync(document, ct);
        var head = new byte[ContentSniffer.HeadLength];
        var headLength = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > limits.MaxFileBytes)
                {
                    throw FileTooLarge(limits.MaxFileBytes);
                }

                if (used + size > max)
                {
                    throw QuotaExceeded(max, used);
                }

                if (headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                await upload.WriteAsync(buffer.AsMemory(0, read), ct);
            }

            document.Size = size;
            document.ContentType = ContentSniffer.Sniff(head.AsSpan(0, headLength), whole: size <= head.Length);
            return new PendingDocument(document, upload, max);
        }
        catch
        {
            await upload.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>413 <c>file_too_large</c>, from the bytes counted or from the body's announced length.</summary>
    public static DomainException FileTooLarge(long max) =>
        DomainException.TooLarge(ErrorCodes.FileTooLarge, $"The file is larger than {max} bytes; nothing was kept.");

    private static DomainException QuotaExceeded(long max, long used) => DomainException.Forbidden(ErrorCodes.QuotaExceeded,
        $"The cloud's documents may use {max} bytes, {used} are used; this file does not fit, nothing was kept.");

    /// <summary>Keeps a received document under its title (the file name unless one is given); the quota is checked once more.</summary>
    public async Task<Document> CommitAsync(PendingDocument pending, Optional<string?> title, IInputErrors errors, CancellationToken ct)
    {
        errors.ThrowIfInvalid();
        if (title is { HasValue: true, Value: { } given })
        {
            var trimmed = given.Trim();
            errors.MaxLength("title", trimmed, Document.TitleMaxLength);
            if (trimmed.Length > 0)
            {
                pending.Document.Title = trimmed;
            }
        }

        errors.ThrowIfInvalid();
        var used = await UsedAsync(ct);
        if (used + pending.Document.Size > pending.MaxDiskSpace)
        {
            throw QuotaExceeded(pending.MaxDiskSpace, used);
        }

        await pending.Upload.CommitAsync(ct);
        return pending.Document;
    }

    /// <summary>Receives and keeps a document in one step (the web form's upload).</summary>
    public async Task<Document> UploadAsync(Caller caller, DocumentTarget target, string? fileName, Optional<string?> title, Stream content,
        IInputErrors errors, CancellationToken ct)
    {
        await using var pending = await ReceiveAsync(caller, target, fileName, content, ct);
        return await CommitAsync(pending, title, errors, ct);
    }

    /// <summary>Deletes a document of the thing; who may change the thing may delete its documents.</summary>
    public async Task<Document> DeleteAsync(Caller caller, DocumentTarget target, Guid id, CancellationToken ct)
    {
        await RequireVisibleAsync(caller, target, ct);
        var document = await On(target).FirstOrDefaultAsync(d => d.Id == id, ct) ?? throw DomainException.NotFound("Document", id);
        await RequireWritableAsync(caller, target, "delete documents here", ct);
        db.Documents.Remove(document);
        await db.SaveChangesAsync(ct);
        store.Forget([(document.CloudId, document.Id)]);
        return document;
    }
}

/// <summary>A received document, not yet kept: disposing it without <see cref="DocumentService.CommitAsync"/> drops its bytes.</summary>
public sealed class PendingDocument(Document document, IDocumentUpload upload, long maxDiskSpace) : IAsyncDisposable
{
    public Document Document { get; } = document;
    internal IDocumentUpload Upload { get; } = upload;
    internal long MaxDiskSpace { get; } = maxDiskSpace;

    public ValueTask DisposeAsync() => Upload.DisposeAsync();
}
