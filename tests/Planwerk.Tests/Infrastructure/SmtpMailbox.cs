using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on 127.0.0.1 (the SmtpServer package) for the tests: every message Planwerk sends to it lands in
/// <see cref="Received"/>, parsed with MimeKit, in the order it arrived.
/// </summary>
public sealed class SmtpMailbox : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<MimeMessage> received = Channel.CreateUnbounded<MimeMessage>();
    private readonly Task running;

    public SmtpMailbox()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false)).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(received.Writer));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    /// <summary>The next message that arrives (or has arrived), within <paramref name="timeout"/>.</summary>
    public async Task<MimeMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        return await received.Reader.ReadAsync(wait.Token);
    }

    /// <summary>Whether a message is waiting that has not been taken yet.</summary>
    public bool HasMore => received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
    }

    private sealed class Store(ChannelWriter<MimeMessage> writer) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            await writer.WriteAsync(await MimeMessage.LoadAsync(stream, cancellationToken), cancellationToken);
            return SmtpResponse.Ok;
        }
    }
}

/// <summary>An app that sends its e-mail to a <see cref="SmtpMailbox"/> and knows its public address.</summary>
public class MailApp(Provider provider) : PlanwerkApp(provider)
{
    public const string PublicUrl = "http://planwerk.test";

    public SmtpMailbox Mailbox { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Planwerk:Smtp:Host"] = "127.0.0.1", ["Planwerk:Smtp:Port"] = Mailbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Planwerk:Smtp:From"] = "Planwerk <planwerk@example.test>", ["Planwerk:Smtp:Security"] = "None", ["Planwerk:PublicUrl"] = PublicUrl,
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mailbox.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteMailApp() : MailApp(Provider.Sqlite);

public sealed class PostgresMailApp() : MailApp(Provider.Postgres);
