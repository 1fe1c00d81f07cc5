namespace Planwerk.Infrastructure.Data;

/// <summary>A row with a UUID v7 id (time-ordered, so lists and cursors can order by it).</summary>
public interface IEntity
{
    Guid Id { get; }
}
