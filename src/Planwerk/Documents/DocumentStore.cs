using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Documents;

/// <summary>
/// Where documents' bytes live, one store per provider: files beside the SQLite database (<see cref="FileDocumentStore"/>),
/// rows of chunks in PostgreSQL so that every instance serves every file (<see cref="DatabaseDocumentStore"/>). A
/// document's row and its bytes are kept together or not at all: the row is added in <see cref="IDocumentUpload.CommitAsync"/>.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Starts storing the bytes of <paramref name="document"/> (not yet added to the context).</summary>
    Task<IDocumentUpload> BeginAsync(Document document, CancellationToken ct);

    /// <summary>The bytes of a stored document, as a seekable stream (for <c>Range</c>).</summary>
    Task<Stream> OpenReadAsync(Document document, CancellationToken ct);

    /// <summary>After a commit that deleted document rows: removes what of their bytes the database did not take with them.</summary>
    void Forget(IEnumerable<(Guid CloudId, Guid DocumentId)> documents);

    /// <summary>At start: removes what a crash left (unfinished uploads, bytes without a row).</summary>
    Task CleanUpAsync(CancellationToken ct);
}

/// <summary>An upload under way: bytes are written as they arrive, and nothing of it counts until <see cref="CommitAsync"/>.</summary>
public interface IDocumentUpload : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct);

    /// <summary>Adds the document's row (its size and type set by now) and keeps the bytes, in one step; disposing without it drops both.</summary>
    Task CommitAsync(CancellationToken ct);
}

/// <summary>
/// SQLite: each document one file, <c>{directory}/{cloudId}/{documentId}</c>. An upload goes to a temporary file in
/// <c>{directory}/.uploads</c>, is flushed to disk (fsync), and is renamed into place inside the transaction that adds the
/// row, before it commits; a crash leaves at most a temporary file or a file without a row, and <see cref="CleanUpAsync"/>
/// removes both at the next start. The directory is the one of the SQLite file unless <c>Planwerk:Documents:Directory</c>
/// names another.
/// </summary>
public sealed class FileDocumentStore(PlanwerkDb db, DocumentDirectory directory) : IDocumentStore
{
    private const string Uploads = ".uploads";

    public Task<IDocumentUpload> BeginAsync(Document document, CancellationToken ct)
    {
        var temp = Path.Combine(directory.Path, Uploads);
        Directory.CreateDirectory(temp);
        var path = Path.Combine(temp, $"{document.Id:N}.part");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        return Task.FromResult<IDocumentUpload>(new Upload(db, document, file, path, PathOf(document.CloudId, document.Id)));
    }

    public Task<Stream> OpenReadAsync(Document document, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(PathOf(document.CloudId, document.Id), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024,
            FileOptions.Asynchronous));

    public void Forget(IEnumerable<(Guid CloudId, Guid DocumentId)> documents)
    {
        foreach (var (cloud, id) in documents)
        {
            File.Delete(PathOf(cloud, id));
        }
    }

    public async Task CleanUpAsync(CancellationToken ct)
    {
        if (!Directory.Exists(directory.Path))
        {
            return;
        }

        var temp = Path.Combine(directory.Path, Uploads);
        if (Directory.Exists(temp))
        {
            foreach (var part in Directory.EnumerateFiles(temp))
            {
                File.Delete(part);
            }
        }

        var kept = (await db.Documents.IgnoreQueryFilters([PlanwerkDb.TenantFilter]).Select(d => d.Id).ToListAsync(ct)).ToHashSet();
        foreach (var cloud in Directory.EnumerateDirectories(directory.Path).Where(d => Path.GetFileName(d) != Uploads))
        {
            foreach (var file in Directory.EnumerateFiles(cloud))
            {
                if (!Guid.TryParse(Path.GetFileName(file), out var id) || !kept.Contains(id))
                {
                    File.Delete(file);
                }
            }
        }
    }

    private string PathOf(Guid cloud, Guid id) => Path.Combine(directory.Path, cloud.ToString("N"), id.ToString("N"));

    private sealed class Upload(PlanwerkDb db, Document document, FileStream file, string temp, string final) : IDocumentUpload
    {
        private bool done;

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct) => file.WriteAsync(bytes, ct);

        public async Task CommitAsync(CancellationToken ct)
        {
            await file.FlushAsync(ct);
            file.Flush(flushToDisk: true);
            await file.DisposeAsync();
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Documents.Add(document);
            await db.SaveChangesAsync(ct);
            File.Move(temp, final);
            try
            {
                await transaction.CommitAsync(ct);
            }
            catch
            {
                File.Delete(final);
                throw;
            }

            done = true;
        }

        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync();
            if (!done)
            {
                File.Delete(temp);
            }
        }
    }
}

