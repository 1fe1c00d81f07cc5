using Planwerk.Clouds;

namespace Planwerk.Infrastructure.Api;

/// <summary>Gates a whole route group on a plan feature (governance rule 4).</summary>
public static class PlanGating
{
    /// <summary>
    /// Every route of <paramref name="group"/> answers 403 <c>plan_feature_unavailable</c> when the
    /// caller's plan lacks <paramref name="feature"/>, before the body is read or bound, so that a
    /// cloud without the feature gets the same answer whatever it sends. The services check the plan
    /// again, as every door must.
    /// </summary>
    public static TBuilder RequirePlanFeature<TBuilder>(this TBuilder group, PlanFeature feature)
        where TBuilder : IEndpointConventionBuilder
    {
        // A "finally" convention runs after the request delegate (with its binding) has been built,
        // so the check can wrap it and run first.
        group.Finally(endpoint =>
        {
            var inner = endpoint.RequestDelegate;
            if (inner is null)
            {
                return;
            }

            endpoint.RequestDelegate = http =>
            {
                PlanGate.Require(http.Caller().Plan, feature);
                return inner(http);
            };
        });
        return group;
    }
}
