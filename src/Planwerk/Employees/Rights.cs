using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Employees;

/// <summary>
/// What each security group may do (CORE-API.md, "Rights (v1)"). One place, used by every door.
/// Reading is filtered by <see cref="Visibility"/>; writing is checked here.
/// </summary>
public static class Rights
{
    /// <summary>Projects and packages: create, change, delete.</summary>
    public static bool CanPlan(this Caller caller) => caller.IsPlanner;

    /// <summary>Tasks: create, change, delete (guests only change the state of tasks they execute).</summary>
    public static bool CanEditTasks(this Caller caller) => caller.Group != SecurityGroup.GuestRights;

    /// <summary>Users: add, change, remove.</summary>
    public static bool CanManageUsers(this Caller caller) => caller.IsAdmin;

    /// <summary>Companies and contacts: create, change, delete.</summary>
    public static bool CanEditCrm(this Caller caller) => caller.IsPlanner;

    /// <summary>Companies and contacts: read.</summary>
    public static bool CanReadCrm(this Caller caller) => !caller.IsGuest;

    /// <summary>Work records: use them at all (guests may not).</summary>
    public static bool CanRecordWork(this Caller caller) => !caller.IsGuest;

    /// <summary>Work records: see and change everyone's, and book for others (else only one's own).</summary>
    public static bool CanManageAllWorkRecords(this Caller caller) => caller.IsPlanner;

    /// <summary>Throws 403 <c>forbidden</c> unless <paramref name="allowed"/>.</summary>
    public static void Require(bool allowed, string what)
    {
        if (!allowed)
        {
            throw DomainException.Forbidden($"Your security group may not {what}.");
        }
    }
}
