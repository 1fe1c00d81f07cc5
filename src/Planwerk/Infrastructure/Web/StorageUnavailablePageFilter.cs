using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// A page handler whose write the storage could not take (disk full, I/O error) shows a page that says so, in the
/// person's language, with 503 and <c>Retry-After</c> — never a 500. Global, so it covers every page, signed in or not.
/// </summary>
public sealed class StorageUnavailablePageFilter(StorageHealth health, IOptions<StorageOptions> options) : IAsyncPageFilter
{
    public const string ViewName = "/Infrastructure/Web/StorageUnavailable.cshtml";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is { } failure && !executed.ExceptionHandled && health.Observe(failure))
        {
            context.HttpContext.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            executed.Result = new ViewResult
            {
                ViewName = ViewName,
                StatusCode = StatusCodes.Status503ServiceUnavailable,
                ViewData = (executed.HandlerInstance as PageModel)?.ViewData
                    ?? new ViewDataDictionary(context.HttpContext.RequestServices.GetRequiredService<IModelMetadataProvider>(), context.ModelState),
            };
            executed.ExceptionHandled = true;
        }
    }
}
