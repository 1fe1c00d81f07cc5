namespace Planwerk.Infrastructure.Data;

/// <summary>Which database Planwerk uses (<c>Planwerk:Database</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Planwerk:Database";

    /// <summary><c>sqlite</c> (default, embedded) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}
