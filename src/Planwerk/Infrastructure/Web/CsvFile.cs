using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace Planwerk.Infrastructure.Web;

/// <summary>
/// A list of the web UI as a CSV download that a spreadsheet opens as it is: UTF-8 with a byte order mark (Excel reads
/// the file as UTF-8 only with one), the header row in the page's language, the separator Excel expects in that language
/// (<c>;</c> in German, where the comma is the decimal sign; <c>,</c> in English), and every text cell that starts like a
/// formula (<c>= + - @</c>, a tab or CR) prefixed with <c>'</c>, so a description such as <c>=HYPERLINK(…)</c> is shown,
/// never run (CSV injection, as OWASP describes it).
/// </summary>
public static class CsvFile
{
    public static FileContentResult Create(string fileName, IReadOnlyList<string> header, IEnumerable<string?[]> rows)
    {
        var options = new CsvWriterOptions
        {
            Separator = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de" ? ';' : ',',
            Injection = CsvInjection.Escape,
            WriteByteOrderMark = true,
        };
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader([.. header]);
            foreach (var row in rows)
            {
                csv.WriteRecord(row.Select(v => v ?? string.Empty).ToArray());
            }
        }

        return new FileContentResult(stream.ToArray(), "text/csv; charset=utf-8") { FileDownloadName = fileName };
    }
}
