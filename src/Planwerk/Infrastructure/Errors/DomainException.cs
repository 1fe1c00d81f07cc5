namespace Planwerk.Infrastructure.Errors;

/// <summary>
/// What kind of no a rule said, in the domain's terms. Each door turns it into its own answer (the API and the UI
/// into an HTTP status, in <c>ErrorStatus</c>, the only place that knows them; the CLI into an exit code), so a rule
/// never decides how a door reports it.
/// </summary>
public enum ErrorKind
{
    /// <summary>The request is malformed: a value of the wrong type, an id or cursor that is none.</summary>
    BadRequest,
    /// <summary>The caller's token no longer stands (revoked, expired, its user gone) while a request was under way.</summary>
    Unauthenticated,
    /// <summary>The caller may not do this: their security group, ownership, or the object's state (a closed task).</summary>
    Forbidden,
    /// <summary>The cloud's owner has switched the capability off (API access, webhooks).</summary>
    Disabled,
    /// <summary>The cloud's plan does not include the feature.</summary>
    PlanFeatureUnavailable,
    /// <summary>No such thing, or none the caller can see (existence never leaks).</summary>
    NotFound,
    /// <summary>The route exists, but not for this method.</summary>
    MethodNotAllowed,
    /// <summary>The request body did not arrive in time.</summary>
    Timeout,
    /// <summary>The change contradicts the current state (a duplicate, a blocked downgrade, a paused webhook).</summary>
    Conflict,
    /// <summary>The request body is larger than allowed.</summary>
    TooLarge,
    /// <summary>The input is well-formed but breaks a rule (too long, required, in the past…).</summary>
    Invalid,
    /// <summary>The caller made too many requests in the window.</summary>
    RateLimited,
    /// <summary>The server is working on as many requests as it queues.</summary>
    Overloaded,
}

/// <summary>
/// A rule of the domain said no. Carries its <see cref="Kind"/> and stable <see cref="Code"/> — never a status: the API
/// maps it to problem+json, the UI to a page or a form's messages, the CLI to a one-line error, each from the kind.
/// Thrown through the factories, so each refusal has one kind, one code and one message wherever it is raised.
/// </summary>
public class DomainException : Exception
{
    protected DomainException(ErrorKind kind, string code, string detail, string? pointer = null)
        : base(detail)
    {
        Kind = kind;
        Code = code;
        Pointer = pointer;
    }

    public ErrorKind Kind { get; }

    public string Code { get; }

    /// <summary>JSON pointer of the offending field, if one field is to blame.</summary>
    public string? Pointer { get; }

    /// <summary>Extra members for the problem body (e.g. <c>feature</c>, <c>currentPlan</c>).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>Field errors for the problem's <c>errors</c> array.</summary>
    public IList<FieldError> Errors { get; } = [];

    /// <summary>A malformed value at <paramref name="pointer"/> (<c>bad_request</c>).</summary>
    public static DomainException BadRequest(string pointer, string detail) => new(ErrorKind.BadRequest, ErrorCodes.BadRequest, detail, pointer);

    /// <summary>The token or its standing went away while the request was under way (<c>invalid_token</c>).</summary>
    public static DomainException Unauthenticated(string detail) => new(ErrorKind.Unauthenticated, ErrorCodes.InvalidToken, detail);

    public static DomainException NotFound(string entity, object id) => NotFound($"{entity} with id \"{id}\" not found");

    public static DomainException NotFound(string detail) => new(ErrorKind.NotFound, ErrorCodes.NotFound, detail);

    /// <summary>A rule broken by the field at <paramref name="pointer"/> (<c>validation_failed</c>).</summary>
    public static DomainException Invalid(string pointer, string detail) => Invalid(ErrorCodes.ValidationFailed, pointer, detail);

    /// <summary>A rule broken by the field at <paramref name="pointer"/>, with a code of its own (e.g. <c>url_not_allowed</c>).</summary>
    public static DomainException Invalid(string code, string pointer, string detail) => new(ErrorKind.Invalid, code, detail, pointer);

    public static DomainException Forbidden(string detail) => Forbidden(ErrorCodes.Forbidden, detail);

    /// <summary>Forbidden with a code of its own (e.g. <c>task_closed</c>).</summary>
    public static DomainException Forbidden(string code, string detail) => new(ErrorKind.Forbidden, code, detail);

    public static DomainException Conflict(string code, string detail) => new(ErrorKind.Conflict, code, detail);

