using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Documents;

/// <summary>The upload form of a documents section (<c>_Documents.cshtml</c>), for every page that has one: its errors name the form's label.</summary>
public static class DocumentForms
{
    /// <summary>Uploads the posted file; false with the error next to the file field when it is refused.</summary>
    public static async Task<bool> UploadAsync(PageModel page, IStringLocalizer<Text> t, DocumentService documents, Caller caller, DocumentTarget target,
        IFormFile? file, string? title, CancellationToken ct)
    {
        var label = t["Documents.File"];
        if (file is null || file.Length == 0 && string.IsNullOrEmpty(file.FileName))
        {
            page.ModelState.AddModelError("DocumentFile", t["Documents.Required", label]);
            return false;
        }

        try
        {
            await using var content = file.OpenReadStream();
            await documents.UploadAsync(caller, target, file.FileName, title is null ? default(Optional<string?>) : title, content, new FormErrors(), ct);
            return true;
        }
        catch (DomainException e) when (e.Code == ErrorCodes.FileTooLarge)
        {
            page.ModelState.AddModelError("DocumentFile", t["Documents.TooLarge", label, ByteSize.Format(documents.MaxFileBytes)]);
        }
        catch (DomainException e) when (e.Code == ErrorCodes.QuotaExceeded)
        {
            var quota = await documents.QuotaAsync(caller, ct);
            page.ModelState.AddModelError("DocumentFile", t["Documents.QuotaExceeded", label, ByteSize.Format(quota.MaxDiskSpace), ByteSize.Format(quota.UsedDiskSpace)]);
        }
        catch (DomainException e) when (e.Kind is ErrorKind.Invalid or ErrorKind.BadRequest)
        {
            page.ModelState.AddModelError("DocumentTitle", e is InputRejectedException rejected && rejected.Errors.Count > 0 ? rejected.Errors[0].Detail : e.Message);
        }

        return false;
    }
}
