using System.Net;
using System.Text;

namespace Planwerk.Tests.Infrastructure;

/// <summary>A JSON body whose first bytes (<c>sentAtOnce</c>) go out at once and the rest only when the given task completes.</summary>
public sealed class HeldContent : HttpContent
{
    private readonly byte[] bytes;
    private readonly Task release;
    private readonly int sentAtOnce;

    public HeldContent(string json, Task release, int sentAtOnce = 0)
    {
        bytes = Encoding.UTF8.GetBytes(json);
        this.release = release;
        this.sentAtOnce = sentAtOnce;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(bytes.AsMemory(0, sentAtOnce));
        await stream.FlushAsync();
        await release;
        await stream.WriteAsync(bytes.AsMemory(sentAtOnce));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
