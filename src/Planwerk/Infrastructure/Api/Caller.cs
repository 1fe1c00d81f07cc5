using System.Security.Claims;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;

namespace Planwerk.Infrastructure.Api;

/// <summary>
/// Who is acting, in which cloud, with which rights and plan. Made fresh for every request from the
/// database (never cached in a token), so a demotion or a plan change acts on the next request.
/// </summary>
public sealed record Caller(Guid CloudId, Guid EmployeeId, SecurityGroup Group, Plan Plan, bool IsOwner, string Channel, Guid? TokenId = null)
{
    public AuditActor Actor => new(Channel, EmployeeId, $"{Channel}:{EmployeeId}");

    public bool IsAdmin => Group == SecurityGroup.AllRights;
    public bool IsPlanner => Group is SecurityGroup.AllRights or SecurityGroup.AdvancedRights;
    public bool IsGuest => Group == SecurityGroup.GuestRights;

    internal const string CloudClaim = "planwerk:cloud";
    internal const string EmployeeClaim = "planwerk:employee";
    internal const string GroupClaim = "planwerk:group";
    internal const string PlanClaim = "planwerk:plan";
    internal const string OwnerClaim = "planwerk:owner";
    internal const string TokenClaim = "planwerk:token";
    internal const string ApiAccessClaim = "planwerk:api";

    public static Caller FromPrincipal(ClaimsPrincipal user) => new(
        Guid.Parse(user.FindFirstValue(CloudClaim)!),
        Guid.Parse(user.FindFirstValue(EmployeeClaim)!),
        Enum.Parse<SecurityGroup>(user.FindFirstValue(GroupClaim)!),
        Enum.Parse<Plan>(user.FindFirstValue(PlanClaim)!),
        user.FindFirstValue(OwnerClaim) == "true",
        "api",
        user.FindFirstValue(TokenClaim) is { } token ? Guid.Parse(token) : null);
}
