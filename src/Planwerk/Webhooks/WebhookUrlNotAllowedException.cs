namespace Planwerk.Webhooks;

/// <summary>
/// A delivery was refused at connect time because the callback host resolved to an address that
/// webhooks may not reach (see <see cref="WebhookUrlGuard"/>). <see cref="System.Net.Http.SocketsHttpHandler"/>
/// wraps exceptions from its connect callback in another <see cref="HttpRequestException"/>, so callers
/// look for this one with <see cref="IsCauseOf"/>.
/// </summary>
public sealed class WebhookUrlNotAllowedException : HttpRequestException
{
    public WebhookUrlNotAllowedException()
        : this("The callback URI's host is not an address webhooks may reach.")
    {
    }

    public WebhookUrlNotAllowedException(string? message)
        : this(message, null)
    {
    }

    public WebhookUrlNotAllowedException(string? message, Exception? innerException)
        : base(HttpRequestError.ConnectionError, message, innerException)
    {
    }

    /// <summary>Whether this exception is <paramref name="exception"/> or one of its inner exceptions.</summary>
    public static bool IsCauseOf(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is WebhookUrlNotAllowedException)
            {
                return true;
            }
        }

        return false;
    }
}
