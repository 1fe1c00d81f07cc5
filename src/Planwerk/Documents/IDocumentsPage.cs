using Microsoft.Extensions.Localization;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Documents;

/// <summary>A page with a documents section (<c>_Documents.cshtml</c>): the project and the task page.</summary>
public interface IDocumentsPage
{
    IReadOnlyList<Document> Documents { get; }

    /// <summary>Whether the caller may upload and delete here (<see cref="DocumentService.MayChangeAsync"/>).</summary>
    bool MayChangeDocuments { get; }

    /// <summary>A user's name for "who" (by employee id).</summary>
    string NameOf(Guid? employeeId);

    IStringLocalizer<Text> T { get; }
}

/// <summary>Sizes for people: bytes, kB, MB, GB (decimal, as file managers show them).</summary>
public static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        < 1000 => $"{bytes} B",
        < 1000 * 1000 => $"{bytes / 1000.0:0.#} kB",
        < 1000L * 1000 * 1000 => $"{bytes / 1000.0 / 1000:0.#} MB",
        _ => $"{bytes / 1000.0 / 1000 / 1000:0.##} GB",
    };
}
