namespace Planwerk.Clouds;

/// <summary>The cloud's plan (factro's four tiers). Decides which features exist, see <see cref="PlanFeatures"/>.</summary>
public enum Plan
{
    Basic,
    Team,
    Business,
    Professional,
}
