namespace Planwerk.Infrastructure.Errors;

/// <summary>
/// A rule of the domain said no. Carries the stable <see cref="Code"/> and HTTP status that the
/// API maps to problem+json, and the CLI to a one-line error; every door reports it the same way.
/// </summary>
public class DomainException(int status, string code, string detail, string? pointer = null) : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    /// <summary>JSON pointer of the offending field, if one field is to blame.</summary>
    public string? Pointer { get; } = pointer;

    /// <summary>Extra members for the problem body (e.g. <c>feature</c>, <c>currentPlan</c>).</summary>
    public IDictionary<string, object?> Extensions { get; } = new Dictionary<string, object?>();

    /// <summary>Field errors for the problem's <c>errors</c> array.</summary>
    public IList<FieldError> Errors { get; } = [];

    public static DomainException NotFound(string entity, object id) =>
        new(404, ErrorCodes.NotFound, $"{entity} with id \"{id}\" not found");

    public static DomainException Invalid(string pointer, string detail) =>
        new(422, ErrorCodes.ValidationFailed, detail, pointer);

    public static DomainException Forbidden(string detail) => new(403, ErrorCodes.Forbidden, detail);

    public static DomainException Conflict(string code, string detail) => new(409, code, detail);
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
    public const string Conflict = "conflict";
    public const string PlanDowngradeBlocked = "plan_downgrade_blocked";
}
