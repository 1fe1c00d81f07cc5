using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// MVC's HTML generator, except that a validation summary is made as if client validation were off: without errors it
/// renders nothing instead of a hidden placeholder item with an inline style, which the Content-Security-Policy refuses.
/// </summary>
public sealed class NoPlaceholderSummaryHtmlGenerator(
    IAntiforgery antiforgery, IOptions<MvcViewOptions> options, IModelMetadataProvider metadataProvider, IUrlHelperFactory urlHelperFactory,
    HtmlEncoder htmlEncoder, ValidationHtmlAttributeProvider validationAttributeProvider)
    : DefaultHtmlGenerator(antiforgery, options, metadataProvider, urlHelperFactory, htmlEncoder, validationAttributeProvider)
{
    public override TagBuilder? GenerateValidationSummary(ViewContext viewContext, bool excludePropertyErrors, string? message,
        string? headerTag, object? htmlAttributes)
    {
        var clientValidation = viewContext.ClientValidationEnabled;
        viewContext.ClientValidationEnabled = false;
        try
        {
            return base.GenerateValidationSummary(viewContext, excludePropertyErrors, message, headerTag, htmlAttributes);
        }
        finally
        {
            viewContext.ClientValidationEnabled = clientValidation;
        }
    }
}
