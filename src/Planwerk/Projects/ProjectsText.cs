namespace Planwerk.Projects;

/// <summary>The texts of the project, task and work-record pages (<c>ProjectsText.resx</c>, <c>ProjectsText.de.resx</c>).</summary>
public sealed class ProjectsText;
