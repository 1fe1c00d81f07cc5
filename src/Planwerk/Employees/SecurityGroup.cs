namespace Planwerk.Employees;

/// <summary>A user's rights in one cloud (factro's <c>securityGroup</c>).</summary>
public enum SecurityGroup
{
    /// <summary>Admin: everything in the cloud.</summary>
    AllRights,
    /// <summary>Planer: create and change projects, packages, tasks, work records.</summary>
    AdvancedRights,
    /// <summary>Mitarbeiter: read projects; create and change tasks, comments, own work records.</summary>
    BasicRights,
    /// <summary>Gast: read what is granted, comment, tick checklists of executed tasks.</summary>
    GuestRights,
}
