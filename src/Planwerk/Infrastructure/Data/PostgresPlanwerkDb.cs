using Microsoft.EntityFrameworkCore;
using Planwerk.Webhooks;

namespace Planwerk.Infrastructure.Data;

/// <summary>The model on PostgreSQL (for scale-out); owns the PostgreSQL migrations.</summary>
public sealed class PostgresPlanwerkDb(DbContextOptions<PostgresPlanwerkDb> options, WebhookOutbox? outbox = null) : PlanwerkDb(options, outbox);
