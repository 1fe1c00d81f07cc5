using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Infrastructure.Api;

/// <summary>Request body limit of the Core API (<c>Planwerk:Api:MaxBodyBytes</c>, default 1 MiB).</summary>
public sealed class ApiOptions
{
    public const string Section = "Planwerk:Api";

    [Range(typeof(long), "1", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Core API requests worked on at once (<see cref="ApiConcurrencyLimitMiddleware"/>).</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxConcurrentRequests { get; set; } = 64;

    /// <summary>Core API requests that wait for one of those places; beyond them, 503 <c>overloaded</c>.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxQueuedRequests { get; set; } = 10_000;

    /// <summary>The places one cloud may hold at once (at most <see cref="MaxConcurrentRequests"/>), so that others always find room.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxConcurrentRequestsPerCloud { get; set; } = 32;

    /// <summary>The requests one cloud may have waiting; beyond them, that cloud's requests are 503 <c>overloaded</c>.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxQueuedRequestsPerCloud { get; set; } = 1_000;

    /// <summary>
    /// A body must keep arriving at this rate (bytes per second, after its first second) while it is read, before the request
    /// takes a place; a slower one is 408 <c>request_timeout</c>. 0: no rate, only <see cref="MaxBodySeconds"/>.
    /// </summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MinBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>A body must have arrived completely within this many seconds; otherwise 408 <c>request_timeout</c>.</summary>
    [Range(0d, double.MaxValue, MinimumIsExclusive = true, ErrorMessage = Settings.Above)]
    public double MaxBodySeconds { get; set; } = 30;
}

/// <summary>
/// Refuses Core API bodies over the limit with 413 <c>payload_too_large</c>: at once when
/// Content-Length says so, and while reading for chunked bodies (the server's own limit does the
/// same under Kestrel; this also holds behind other servers and in tests).
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<ApiOptions> options, IOptionsMonitor<Documents.DocumentOptions> documents)
{
    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<CoreApiMarker>() is null)
        {
            return next(context);
        }

        // An upload is bounded by the file limit (the route counts the file's own bytes, 413 file_too_large).
        var streamed = endpoint.Metadata.GetMetadata<StreamedBody>() is not null;
        var limit = streamed ? documents.CurrentValue.MaxFileBytes + Documents.DocumentsApi.EnvelopeBytes : options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw streamed ? Documents.DocumentService.FileTooLarge(documents.CurrentValue.MaxFileBytes) : DomainException.TooLarge($"The request body is larger than {limit} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedStream(context.Request.Body, limit, streamed
            ? () => Documents.DocumentService.FileTooLarge(documents.CurrentValue.MaxFileBytes)
            : () => DomainException.TooLarge($"The request body is larger than {limit} bytes."));
        return next(context);
    }

    private sealed class LimitedStream(Stream inner, long limit, Func<DomainException> tooLarge) : Stream
    {
        private long read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int n)
        {
            read += n;
            return read > limit ? throw tooLarge() : n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
