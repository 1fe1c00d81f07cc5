using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// <c>&lt;time utc="@t"&gt;&lt;/time&gt;</c>: a stored (UTC) time as the person reads it — in their zone
/// (<see cref="PersonTimeZone"/>), in the page's culture, with the offset it is in ("04.12.2026 23:03 (UTC+01:00)"); the
/// element keeps the instant in <c>datetime</c> and the zone's name in <c>title</c>. Every time the UI shows goes
/// through here, so none is shown in another zone or without saying which. A null time renders the element's content.
/// </summary>
[HtmlTargetElement("time", Attributes = "utc")]
public sealed class TimeTagHelper : TagHelper
{
    [HtmlAttributeName("utc")]
    public DateTime? Utc { get; set; }

    /// <summary>Leave the offset out (a column whose heading says the zone).</summary>
    [HtmlAttributeName("bare")]
    public bool Bare { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Utc is not { } utc)
        {
            output.TagName = null;
            return;
        }

        var zone = PersonTimeZone.Of(ViewContext.HttpContext);
        output.Attributes.SetAttribute("datetime", DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        output.Attributes.SetAttribute("title", zone.Id);
        output.Content.SetContent(Bare ? zone.Local(utc).ToString("g", CultureInfo.CurrentCulture) : zone.Show(utc));
    }
}
