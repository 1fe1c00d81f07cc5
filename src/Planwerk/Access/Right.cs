using System.Collections.Frozen;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Access;

/// <summary>
/// What a caller may do, by security group (CORE-API.md, "Rights (v1)"). Which groups have a right is written once,
/// in <see cref="Rights"/>, and read by the route metadata (<see cref="GovernanceConventions.Require{TBuilder}"/>),
/// the services (<see cref="Rights.Require(Caller, Right, string)"/>) and the pages (<c>AppPage.Access</c>) alike. Reading is filtered
/// by <see cref="Visibility"/>; these are the rights to act.
/// </summary>
public enum Right
{
    /// <summary>The everyday workspace beyond one's own tasks: every group but guests (pages of members); reading the cloud's teams.</summary>
    Work,

    /// <summary>Projects and packages: create, change, delete, move, shift; project tags.</summary>
    PlanProjects,

    /// <summary>Tasks: create, change, delete, move, connect; checklists; task tags (guests only set the state of tasks they execute).</summary>
    EditTasks,

    /// <summary>Companies and contacts: read.</summary>
    ReadCrm,

    /// <summary>Companies and contacts: create, change, delete; company tags (linking one to a project, package or task is a change of that item).</summary>
    EditCrm,

    /// <summary>Work records: use them at all.</summary>
    RecordWork,

    /// <summary>Work records: see and change everyone's, and book for others (else only one's own).</summary>
    ManageAllWorkRecords,

    /// <summary>The cloud's seat quota: read.</summary>
    ReadSeats,

    /// <summary>Users: add, change, remove; user tags.</summary>
    ManageUsers,

    /// <summary>Teams: create, change, delete; add and remove their members (everyone but guests reads them, <see cref="Work"/>).</summary>
    ManageTeams,

    /// <summary>
    /// Appointments, absences and substitutes: read the cloud's; create, change and delete one's own appointments and
    /// absences; choose one's own substitutes (guests read only their own appointments and absences).
    /// </summary>
    Calendar,

    /// <summary>Appointments: create, change and delete other users' (else only one's own).</summary>
    ManageAllAppointments,

    /// <summary>Absences and substitutes: record, change and delete other users' absences and choose their substitutes (else only one's own).</summary>
    ManageAllAbsences,

    /// <summary>Per-object rights: grant and revoke users' and teams' read and write rights on the projects, packages and tasks one may change (team plan and up).</summary>
    ManageObjectRights,

    /// <summary>Comments: delete other people's (everyone deletes their own).</summary>
    ModerateComments,

    /// <summary>The audit log: read.</summary>
    ReadAuditLog,

    /// <summary>Webhooks: create and manage one's own (the owner manages every one); the catch-up payloads.</summary>
    ManageWebhooks,

    /// <summary>The cloud itself (the owner only): the switches, the plan, every token, handing the cloud on.</summary>
    ManageCloud,
}

/// <summary>The table <see cref="Right"/> → security groups, like <c>PlanFeatures</c> for plans: one place per rule.</summary>
public static class Rights
{
    private static readonly SecurityGroup[] Admins = [SecurityGroup.AllRights];
    private static readonly SecurityGroup[] Planners = [SecurityGroup.AllRights, SecurityGroup.AdvancedRights];
    private static readonly SecurityGroup[] Members = [SecurityGroup.AllRights, SecurityGroup.AdvancedRights, SecurityGroup.BasicRights];

    /// <summary>Who holds a right: these groups, or (<see cref="OwnerOnly"/>) the cloud's owner, whatever the group.</summary>
    public sealed record Rule(IReadOnlySet<SecurityGroup> Groups, bool OwnerOnly = false);

    private static readonly FrozenDictionary<Right, Rule> Rules = new Dictionary<Right, Rule>
    {
        [Right.Work] = new(Members.ToFrozenSet()),
        [Right.PlanProjects] = new(Planners.ToFrozenSet()),
        [Right.EditTasks] = new(Members.ToFrozenSet()),
        [Right.ReadCrm] = new(Members.ToFrozenSet()),
        [Right.EditCrm] = new(Planners.ToFrozenSet()),
        [Right.RecordWork] = new(Members.ToFrozenSet()),
        [Right.ManageAllWorkRecords] = new(Planners.ToFrozenSet()),
        [Right.ReadSeats] = new(Members.ToFrozenSet()),
        [Right.ManageUsers] = new(Admins.ToFrozenSet()),
        [Right.ManageTeams] = new(Admins.ToFrozenSet()),
        [Right.Calendar] = new(Members.ToFrozenSet()),
        [Right.ManageAllAppointments] = new(Planners.ToFrozenSet()),
        [Right.ManageAllAbsences] = new(Admins.ToFrozenSet()),
        [Right.ManageObjectRights] = new(Planners.ToFrozenSet()),
        [Right.ModerateComments] = new(Admins.ToFrozenSet()),
        [Right.ReadAuditLog] = new(Admins.ToFrozenSet()),
        [Right.ManageWebhooks] = new(Admins.ToFrozenSet()),
        [Right.ManageCloud] = new(Enum.GetValues<SecurityGroup>().ToFrozenSet(), OwnerOnly: true),
    }.ToFrozenDictionary();

    /// <summary>The rule of a right (every right has one; a test checks it).</summary>
    public static Rule Of(Right right) => Rules[right];

    public static bool Has(this Caller caller, Right right)
    {
        var rule = Of(right);
        return rule.Groups.Contains(caller.Group) && (!rule.OwnerOnly || caller.IsOwner);
    }

    /// <summary>
    /// Throws 403 <c>forbidden</c> unless <paramref name="allowed"/>: for the rules that join a right to the object
    /// (a guest executing the task sets its state; one books for oneself), built from <see cref="Has"/>.
    /// </summary>
    public static void Require(bool allowed, string what)
    {
        if (!allowed)
        {
            throw DomainException.Forbidden($"Your security group may not {what}.");
        }
    }

    /// <summary>Throws 403 <c>forbidden</c> unless the caller has <paramref name="right"/>; <paramref name="what"/> names the act.</summary>
    public static void Require(Caller caller, Right right, string what)
    {
        if (!caller.Has(right))
        {
            throw Refusal(right, what);
        }
    }

    /// <summary>The one sentence of a refusal, for the services and the route metadata alike.</summary>
    public static DomainException Refusal(Right right, string what) => DomainException.Forbidden(Of(right).OwnerOnly
        ? $"Only the cloud's owner may {what}."
        : $"Your security group may not {what}.");
}
