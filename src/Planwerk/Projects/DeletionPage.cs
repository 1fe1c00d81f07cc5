namespace Planwerk.Projects;

/// <summary>
/// The base of the confirmation pages of a deletion (a project, a package, a task): the GET names what goes with it
/// (<see cref="Deletion"/>, from the service after its write checks, so someone who may not delete sees the 403 page) and
/// the POST deletes through the same service as the API and redirects, with the message, to the page above.
/// </summary>
public abstract class DeletionPage : FormPage
{
    public Deletion Deletion { get; protected set; } = new(0, 0, 0, 0, 0);

    /// <summary>The title of what is deleted.</summary>
    public string What { get; protected set; } = string.Empty;

    /// <summary>Where "cancel" goes back to.</summary>
    public abstract string BackTo { get; }

    /// <summary>The key of the heading and button texts: <c>Deletion.Project</c>, <c>Deletion.Package</c>, <c>Deletion.Task</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>What goes with it, each as "3 tasks" in the page's language; none if it goes alone.</summary>
    public IEnumerable<string> Goes()
    {
        foreach (var (count, key) in new[]
                 {
                     (Deletion.Packages, Kind == "Deletion.Package" ? "Deletion.SubPackages" : "Deletion.Packages"), (Kind == "Deletion.Task" ? 0 : Deletion.Tasks, "Deletion.Tasks"),
                     (Deletion.ChecklistEntries, "Deletion.ChecklistEntries"), (Deletion.Comments, "Deletion.Comments"),
                     (Deletion.Documents, "Deletion.Documents"),
                 })
        {
            if (count > 0)
            {
                yield return count == 1 ? P[key + ".One"] : P[key, count];
            }
        }
    }
}
