using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Localization;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// <c>&lt;div form-errors="Book"&gt;</c>: the summary at the top of a form after a post it refused — every error of the
/// form at once, in the order of the form's fields, each naming its field's label. Rendered only for the form whose
/// handler was posted (the value names it; empty for the page's default handler), so a page with several forms shows the
/// summary in the form that was sent. It takes the focus when no field of the form does (an error of the whole form).
/// </summary>
[HtmlTargetElement("div", Attributes = "form-errors")]
public sealed class FormErrorSummaryTagHelper(IStringLocalizer<Text> t) : TagHelper
{
    [HtmlAttributeName("form-errors")]
    public string? Handler { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var http = ViewContext.HttpContext;
        var modelState = ViewContext.ModelState;
        var posted = http.Items[typeof(HandlerMethodDescriptorName)] is HandlerMethodDescriptorName { } name ? name.Name ?? string.Empty : null;
        if (modelState.ErrorCount == 0 || !HttpMethods.IsPost(http.Request.Method) || !string.Equals(posted, Handler ?? string.Empty, StringComparison.OrdinalIgnoreCase))
        {
            output.SuppressOutput();
            return;
        }

        var page = ViewContext.ViewData.Model?.GetType();
        var forms = page is null ? [] : FormFields.All(page).Where(f => string.Equals(f.Handler, Handler ?? string.Empty, StringComparison.OrdinalIgnoreCase)).Select(f => f.Form).ToList();
        var fields = forms.SelectMany(f => f.Fields).ToList();
        int Order(string key) => key.Length == 0 ? -1 : fields.FindIndex(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i : int.MaxValue;
        var errors = modelState.Where(e => e.Value!.Errors.Count > 0).OrderBy(e => Order(e.Key))
            .SelectMany(e => e.Value!.Errors.Select(error => error.ErrorMessage)).Distinct().ToList();
        var anyField = modelState.Any(e => e.Value!.Errors.Count > 0 && e.Key.Length > 0
            && fields.Any(f => !f.Hidden && string.Equals(f.Key, e.Key, StringComparison.OrdinalIgnoreCase)));

        output.TagName = "div";
        output.Attributes.SetAttribute("class", "error error-summary");
        output.Attributes.SetAttribute("role", "alert");
        output.Attributes.SetAttribute("tabindex", "-1");
        output.Attributes.SetAttribute("data-form-errors", errors.Count);
        if (!anyField)
        {
            output.Attributes.SetAttribute("autofocus", "autofocus");
        }

        var html = new HtmlContentBuilder();
        html.AppendHtml("<p class=\"error-summary-title\">").Append(errors.Count == 1 ? t["FormError.SummaryOne"] : t["FormError.Summary", errors.Count]).AppendHtml("</p><ul>");
        foreach (var message in errors)
        {
            html.AppendHtml("<li>").Append(message).AppendHtml("</li>");
        }

        html.AppendHtml("</ul>");
        output.Content.SetHtmlContent(html);
    }
}

/// <summary>
/// Every input, select and textarea of a refused form: a field with an error is marked <c>aria-invalid</c> and the first
/// one takes the focus (<c>autofocus</c>, no script needed); while a form has errors no other field keeps an
/// <c>autofocus</c> of its own. Runs after the built-in tag helpers, so the field's <c>name</c> is known. Where one form is
/// repeated per row (a checklist entry's title), the copies not posted say <c>data-posted="false"</c> and are left unmarked.
/// </summary>
[HtmlTargetElement("input", TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("select")]
[HtmlTargetElement("textarea")]
public sealed class InvalidFieldTagHelper : TagHelper
{
    private static readonly object FocusTaken = new();

    public override int Order => 1000;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var modelState = ViewContext.ModelState;
        if (modelState.ErrorCount == 0 || output.Attributes["name"]?.Value?.ToString() is not { Length: > 0 } name
            || output.Attributes["type"]?.Value?.ToString() == "hidden")
        {
            return;
        }

        output.Attributes.RemoveAll("autofocus");
        var posted = output.Attributes["data-posted"]?.Value?.ToString() != "false";
        output.Attributes.RemoveAll("data-posted");
        if (posted && modelState.TryGetValue(name, out var entry) && entry.ValidationState == ModelValidationState.Invalid && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            if (!ViewContext.HttpContext.Items.ContainsKey(FocusTaken))
            {
                ViewContext.HttpContext.Items[FocusTaken] = true;
                output.Attributes.SetAttribute("autofocus", "autofocus");
            }
        }
    }
}