/// <summary>Where <see cref="FileDocumentStore"/> keeps its files.</summary>
public sealed record DocumentDirectory(string Path)
{
    public const string Key = "Planwerk:Documents:Directory";

    /// <summary><c>Planwerk:Documents:Directory</c>, else <c>documents</c> beside the SQLite file (in the data directory by default).</summary>
    public static DocumentDirectory From(IConfiguration configuration)
    {
        if (configuration[Key] is { Length: > 0 } configured)
        {
            return new(System.IO.Path.GetFullPath(configured));
        }

        var source = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Planwerk") ?? string.Empty).DataSource;
        var folder = string.IsNullOrEmpty(source) || source == ":memory:"
            ? DataServiceCollectionExtensions.DataDirectory(configuration)
            : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))!;
        return new(System.IO.Path.Combine(folder, "documents"));
    }
}

/// <summary>
/// PostgreSQL: the bytes in the database, as rows of <see cref="DocumentChunk.Size"/> bytes, so that every instance serves
/// every file and a database backup holds them. An upload runs in one transaction: the row first (the chunks refer to it),
/// then the chunks as they fill, then the row's size and type; a broken upload rolls all of it back.
/// </summary>
public sealed class DatabaseDocumentStore(PlanwerkDb db) : IDocumentStore
{
    public async Task<IDocumentUpload> BeginAsync(Document document, CancellationToken ct)
    {
        var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Documents.Add(document);
        await db.SaveChangesAsync(ct);
        return new Upload(db, document, transaction);
    }

    public async Task<Stream> OpenReadAsync(Document document, CancellationToken ct)
    {
        var count = await db.DocumentChunks.CountAsync(c => c.DocumentId == document.Id, ct);
        return new ChunkStream(db, document.Id, document.Size, count);
    }

    public void Forget(IEnumerable<(Guid CloudId, Guid DocumentId)> documents)
    {
        // The chunks went with their rows (ON DELETE CASCADE).
    }

    public Task CleanUpAsync(CancellationToken ct) => Task.CompletedTask; // a broken upload's transaction rolled back whole

    private sealed class Upload(PlanwerkDb db, Document document, IDbContextTransaction transaction) : IDocumentUpload
    {
        private readonly byte[] buffer = new byte[DocumentChunk.Size];
        private int filled;
        private int index;
        private bool done;

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
        {
            while (bytes.Length > 0)
            {
                var take = Math.Min(bytes.Length, buffer.Length - filled);
                bytes[..take].CopyTo(buffer.AsMemory(filled));
                filled += take;
                bytes = bytes[take..];
                if (filled == buffer.Length)
                {
                    await FlushAsync(ct);
                }
            }
        }

        private async Task FlushAsync(CancellationToken ct)
        {
            if (filled == 0)
            {
                return;
            }

            var chunk = new DocumentChunk { CloudId = document.CloudId, DocumentId = document.Id, Index = index++, Data = buffer[..filled] };
            db.DocumentChunks.Add(chunk);
            await db.SaveChangesAsync(ct);
            db.Entry(chunk).State = EntityState.Detached; // a chunk at a time in memory
            filled = 0;
        }

        public async Task CommitAsync(CancellationToken ct)
        {
            await FlushAsync(ct);
            await db.SaveChangesAsync(ct); // the size and type
            await transaction.CommitAsync(ct);
            done = true;
        }

        public async ValueTask DisposeAsync()
        {
            if (!done)
            {
                db.Entry(document).State = EntityState.Detached;
            }

            await transaction.DisposeAsync(); // rolls back unless committed
        }
    }

    /// <summary>A read-only, seekable view of a document's chunks, one chunk read at a time.</summary>
    private sealed class ChunkStream(PlanwerkDb db, Guid documentId, long length, int count) : Stream
    {
        private byte[]? current;
        private int currentIndex = -1;
        private long position;

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => position; set => position = Math.Clamp(value, 0, length); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= length || buffer.Length == 0)
            {
                return 0;
            }

            var index = (int)(position / DocumentChunk.Size);
            if (index >= count)
            {
                return 0;
            }

            if (index != currentIndex)
            {
                var id = documentId;
                current = await db.DocumentChunks.AsNoTracking().Where(c => c.DocumentId == id && c.Index == index).Select(c => c.Data)
                    .FirstAsync(cancellationToken);
                currentIndex = index;
            }

            var within = (int)(position - ((long)index * DocumentChunk.Size));
            var n = Math.Min(buffer.Length, current!.Length - within);
            if (n <= 0)
            {
                return 0;
            }

            current.AsMemory(within, n).CopyTo(buffer);
            position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            _ => length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
