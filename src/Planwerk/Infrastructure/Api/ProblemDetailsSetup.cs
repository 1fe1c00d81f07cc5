using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Every error is RFC 9457 problem+json with a stable <c>code</c>, the <c>requestId</c> and a
/// factro-style <c>message</c> (= <c>detail</c>). Domain exceptions and bad requests are mapped here, once.
/// </summary>
public static class ProblemDetailsSetup
{
    public static IServiceCollection AddPlanwerkProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var code = problem.Extensions.TryGetValue("code", out var c) && c is string s ? s : DefaultCode(status);
            problem.Extensions["code"] = code;
            problem.Type = $"urn:planwerk:error:{code}";
            problem.Detail ??= problem.Title;
            problem.Extensions["message"] = problem.Detail;
            problem.Extensions["requestId"] = context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("traceId");
        });
        services.AddExceptionHandler<DomainExceptionHandler>();
        return services;
    }

    /// <summary>The code of a bare status (routing's 404, a 405, …).</summary>
    public static string DefaultCode(int status) => status switch
    {
        400 => ErrorCodes.BadRequest,
        401 => ErrorCodes.InvalidToken,
        403 => ErrorCodes.Forbidden,
        404 => ErrorCodes.NotFound,
        405 => ErrorCodes.MethodNotAllowed,
        408 => ErrorCodes.RequestTimeout,
        409 => ErrorCodes.Conflict,
        413 => ErrorCodes.PayloadTooLarge,
        415 => "unsupported_media_type",
        422 => ErrorCodes.ValidationFailed,
        429 => ErrorCodes.RateLimited,
        _ => status >= 500 ? "internal_error" : "error",
    };
}

/// <summary>Maps exceptions to problem+json: a domain refusal gets the status of its kind (<see cref="ErrorStatus"/>) and keeps its code; bad input is a 400, never a 500.</summary>
public sealed partial class DomainExceptionHandler(IProblemDetailsService problems, ILogger<DomainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            DomainException domain => FromDomain(domain),
            BadHttpRequestException { StatusCode: 413 } => Problem(413, ErrorCodes.PayloadTooLarge, "The request body is too large."),
            BadHttpRequestException bad => Problem(400, ErrorCodes.BadRequest, Describe(bad)),
            JsonException json => Problem(400, ErrorCodes.BadRequest, $"The body is not valid JSON: {json.Message}"),
            DbUpdateException unique when unique.IsUniqueViolation() => Problem(409, ErrorCodes.Conflict, UniqueViolation.Detail),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };
        if (problem is null)
        {
            if (exception is not OperationCanceledException)
            {
                Log.Unhandled(logger, exception, httpContext.TraceIdentifier);
            }

            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails FromDomain(DomainException e)
    {
        var problem = Problem(ErrorStatus.Of(e), e.Code, e.Message);
        foreach (var (key, value) in e.Extensions)
        {
            problem.Extensions[key] = value;
        }

        if (e.Errors.Count > 0)
        {
            problem.Extensions["errors"] = e.Errors;
        }
        else if (e.Pointer is not null && !problem.Extensions.ContainsKey("pointer"))
        {
            problem.Extensions["errors"] = new[] { new FieldError(e.Pointer, e.Code, e.Message) };
        }

        return problem;
    }

    private static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = Titles.TryGetValue(code, out var title) ? title : code.Replace('_', ' '),
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"The body is not valid JSON{(json.Path is { } p ? $" at {p}" : string.Empty)}: {json.Message}",
        _ when bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase) => "A JSON body is required.",
        _ => bad.Message,
    };

    private static readonly Dictionary<string, string> Titles = new()
    {
        [ErrorCodes.BadRequest] = "Bad request",
        [ErrorCodes.ValidationFailed] = "Validation failed",
        [ErrorCodes.NotFound] = "Not found",
        [ErrorCodes.MethodNotAllowed] = "Method not allowed",
        [ErrorCodes.Forbidden] = "Forbidden",
        [ErrorCodes.PlanFeatureUnavailable] = "Not available on this plan",
        [ErrorCodes.ApiAccessDisabled] = "API access is switched off",
        [ErrorCodes.WebhooksDisabled] = "Webhooks are switched off",
        [ErrorCodes.TaskClosed] = "The task is closed",
        [ErrorCodes.PayloadTooLarge] = "Payload too large",
        [ErrorCodes.FileTooLarge] = "File too large",
        [ErrorCodes.QuotaExceeded] = "Document quota exceeded",
        [ErrorCodes.RequestTimeout] = "Request timeout",
        [ErrorCodes.Conflict] = "Conflict",
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Unhandled exception in request {RequestId}")]
        public static partial void Unhandled(ILogger logger, Exception exception, string requestId);
    }
}
