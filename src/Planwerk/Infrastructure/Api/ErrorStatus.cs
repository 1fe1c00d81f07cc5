using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// The one place that turns a kind of refusal into an HTTP status (ADR 8): the API's problem writer, per-item batches,
/// the authorization result and the UI's refusal pages all ask here, so a kind cannot answer two statuses at two doors.
/// </summary>
public static class ErrorStatus
{
    public static int Of(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden or ErrorKind.Disabled or ErrorKind.PlanFeatureUnavailable => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.Timeout => StatusCodes.Status408RequestTimeout,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.Invalid => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Overloaded => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A kind of refusal without a status."),
    };

    /// <summary>The status of <paramref name="error"/>.</summary>
    public static int Of(DomainException error) => Of(error.Kind);
}
