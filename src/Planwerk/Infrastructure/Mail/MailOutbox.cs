using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Planwerk.Infrastructure.Mail;

/// <summary>One e-mail to send: plain text.</summary>
public sealed record MailMessage(string To, string Subject, string Body);

/// <summary>
/// Sends e-mail through the configured SMTP server (<see cref="SmtpOptions"/>, MailKit) in the background: a request only
/// queues its message, so how long the server takes to answer (or whether a message was queued at all) never shows in the
/// response's time — "Forgot password?" must not tell whether an address has an account. A message that cannot be sent is
/// logged (without its body: it holds a link) and dropped; the person asks again.
/// </summary>
public sealed partial class MailOutbox(IOptionsMonitor<SmtpOptions> options, ILogger<MailOutbox> log) : BackgroundService
{
    private readonly Channel<MailMessage> queue = Channel.CreateBounded<MailMessage>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool Configured => options.CurrentValue.Configured;

    /// <summary>Queues <paramref name="message"/>; false when no SMTP server is configured (nothing is sent).</summary>
    public bool Queue(MailMessage message) => Configured && queue.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotSent(e, message.Subject);
            }
        }
    }

    private async Task SendAsync(MailMessage message, CancellationToken ct)
    {
        var smtp = options.CurrentValue;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From ?? throw new InvalidOperationException($"{SmtpOptions.Section}:From is not set.")));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.Body = new TextPart("plain") { Text = message.Body };
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, ct);
        }

        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An e-mail (\"{Subject}\") could not be sent.")]
    private partial void LogNotSent(Exception e, string subject);
}
