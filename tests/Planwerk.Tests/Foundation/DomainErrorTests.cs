using Microsoft.AspNetCore.Mvc.ModelBinding;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// Refusals carry a kind, and <see cref="ErrorStatus"/> alone turns it into a status (ADR 8): every kind has one, and each
/// refusal keeps the status and code it had on the wire before the kinds. A form's violations travel as one
/// <see cref="InputRejectedException"/> and land under their fields, not as a summary.
/// </summary>
public sealed class DomainErrorTests
{
    [Fact]
    public void EveryKind_HasAStatus()
    {
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            Assert.InRange(ErrorStatus.Of(kind), 400, 599);
        }
    }

    public static TheoryData<string, int, string> Refusals => new()
    {
        { "bad request", 400, "bad_request" },
        { "unauthenticated", 401, "invalid_token" },
        { "forbidden", 403, "forbidden" },
        { "task closed", 403, "task_closed" },
        { "API access off", 403, "api_access_disabled" },
        { "webhooks off", 403, "webhooks_disabled" },
        { "plan", 403, "plan_feature_unavailable" },
        { "not found", 404, "not_found" },
        { "method", 405, "method_not_allowed" },
        { "timeout", 408, "request_timeout" },
        { "conflict", 409, "conflict" },
        { "too large", 413, "payload_too_large" },
        { "invalid", 422, "validation_failed" },
        { "url", 422, "url_not_allowed" },
        { "rate", 429, "rate_limited" },
        { "overloaded", 503, "overloaded" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void EachRefusal_KeepsItsStatusAndCode(string refusal, int status, string code)
    {
        var error = refusal switch
        {
            "bad request" => DomainException.BadRequest("/limit", "limit must be a number."),
            "unauthenticated" => DomainException.Unauthenticated("The token was revoked."),
            "forbidden" => DomainException.Forbidden("Your security group may not do this."),
            "task closed" => DomainException.Forbidden(ErrorCodes.TaskClosed, "The task is closed."),
            "API access off" => DomainException.ApiAccessDisabled(),
            "webhooks off" => DomainException.WebhooksDisabled(),
            "plan" => Planwerk.Clouds.PlanGate.Unavailable(Planwerk.Clouds.PlanFeature.WorkRecords, Planwerk.Clouds.Plan.Basic, null),
            "not found" => DomainException.NotFound("Task", Guid.Empty),
            "method" => DomainException.MethodNotAllowed("PATCH is not allowed."),
            "timeout" => DomainException.Timeout("The body did not arrive in time."),
            "conflict" => DomainException.Conflict(ErrorCodes.Conflict, "Already a user."),
            "too large" => DomainException.TooLarge("The body is too large."),
            "invalid" => DomainException.Invalid("/title", "title is required."),
            "url" => DomainException.Invalid("url_not_allowed", "/callbackUri", "Not a public address."),
            "rate" => DomainException.RateLimited("Too many requests."),
            _ => DomainException.Overloaded("Try again."),
        };

        var problem = DomainExceptionHandler.FromDomain(error);
        Assert.Equal((status, code), (ErrorStatus.Of(error), error.Code));
        Assert.Equal((status, code), (problem.Status, problem.Extensions["code"]));
    }

    [Fact]
    public void AFormsViolations_LandUnderTheirFields_InThePagesWords_AndTheRestInTheSummary()
    {
        var errors = new FormErrors();
        errors.Invalid("title", "required", "title is required.");
        errors.Invalid("plannedEndDate", "before_start", "The end lies before the start.");
        errors.Invalid(string.Empty, "other", "Something about the whole form.");
        var rejected = Assert.Throws<FormErrors.FormRefused>(errors.ThrowIfInvalid);

        var modelState = new ModelStateDictionary();
        var form = FormFields.Of(typeof(Planwerk.Projects.NewProjectModel), null, "Input");
        var texts = new Planwerk.Tests.Web.FormLabelTests.Texts(typeof(Planwerk.Projects.NewProjectModel), "en").Localizer;
        FormErrors.Add(modelState, rejected, form, texts);

        Assert.Equal(ErrorKind.Invalid, rejected.Kind);
        Assert.Equal(["Title is required."], modelState["Input.Title"]!.Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["Planned end must not be before the planned start."], modelState["Input.PlannedEndDate"]!.Errors.Select(e => e.ErrorMessage));
        Assert.Equal(["An entry is not valid."], modelState[string.Empty]!.Errors.Select(e => e.ErrorMessage));
    }
}
