using System.ComponentModel.DataAnnotations;

namespace Planwerk.Infrastructure.Mail;

/// <summary>How the connection to the SMTP server is secured (MailKit's <c>SecureSocketOptions</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>TLS from the start on port 465, else STARTTLS when the server offers it.</summary>
    Auto,

    /// <summary>No TLS (a relay on the same machine).</summary>
    None,

    /// <summary>STARTTLS, required.</summary>
    StartTls,

    /// <summary>TLS from the start.</summary>
    SslOnConnect,
}

/// <summary>
/// <c>Planwerk:Smtp</c>: the server that sends Planwerk's e-mails (password-reset links, invitations). Without a
/// <see cref="Host"/> Planwerk sends no e-mail, and the links are shown to the admin once instead.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Planwerk:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535, ErrorMessage = "{0} must be a port between 1 and 65535.")]
    public int Port { get; set; } = 587;

    /// <summary>The sender, e.g. <c>Planwerk &lt;planwerk@example.com&gt;</c>; required with a host.</summary>
    public string? From { get; set; }

    /// <summary>The user to authenticate as; none: no authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// <c>Planwerk:PublicUrl</c>: the address people reach this Planwerk at (<c>https://planwerk.example.com</c>), the base of
/// every link that leaves the browser (e-mailed password-reset links, the CLI's). Links shown in the browser use the
/// request's own address when it is not set; e-mailed links never do (a forged <c>Host</c> header would send a victim's
/// link elsewhere), so "Forgot password?" needs it.
/// </summary>
public sealed class PublicUrlOptions
{
    public const string Section = "Planwerk";

    [Url(ErrorMessage = "{0} must be an absolute http or https address.")]
    public string? PublicUrl { get; set; }

    /// <summary>The base without a trailing slash, or null when not set.</summary>
    public string? Base => string.IsNullOrWhiteSpace(PublicUrl) ? null : PublicUrl.TrimEnd('/');
}
