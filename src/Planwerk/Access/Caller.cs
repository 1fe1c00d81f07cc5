using Microsoft.AspNetCore.Authorization;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;

namespace Planwerk.Access;

/// <summary>
/// Who is acting, in which cloud, with which rights and plan. Made fresh for every request from the
/// database (never cached in a token), so a demotion or a plan change acts on the next request, and resolved once per
/// request into the request's features (<see cref="Of(HttpContext)"/>).
/// </summary>
public sealed record Caller(Guid CloudId, Guid EmployeeId, SecurityGroup Group, Plan Plan, bool IsOwner, string Channel, Guid? TokenId = null)
{
    /// <summary>
    /// The system acting on a cloud (the command line, run by whoever runs the server, or the server itself, e.g. the
    /// demo seed): the owner's rights, no user of its own, audited under its channel (<c>cli</c>, <c>system</c>). So the
    /// services have one entry point each, for people and for the system alike.
    /// </summary>
    internal static Caller System(Guid cloudId, Plan plan, string channel = "cli") =>
        new(cloudId, Guid.Empty, SecurityGroup.AllRights, plan, IsOwner: true, channel);

    public bool IsSystem => EmployeeId == Guid.Empty;

    public AuditActor Actor => IsSystem ? new(Channel, null, Channel) : new(Channel, EmployeeId, $"{Channel}:{EmployeeId}");

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

    /// <summary>
    /// The caller of this request as the token handler (API) or the page filter (UI) resolved it, once; null before that
    /// or without one. Everything after authentication reads it here instead of parsing claims.
    /// </summary>
    public static Caller? Of(HttpContext http) => http.Features.Get<Caller>();

    /// <summary>The resolved caller of the request an authorization handler judges (null when there is none).</summary>
    public static Caller? Of(AuthorizationHandlerContext context) => context.Resource is HttpContext http ? Of(http) : null;
}
