namespace Planwerk.Audit;

/// <summary>Who made a change, as the audit log records it.</summary>
/// <param name="Channel">The door the change came through: <c>ui</c>, <c>api</c>, <c>cli</c>, <c>system</c>.</param>
/// <param name="EmployeeId">The acting user, if any.</param>
/// <param name="Name">A readable name of the actor.</param>
public readonly record struct AuditActor(string Channel, Guid? EmployeeId, string Name)
{
    public static AuditActor Cli { get; } = new("cli", null, "cli");
    public static AuditActor System { get; } = new("system", null, "system");
}
