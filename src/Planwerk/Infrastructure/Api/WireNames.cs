using Planwerk.Comments;
using Planwerk.Employees;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.WorkRecords;

namespace Planwerk.Infrastructure.Api;

/// <summary>factro's spellings of enum values on the wire (input side; output uses the same names).</summary>
public static class WireNames
{
    public static readonly IReadOnlyDictionary<string, ProjectState> ProjectStates = CamelCase<ProjectState>();
    public static readonly IReadOnlyDictionary<string, TaskState> TaskStates = CamelCase<TaskState>();
    public static readonly IReadOnlyDictionary<string, Urgency> Urgencies = CamelCase<Urgency>();
    public static readonly IReadOnlyDictionary<string, Salutation> Salutations = CamelCase<Salutation>();
    public static readonly IReadOnlyDictionary<string, BookedOnReferenceType> BookedOnReferenceTypes = CamelCase<BookedOnReferenceType>();
    public static readonly IReadOnlyDictionary<string, CommentReferenceType> CommentReferenceTypes = CamelCase<CommentReferenceType>();

    /// <summary>Security groups keep factro's PascalCase (<c>AllRights</c>, …).</summary>
    public static readonly IReadOnlyDictionary<string, SecurityGroup> SecurityGroups =
        Enum.GetValues<SecurityGroup>().ToDictionary(v => v.ToString(), v => v, StringComparer.Ordinal);

    /// <summary>The wire name of an enum value: camelCase (<c>inProcess</c>).</summary>
    public static string Wire<T>(this T value)
        where T : struct, Enum
    {
        var name = value.ToString();
        return string.Concat(char.ToLowerInvariant(name[0]).ToString(), name[1..]);
    }

    private static Dictionary<string, T> CamelCase<T>()
        where T : struct, Enum => Enum.GetValues<T>().ToDictionary(v => v.Wire(), v => v, StringComparer.Ordinal);
}
