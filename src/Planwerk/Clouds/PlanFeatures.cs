using System.ComponentModel.DataAnnotations;
using Planwerk.Employees;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Clouds;

/// <summary>A feature that some plans lack (PRODUCT.md's feature matrix).</summary>
public enum PlanFeature
{
    /// <summary>
    /// The project/package officer ("Projektverantwortlicher", <c>officerId</c> on projects and packages). The task
    /// officer is not gated: PRODUCT.md's matrix names only projects and packages, and factro's basic plan has it.
    /// </summary>
    Officer,
    /// <summary>Draft projects (<c>isDraft</c>) and the project state <c>planned</c>.</summary>
    DraftProjects,
    /// <summary>Per-object read/write rights.</summary>
    ObjectRights,
    /// <summary>Time tracking: work records and their webhook actions.</summary>
    WorkRecords,
    /// <summary>The security groups AdvancedRights and BasicRights.</summary>
    ExtendedSecurityGroups,
}

/// <summary>
/// The one place that says which plan has which feature. The API, the UI, the CLI and the
/// webhook dispatcher all ask here, so a plan means the same thing through every door.
/// </summary>
public static class PlanFeatures
{
    private static readonly Dictionary<PlanFeature, Plan[]> PlansByFeature = new()
    {
        [PlanFeature.Officer] = [Plan.Team, Plan.Business, Plan.Professional],
        [PlanFeature.DraftProjects] = [Plan.Team, Plan.Business, Plan.Professional],
        [PlanFeature.ObjectRights] = [Plan.Team, Plan.Business, Plan.Professional],
        [PlanFeature.WorkRecords] = [Plan.Professional],
        [PlanFeature.ExtendedSecurityGroups] = [Plan.Team, Plan.Business, Plan.Professional],
    };

    /// <summary>Whether <paramref name="plan"/> includes <paramref name="feature"/>.</summary>
    public static bool Has(this Plan plan, PlanFeature feature) => PlansByFeature[feature].Contains(plan);

    /// <summary>The plans that include <paramref name="feature"/>, cheapest first.</summary>
    public static IReadOnlyList<Plan> PlansWith(PlanFeature feature) => PlansByFeature[feature];

    /// <summary>The features a plan lacks, e.g. to list what a downgrade removes.</summary>
    public static IEnumerable<PlanFeature> Lacks(this Plan plan) =>
        Enum.GetValues<PlanFeature>().Where(f => !plan.Has(f));

    /// <summary>Whether users of <paramref name="group"/> may exist in a cloud on <paramref name="plan"/>.</summary>
    public static bool Allows(this Plan plan, SecurityGroup group) =>
        group is SecurityGroup.AllRights or SecurityGroup.GuestRights || plan.Has(PlanFeature.ExtendedSecurityGroups);

    /// <summary>
    /// How many users a cloud on <paramref name="plan"/> may have. Paid seats are users of every group
    /// but <c>GuestRights</c>; guests count only towards the total. Deactivated users hold no seat.
    /// <list type="bullet">
    /// <item>basic (the free tier): 3 paid users, 10 users in all; fixed.</item>
    /// <item>team: 25 paid, 100 in all; business: 100 paid, 500 in all; professional: 500 paid, 2000 in all.
    /// These defaults can be changed per plan in <c>Planwerk:Seats:{Plan}:MaxPaidUsers|MaxUsers</c> (self-hosters decide).</item>
    /// </list>
    /// </summary>
    public static UserSeats Seats(this Plan plan, SeatOptions? configured = null)
    {
        var defaults = plan switch
        {
            Plan.Basic => new UserSeats(3, 10),
            Plan.Team => new UserSeats(25, 100),
            Plan.Business => new UserSeats(100, 500),
            _ => new UserSeats(500, 2000),
        };
        var overrides = plan switch
        {
            Plan.Team => configured?.Team,
            Plan.Business => configured?.Business,
            Plan.Professional => configured?.Professional,
            _ => null,
        };
        return overrides is null ? defaults : new UserSeats(overrides.MaxPaidUsers ?? defaults.MaxPaidUsers, overrides.MaxUsers ?? defaults.MaxUsers);
    }

    /// <summary>The wire name of a plan (<c>basic</c>, <c>team</c>, …).</summary>
    public static string ToWire(this Plan plan) => plan.ToString().ToLowerInvariant();

    /// <summary>Parses a plan's wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out Plan plan) =>
        Enum.TryParse(value, ignoreCase: true, out plan) && Enum.IsDefined(plan) && !int.TryParse(value, out _);
}

/// <summary>A plan's seat limits: paid users (all groups but guests) and users in all.</summary>
public sealed record UserSeats(int MaxPaidUsers, int MaxUsers);

/// <summary>Configured seat limits of the paid plans (<c>Planwerk:Seats</c>); basic's are fixed. See <see cref="PlanFeatures.Seats"/>.</summary>
public sealed class SeatOptions
{
    public const string Section = "Planwerk:Seats";

    public SeatLimit? Team { get; set; }
    public SeatLimit? Business { get; set; }
    public SeatLimit? Professional { get; set; }
}

/// <summary>One plan's configured seat limits; a missing value keeps the default.</summary>
public sealed class SeatLimit
{
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int? MaxPaidUsers { get; set; }
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int? MaxUsers { get; set; }
}
