using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Tests.Web;

/// <summary>
/// Every form of every page names its fields with their own labels, in English and German: each field a person fills in
/// has a label that exists in both languages and that its page shows, and a service's refusal of any API field the form
/// stands for lands under that field with a sentence naming the label — never the API's field name. The forms are found
/// from the pages' post handlers, so a new form (or a new field) without labels fails here.
/// </summary>
public sealed partial class FormLabelTests
{
    private static readonly Type[] PageTypes = typeof(Text).Assembly.GetTypes()
        .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal).ToArray();

    public static TheoryData<string> Languages => new("en", "de");

    [Fact]
    public void ThePagesHaveForms_ToCheck()
    {
        var forms = PageTypes.SelectMany(FormFields.All).Where(f => f.Form.Fields.Any(x => !x.Hidden)).ToList();

        Assert.True(forms.Count >= 20, $"only {forms.Count} forms found");
        Assert.Contains(forms, f => f.Form.ForKey("Input.PlannedEndDate") is { Label: "Field.PlannedEnd" });
        Assert.Contains(forms, f => f.Handler == "Book" && f.Form.ForPointer("/minutesWorked") is { Key: "Booking.Minutes" });
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void EveryFieldOfEveryForm_HasALabel_InTheLanguage_ThatItsPageShows(string language)
    {
        var problems = PageTypes.SelectMany(page => Unlabelled(page, language)).ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void ARefusalOfEveryApiFieldOfEveryForm_LandsUnderItsField_NamingItsLabel(string language)
    {
        var problems = new List<string>();
        foreach (var page in PageTypes)
        {
            var texts = new Texts(page, language);
            foreach (var (handler, form) in FormFields.All(page))
            {
                foreach (var field in form.Fields.Where(f => !f.Hidden))
                {
                    foreach (var api in field.ApiNames)
                    {
                        foreach (var code in new[] { "required", "invalid", "too_long", "some_new_code" })
                        {
                            var modelState = new ModelStateDictionary();
                            var refusal = InputRejectedException.Invalid([new FieldError($"/{api}", code, $"{api} is wrong.")]);
                            FormErrors.Add(modelState, refusal, form, texts.Localizer);
                            var label = texts.Localizer[field.Label!].Value;
                            var message = modelState[field.Key]?.Errors.SingleOrDefault()?.ErrorMessage;
                            if (message is null || !message.Contains(label, StringComparison.Ordinal) || ApiName().IsMatch(message))
                            {
                                problems.Add($"{page.Name} {handler} /{api} {code}: {message ?? "(not under " + field.Key + ")"}");
                            }
                        }
                    }
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(40)));
    }

    [Theory]
    [InlineData("de", "Geplantes Ende darf nicht vor dem geplanten Start liegen.", "Titel muss angegeben werden.")]
    [InlineData("en", "Planned end must not be before the planned start.", "Title is required.")]
    public void TheProjectFormsRefusals_AreSaidInThePagesLanguage_WithItsLabels(string language, string end, string title)
    {
        var form = FormFields.Of(typeof(Projects.NewProjectModel), null, "Input");
        var modelState = new ModelStateDictionary();
        var refusal = InputRejectedException.Invalid([
            new FieldError("/title", "required", "title is required."),
            new FieldError("/plannedEndDate", "before_start", "plannedEndDate must not lie before plannedStartDate."),
            new FieldError("/plannedEffort", "out_of_range", "plannedEffort must not be negative."),
        ]);

        FormErrors.Add(modelState, refusal, form, new Texts(typeof(Projects.NewProjectModel), language).Localizer);

        Assert.Equal([title], modelState["Input.Title"]!.Errors.Select(e => e.ErrorMessage));
        Assert.Equal([end], modelState["Input.PlannedEndDate"]!.Errors.Select(e => e.ErrorMessage));
        Assert.Single(modelState[string.Empty]!.Errors); // a field the form does not have: the summary
        Assert.DoesNotContain("plannedEffort", modelState[string.Empty]!.Errors.Single().ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AFormWithoutLabels_IsFound()
    {
        var problems = Unlabelled(typeof(UnlabelledPage), "en").ToList();

        Assert.Contains(problems, p => p.Contains("Input.Street", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("zip", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("Input.Id", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Input.City", StringComparison.Ordinal) && p.Contains("no text", StringComparison.Ordinal));
    }

    /// <summary>What is wrong with the labels of <paramref name="page"/>'s forms in <paramref name="language"/>.</summary>
    private static IEnumerable<string> Unlabelled(Type page, string language)
    {
        var texts = new Texts(page, language);
        var views = Views(page);
        foreach (var (handler, form) in FormFields.All(page))
        {
            foreach (var field in form.Fields)
            {
                if (field.Hidden && !IsMarkedHidden(page, handler, field))
                {
                    yield return $"{page.Name} {handler}: {field.Key} has no label ([Display(Name = …)]) and is not a [HiddenField]";
                }
                else if (field.Label is { } label && texts.Localizer[label].ResourceNotFound)
                {
                    yield return $"{page.Name} {handler}: {field.Key}'s label {label} has no text in {language}";
                }
                else if (field.Label is { } shown && views.Count > 0 && !views.Any(v => v.Contains($"[\"{shown}\"]", StringComparison.Ordinal)))
                {
                    yield return $"{page.Name} {handler}: {field.Key}'s label {shown} is not the one its page shows";
                }
            }
        }
    }

    private static bool IsMarkedHidden(Type page, string handler, FormField field)
    {
        var member = page.GetMethods().FirstOrDefault(m => m.Name == $"OnPost{handler}" || m.Name == $"OnPost{handler}Async")?.GetParameters()
            .FirstOrDefault(p => p.Name == field.Key) as System.Reflection.ICustomAttributeProvider;
        member ??= field.Key.Split('.') is [var model, var property]
            ? page.GetProperty(model)?.PropertyType.GetProperty(property)
            : page.GetProperty(field.Key);
        return member?.GetCustomAttributes(typeof(HiddenFieldAttribute), true).Length > 0;
    }

    /// <summary>The source of the pages and partials whose model is <paramref name="page"/> or one of its bases, and the layout (its forms are every page's).</summary>
    private static List<string> Views(Type page)
    {
        var models = new List<string>();
        for (var t = page; t is not null && t != typeof(PageModel); t = t.BaseType)
        {
            models.Add(t.FullName!.Replace('+', '.'));
        }

        models.AddRange(page.GetInterfaces().Select(i => i.FullName!)); // a section shared by pages (IDocumentsPage) is its own partial

        var source = Path.Combine(RepositoryRoot(), "src", "Planwerk");
        var views = Directory.EnumerateFiles(source, "*.cshtml", SearchOption.AllDirectories).Select(File.ReadAllText)
            .Where(text => models.Any(m => text.Contains($"@model {m}\n", StringComparison.Ordinal) || text.Contains($"@model {m}\r", StringComparison.Ordinal)))
            .ToList();
        return views.Count == 0 ? views : [.. views, File.ReadAllText(Path.Combine(source, "Infrastructure", "Web", "_Layout.cshtml"))];
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Planwerk.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Planwerk.slnx) was not found.");
    }

    /// <summary>An API field name in a sentence: a lower-case word with an upper-case letter inside (<c>plannedEndDate</c>).</summary>
    [GeneratedRegex(@"\b[a-z]+[A-Z][A-Za-z]*\b")]
    private static partial Regex ApiName();

    /// <summary>A page's texts (as the app finds them) in one language, whatever the thread's culture.</summary>
    public sealed class Texts(Type page, string language)
    {
        private static readonly IStringLocalizerFactory Factory =
            new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

        public IStringLocalizer Localizer { get; } = new InCulture(FormFields.Texts(page, Factory), new CultureInfo(language));

        private sealed class InCulture(IStringLocalizer inner, CultureInfo culture) : IStringLocalizer
        {
            public LocalizedString this[string name] => In(() => inner[name]);

            public LocalizedString this[string name, params object[] arguments] => In(() => inner[name, arguments]);

            public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => In(() => inner.GetAllStrings(includeParentCultures).ToList());

            private T In<T>(Func<T> lookup)
            {
                var before = CultureInfo.CurrentUICulture;
                CultureInfo.CurrentUICulture = culture;
                try
                {
                    return lookup();
                }
                finally
                {
                    CultureInfo.CurrentUICulture = before;
                }
            }
        }
    }

    /// <summary>A form as a new page might write it: one field labelled with a text that does not exist, one not at all.</summary>
    private sealed class UnlabelledPage : PageModel
    {
        public sealed class AddressForm
        {
            [HiddenField]
            public Guid Id { get; set; }

            public string? Street { get; set; }

            [Display(Name = "Field.NoSuchText")]
            public string? City { get; set; }
        }

        [BindProperty]
        public AddressForm Input { get; set; } = new();

        public string? Zip { get; private set; }

        public void OnPostMove(string? zip) => Zip = zip;
    }
}
