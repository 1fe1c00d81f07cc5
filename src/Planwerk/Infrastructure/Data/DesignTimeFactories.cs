using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Planwerk.Infrastructure.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model without a running host.</summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqlitePlanwerkDb>
{
    public SqlitePlanwerkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlitePlanwerkDb>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model without a server.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresPlanwerkDb>
{
    public PostgresPlanwerkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresPlanwerkDb>().UseNpgsql("Host=localhost;Database=planwerk_design").Options);
}
