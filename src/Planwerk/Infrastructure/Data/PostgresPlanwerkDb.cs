using Microsoft.EntityFrameworkCore;

namespace Planwerk.Infrastructure.Data;

/// <summary>The model on PostgreSQL (for scale-out); owns the PostgreSQL migrations.</summary>
public sealed class PostgresPlanwerkDb(DbContextOptions<PostgresPlanwerkDb> options) : PlanwerkDb(options);
