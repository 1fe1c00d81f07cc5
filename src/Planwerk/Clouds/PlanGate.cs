using Planwerk.Infrastructure.Errors;

namespace Planwerk.Clouds;

/// <summary>Turns "the plan lacks this" into the one error every door reports (governance rule 4).</summary>
public static class PlanGate
{
    /// <summary><c>plan_feature_unavailable</c> naming the feature, the plan, the plans that have it and the field.</summary>
    public static DomainException Unavailable(PlanFeature feature, Plan currentPlan, string? pointer)
    {
        var requiredPlans = PlanFeatures.PlansWith(feature).Select(p => p.ToWire()).ToArray();
        var error = DomainException.PlanFeatureUnavailable(
            $"The {currentPlan.ToWire()} plan does not include {FeatureName(feature)}; it needs one of: {string.Join(", ", requiredPlans)}.",
            pointer);
        error.Extensions["feature"] = FeatureName(feature);
        error.Extensions["currentPlan"] = currentPlan.ToWire();
        error.Extensions["requiredPlans"] = requiredPlans;
        error.Extensions["pointer"] = pointer;
        return error;
    }

    /// <summary>Throws <see cref="Unavailable"/> unless the plan has the feature.</summary>
    public static void Require(Plan plan, PlanFeature feature, string? pointer = null)
    {
        if (!plan.Has(feature))
        {
            throw Unavailable(feature, plan, pointer);
        }
    }

    /// <summary>The feature's stable wire name, e.g. <c>work_records</c>.</summary>
    public static string FeatureName(PlanFeature feature) => feature switch
    {
        PlanFeature.Officer => "officer",
        PlanFeature.DraftProjects => "draft_projects",
        PlanFeature.ObjectRights => "object_rights",
        PlanFeature.WorkRecords => "work_records",
        PlanFeature.ExtendedSecurityGroups => "security_groups",
        _ => feature.ToString(),
    };
}
