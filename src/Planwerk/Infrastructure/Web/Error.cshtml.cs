using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// <c>/error</c>: the HTML page a browser gets for an error no page answered itself — an unknown address or id (404),
/// an unhandled exception (500, with the request id and nothing of the exception), any other bare status — in the
/// person's language. Reached only by re-execution (<see cref="ErrorPages"/>); opened directly it is a 404. Anonymous,
/// every method, no antiforgery check (a refused post is re-executed as a post).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorPageModel : PageModel
{
    public int Status { get; private set; }

    public string RequestId => HttpContext.TraceIdentifier;

    public IActionResult OnGet() => Show();

    public IActionResult OnPost() => Show();

    private PageResult Show()
    {
        Status = HttpContext.Features.Get<IExceptionHandlerFeature>() is not null
            ? StatusCodes.Status500InternalServerError
            : HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode ?? StatusCodes.Status404NotFound;
        Response.StatusCode = Status;
        return Page();
    }
}