    /// <summary>A capability the owner switched off (prefer <see cref="ApiAccessDisabled"/> and <see cref="WebhooksDisabled"/>).</summary>
    public static DomainException Disabled(string code, string detail) => new(ErrorKind.Disabled, code, detail);

    /// <summary>The owner's API switch is off (PRODUCT.md rule 2): one message whether a token is used or one is to be made.</summary>
    public static DomainException ApiAccessDisabled() => Disabled(ErrorCodes.ApiAccessDisabled,
        "The owner of this cloud has switched API access off; tokens are kept and work again once it is on, but none can be created until then.");

    /// <summary>The owner's webhook switch is off (rule 3): one message from the API's authorization, the service and the pages.</summary>
    public static DomainException WebhooksDisabled() => Disabled(ErrorCodes.WebhooksDisabled,
        "The owner of this cloud has switched webhooks off; no deliveries are made and webhooks cannot be managed until they are on again.");

    /// <summary>The plan lacks a feature; <c>PlanGate.Unavailable</c> builds it with the feature and plans named.</summary>
    public static DomainException PlanFeatureUnavailable(string detail, string? pointer) =>
        new(ErrorKind.PlanFeatureUnavailable, ErrorCodes.PlanFeatureUnavailable, detail, pointer);

    public static DomainException MethodNotAllowed(string detail) => new(ErrorKind.MethodNotAllowed, ErrorCodes.MethodNotAllowed, detail);

    public static DomainException Timeout(string detail) => new(ErrorKind.Timeout, ErrorCodes.RequestTimeout, detail);

    public static DomainException TooLarge(string detail) => TooLarge(ErrorCodes.PayloadTooLarge, detail);

    /// <summary>Too large with a code of its own (e.g. <c>file_too_large</c>).</summary>
    public static DomainException TooLarge(string code, string detail) => new(ErrorKind.TooLarge, code, detail);

    public static DomainException RateLimited(string detail) => new(ErrorKind.RateLimited, ErrorCodes.RateLimited, detail);

    public static DomainException Overloaded(string detail) => new(ErrorKind.Overloaded, ErrorCodes.Overloaded, detail);
}

/// <summary>
/// An input rejected field by field: every broken rule at once, each with its pointer, code and sentence. The API
/// answers them in the problem's <c>errors</c>; a form shows each next to its field (<c>FormErrors</c>).
/// </summary>
public sealed class InputRejectedException : DomainException
{
    private InputRejectedException(ErrorKind kind, string code, string detail, string? pointer, IEnumerable<FieldError> errors)
        : base(kind, code, detail, pointer)
    {
        foreach (var error in errors)
        {
            Errors.Add(error);
        }
    }

    /// <summary>Values of the wrong type (<c>bad_request</c>); the first one is the message.</summary>
    public static InputRejectedException Malformed(IReadOnlyList<FieldError> errors) =>
        new(ErrorKind.BadRequest, ErrorCodes.BadRequest, errors[0].Detail, errors[0].Pointer, errors);

    /// <summary>Rules broken (<c>validation_failed</c>); the first one is the message, unless <paramref name="detail"/> sums them up.</summary>
    public static InputRejectedException Invalid(IReadOnlyList<FieldError> errors, string? detail = null) =>
        new(ErrorKind.Invalid, ErrorCodes.ValidationFailed, detail ?? errors[0].Detail, detail is null ? errors[0].Pointer : null, errors);
}

/// <summary>One field's error: a JSON pointer into the request, a code and a sentence.</summary>
public sealed record FieldError(string Pointer, string Code, string Detail);

/// <summary>The stable error codes of the API (CORE-API.md); clients branch on these.</summary>
public static class ErrorCodes
{
    public const string InvalidToken = "invalid_token";
    public const string ApiAccessDisabled = "api_access_disabled";
    public const string RateLimited = "rate_limited";
    public const string Overloaded = "overloaded";
    public const string StorageUnavailable = "storage_unavailable";
    public const string RequestTimeout = "request_timeout";
    public const string PlanFeatureUnavailable = "plan_feature_unavailable";
    public const string WebhooksDisabled = "webhooks_disabled";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string BadRequest = "bad_request";
    public const string ValidationFailed = "validation_failed";
    public const string TaskClosed = "task_closed";
    public const string PayloadTooLarge = "payload_too_large";
    public const string FileTooLarge = "file_too_large";
    public const string QuotaExceeded = "quota_exceeded";
    public const string Conflict = "conflict";
    public const string PlanDowngradeBlocked = "plan_downgrade_blocked";
    public const string AlreadyAUser = "already_a_user";
}
