using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Planwerk.Infrastructure.Data;

/// <summary>
/// A write refused by a unique index: two requests stored the same name (a team, a tag) at the same moment, after both
/// had checked it was free. The services check uniqueness first (and say so as a field error); this is the race they
/// cannot see, answered 409 <c>conflict</c> by <c>DomainExceptionHandler</c> instead of a 500. Nothing of the refused
/// write was kept (the save rolled back whole).
/// </summary>
public static class UniqueViolation
{
    public const string Detail = "Another request stored the same value at the same moment; nothing of this request was saved. Read the current state and try again.";

    /// <summary>SQLite <c>SQLITE_CONSTRAINT_UNIQUE</c> (2067) or <c>SQLITE_CONSTRAINT_PRIMARYKEY</c> (1555); PostgreSQL <c>23505 unique_violation</c>.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when sqlite.SqliteExtendedErrorCode is 2067 or 1555:
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="exception"/> is a save refused by a unique index.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception) => Is(exception);
}
