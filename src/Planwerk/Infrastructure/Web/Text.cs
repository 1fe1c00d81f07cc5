namespace Planwerk.Infrastructure.Web;

/// <summary>The web UI's texts: <c>Text.resx</c> (English) and <c>Text.de.resx</c> (German) beside this file.</summary>
public sealed class Text;
