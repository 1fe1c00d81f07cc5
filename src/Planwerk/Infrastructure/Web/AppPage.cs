using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Web;

/// <summary>Who may open a page of the web UI.</summary>
/// <summary>
/// The base of every signed-in page: resolves the <see cref="WebSession"/> before a handler runs,
/// checks <see cref="Access"/>, and turns a service's refusal into messages next to the form's fields.
/// Pages stay thin: bind, call the capability's service (the same one the API calls), show the result.
/// </summary>
public abstract class AppPage : PageModel
{
    private WebSession? session;

    /// <summary>The right a caller needs to open this page (none: any active user of the cloud, guests included); checked before every handler.</summary>
    protected virtual Right? Access => null;

    public WebSession Session => session ?? throw new InvalidOperationException("No session is resolved for this page.");

    /// <summary>The caller in the chosen cloud (every page but the no-cloud one has one).</summary>
    public Caller Caller => Session.Caller ?? throw new InvalidOperationException("The account is in no cloud.");

    public Cloud Cloud => Session.Cloud ?? throw new InvalidOperationException("The account is in no cloud.");

    public Plan Plan => Caller.Plan;

    public bool Has(PlanFeature feature) => Plan.Has(feature);

    public IStringLocalizer<Text> T => HttpContext.RequestServices.GetRequiredService<IStringLocalizer<Text>>();

    /// <summary>A one-off message shown at the top of the next page (after a redirect).</summary>
    [TempData]
    public string? Flash { get; set; }

    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        session = await http.RequestServices.GetRequiredService<WebCaller>().ResolveAsync(http, http.RequestAborted);
        if (session is null)
        {
            context.Result = Challenge();
            return;
        }

        http.Items[typeof(WebSession)] = session;
        if (session.Caller is not { } caller)
        {
            context.Result = AllowsNoCloud ? null : RedirectToPage("/Accounts/NoCloud");
            if (context.Result is null)
            {
                await next();
            }

            return;
        }

        if (Access is { } right && !caller.Has(right))
        {
            context.Result = ForbiddenPage();
            return;
        }

        var executed = await next();
        if (executed.Exception is DomainException refusal && !executed.ExceptionHandled)
        {
            // An id of another cloud, or of nothing, is a plain 404, so existence never leaks (rule 6);
            // any other refusal a handler did not show in its form is shown on a page of its own, never as a 500.
            executed.Result = refusal.Kind == ErrorKind.NotFound ? NotFound() : Refused(refusal);
            executed.ExceptionHandled = true;
        }
    }

    /// <summary>The page that says the caller's security group may not do this (403).</summary>
    protected ViewResult ForbiddenPage() =>
        new() { ViewName = "/Infrastructure/Web/Forbidden.cshtml", StatusCode = StatusCodes.Status403Forbidden, ViewData = ViewData };

    private ViewResult Refused(DomainException refusal)
    {
        // The owner's switches are refused in the page's language (Refusal.<code>); other refusals say the service's sentence.
        var localized = T[$"Refusal.{refusal.Code}"];
        ViewData["Refusal"] = localized.ResourceNotFound ? refusal.Message : localized.Value;
        ViewData["RefusalCode"] = refusal.Code;
        return new ViewResult { ViewName = "/Infrastructure/Web/Refused.cshtml", StatusCode = ErrorStatus.Of(refusal), ViewData = ViewData };
    }

    /// <summary>True for the one page an account without a cloud may see.</summary>
    protected virtual bool AllowsNoCloud => false;

    /// <summary>
    /// Runs a service call. A refusal the form can fix (bad input, a conflict, broken rules, the form's own
    /// <see cref="InputRejectedException"/>) lands in the model state, under the form's field in the page's words
    /// (<see cref="FormErrors.Add(PageModel, DomainException, string)"/>: the bound model <paramref name="prefix"/>, or the
    /// handler's own parameters when the page has no such model), and false is returned; any
    /// other refusal (rights, a switch, the plan, not found) is not the form's to fix and goes on to the page filter,
    /// which shows it with its status and code.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> action, string prefix = "Input")
    {
        if (!ModelState.IsValid)
        {
            return false;
        }

        try
        {
            await action();
            return true;
        }
        catch (DomainException e) when (e.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.Invalid)
        {
            FormErrors.Add(this, e, prefix);
            return false;
        }
    }

    /// <summary>
    /// Runs a service call that reports its rule violations to the form's collector, like <see cref="TryAsync(Func{Task}, string)"/>;
    /// but when the page's own checks (a required field, a length, a value that is none) have refused the form already, the
    /// service still checks the rest, so every error of the form is shown at once: the collector then refuses at the
    /// service's <see cref="IInputErrors.ThrowIfInvalid"/>, before anything is written.
    /// </summary>
    protected async Task<bool> TryAsync(Func<FormErrors, Task> action, string prefix = "Input")
    {
        try
        {
            await action(new FormErrors(refuseInAnyCase: !ModelState.IsValid));
            return ModelState.IsValid;
        }
        catch (DomainException e) when (e.Kind is ErrorKind.BadRequest or ErrorKind.Conflict or ErrorKind.Invalid)
        {
            FormErrors.Add(this, e, prefix);
            return false;
        }
    }

    /// <summary>
    /// A yes/no field a handler acts on: missing or malformed is a 400, never read as <c>false</c>
    /// (a forged or truncated post must not, say, switch the API off).
    /// </summary>
    protected static bool Required(bool? value, string name) =>
        value ?? throw DomainException.BadRequest("/" + name, $"{name} must be true or false.");

    /// <summary>Collects a service's rule violations for a form that acts outside <c>TryAsync</c> (a tick of a checklist entry).</summary>
    protected static FormErrors Errors() => new();

    /// <summary>
    /// The messages of a list's filter (a GET form in the query string) that could not be read — "From is not valid." in
    /// the page's language, naming the field's label — in the order they were bound.
    /// </summary>
    public IReadOnlyList<string> QueryErrors => [.. ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Distinct()];

    /// <summary>Whether the filter field <paramref name="key"/> could not be read.</summary>
    public bool Invalid(string key) => ModelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>What was sent for the filter field <paramref name="key"/> that could not be read, so the form shows it again to be corrected.</summary>
    public string? Attempted(string key) => Invalid(key) ? ModelState[key]!.AttemptedValue : null;

    /// <summary>A one-time secret (a new token, an invitation link) for the page the post redirects to (<see cref="OneTimeSecret"/>).</summary>
    protected void KeepSecretForNextPage(string kind, string secret) =>
        OneTimeSecret.Keep(HttpContext, TempData, kind, Session.AccountId, secret);

    /// <summary>The one-time secret the previous post kept for this page, once; null on any later request.</summary>
    protected string? TakeSecret(string kind) => OneTimeSecret.Take(HttpContext, TempData, kind, Session.AccountId);
}
