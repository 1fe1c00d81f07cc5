using Planwerk.Employees;

namespace Planwerk.Clouds;

/// <summary>A feature that some plans lack (PRODUCT.md's feature matrix).</summary>
public enum PlanFeature
{
    /// <summary>The project/package officer ("Projektverantwortlicher", <c>officerId</c>).</summary>
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

    /// <summary>The wire name of a plan (<c>basic</c>, <c>team</c>, …).</summary>
    public static string ToWire(this Plan plan) => plan.ToString().ToLowerInvariant();

    /// <summary>Parses a plan's wire name, case-insensitively.</summary>
    public static bool TryParse(string? value, out Plan plan) =>
        Enum.TryParse(value, ignoreCase: true, out plan) && Enum.IsDefined(plan) && !int.TryParse(value, out _);
}
