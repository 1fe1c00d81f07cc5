using System.ComponentModel.DataAnnotations;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Documents;

/// <summary>Limits of documents (<c>Planwerk:Documents</c>); docs/api.md "Documents".</summary>
public sealed class DocumentOptions
{
    public const string Section = "Planwerk:Documents";

    private const long GiB = 1024L * 1024 * 1024;

    /// <summary>The largest file one upload may carry (default 50 MiB); beyond it 413 <c>file_too_large</c>.</summary>
    [Range(typeof(long), "1", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The documents of one cloud on the basic plan, in bytes, all together (default 1 GiB).</summary>
    [Range(typeof(long), "0", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long BasicQuotaBytes { get; set; } = 1 * GiB;

    /// <summary>On the team plan (default 10 GiB).</summary>
    [Range(typeof(long), "0", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long TeamQuotaBytes { get; set; } = 10 * GiB;

    /// <summary>On the business plan (default 50 GiB).</summary>
    [Range(typeof(long), "0", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long BusinessQuotaBytes { get; set; } = 50 * GiB;

    /// <summary>On the professional plan (default 100 GiB).</summary>
    [Range(typeof(long), "0", "9223372036854775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public long ProfessionalQuotaBytes { get; set; } = 100 * GiB;

    /// <summary>The quota of a cloud on <paramref name="plan"/>.</summary>
    public long QuotaOf(Plan plan) => plan switch
    {
        Plan.Basic => BasicQuotaBytes,
        Plan.Team => TeamQuotaBytes,
        Plan.Business => BusinessQuotaBytes,
        _ => ProfessionalQuotaBytes,
    };
}
