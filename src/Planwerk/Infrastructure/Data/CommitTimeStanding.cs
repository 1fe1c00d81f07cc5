using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Data;

/// <summary>What a token request's caller was allowed when it was authorized, to be true still when its writes commit.</summary>
public sealed record CallerStanding(Guid CloudId, Guid TokenId, Guid EmployeeId, SecurityGroup Group, Plan Plan, bool IsOwner);

/// <summary>
/// Decisions at commit time (ADR 7): right before a transaction of a token request's unit of work commits, the caller's
/// standing is read again in that transaction — API switch, token revoked or expired, user deactivated, security group, plan,
/// ownership — and the commit is refused (401 <c>invalid_token</c>, 403 <c>api_access_disabled</c>, 403 <c>forbidden</c>) if
/// it changed since the request was authorized. Every write of a token request is in such a transaction
/// (<see cref="PlanwerkDb.GuardCommits"/> makes EF open one for every save).
/// <para>
/// "A change that returned before the commit wins" needs the read and the commit to be atomic against that change. SQLite:
/// the write transaction holds the database's only write lock from its start (<c>BEGIN IMMEDIATE</c>), so no change can
/// commit in between. PostgreSQL: the check takes a shared transaction-level advisory lock on the cloud, and every
/// transaction that changes a standing (<see cref="PlanwerkDb"/> notes them on save) takes it exclusively right before its
/// commit; both are taken last, after all of the transaction's statements, so no holder ever waits for a row lock and they
/// cannot deadlock with row locks.
/// </para>
/// </summary>
internal sealed class CommitTimeStanding(TimeProvider time) : DbTransactionInterceptor
{
    /// <summary>The first key of Planwerk's two-key advisory locks ("Plan"); the second is derived from the cloud's id.</summary>
    private const int LockSpace = 0x506C616E;

    public override InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is PlanwerkDb db)
        {
            CheckAsync(db, transaction, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PlanwerkDb db)
        {
            await CheckAsync(db, transaction, cancellationToken);
        }

        return result;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Ended(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Ended(eventData);
        return Task.CompletedTask;
    }

    private static void Ended(TransactionEndEventData eventData)
    {
        if (eventData.Context is PlanwerkDb db)
        {
            db.StandingChanges.Clear();
            db.StandingRowsChanged.Clear();
        }
    }

    private async Task CheckAsync(PlanwerkDb db, DbTransaction transaction, CancellationToken ct)
    {
        var standing = db.Standing;
        if (standing is null && db.StandingChanges.Count == 0)
        {
            return;
        }

        if (db.Database.IsNpgsql())
        {
            await LockAsync(db, transaction, standing, ct);
        }

        if (standing is null)
        {
            return;
        }

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT t."RevokedAt", t."ExpiresAt", e."IsActive", e."SecurityGroup", c."ApiAccessEnabled", c."Plan",
                   CASE WHEN e."AccountId" = c."OwnerAccountId" THEN 1 ELSE 0 END
            FROM "ApiTokens" t
            JOIN "Employees" e ON e."Id" = t."EmployeeId"
            JOIN "Clouds" c ON c."Id" = t."CloudId"
            WHERE t."Id" = @token AND t."EmployeeId" = @employee AND t."CloudId" = @cloud
            """;
        var guid = db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(Guid))!;
        command.Parameters.Add(guid.CreateParameter(command, "@token", standing.TokenId));
        command.Parameters.Add(guid.CreateParameter(command, "@employee", standing.EmployeeId));
        command.Parameters.Add(guid.CreateParameter(command, "@cloud", standing.CloudId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw DomainException.Unauthenticated("The token or its user was deleted while the request was under way; nothing was saved.");
        }

        // What this transaction changes itself was authorized with it (a token revoking itself, an owner's own switch).
        var own = db.StandingRowsChanged;
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = !own.Contains(standing.TokenId) && !reader.IsDBNull(0);
        var expired = !own.Contains(standing.TokenId) && !reader.IsDBNull(1) && reader.GetDateTime(1) <= now;
        var active = own.Contains(standing.EmployeeId) || reader.GetBoolean(2);
        if (revoked || expired || !active)
        {
            throw DomainException.Unauthenticated(
                "The token was revoked or expired, or its user deactivated, while the request was under way; nothing was saved.");
        }

        if (!own.Contains(standing.CloudId) && !reader.GetBoolean(4))
        {
            throw DomainException.Disabled(ErrorCodes.ApiAccessDisabled,
                "The owner of this cloud switched API access off while the request was under way; nothing was saved.");
        }

        var group = Enum.Parse<SecurityGroup>(reader.GetString(3));
        var plan = Enum.Parse<Plan>(reader.GetString(5));
        var owner = reader.GetInt32(6) == 1;
        if ((!own.Contains(standing.EmployeeId) && group != standing.Group) || (!own.Contains(standing.CloudId) && (plan != standing.Plan || owner != standing.IsOwner)))
        {
            throw DomainException.Forbidden(
                "Your security group, the cloud's plan or its owner changed while the request was under way; nothing was saved. Send it again.");
        }
    }

    /// <summary>PostgreSQL: the clouds whose standing this transaction changes exclusively, the caller's cloud shared; in key order.</summary>
    private static async Task LockAsync(PlanwerkDb db, DbTransaction transaction, CallerStanding? standing, CancellationToken ct)
    {
        var locks = new SortedDictionary<int, bool>();
        foreach (var cloud in db.StandingChanges)
        {
            locks[Key(cloud)] = true;
        }

        if (standing is not null)
        {
            locks.TryAdd(Key(standing.CloudId), false);
        }

        foreach (var (key, exclusive) in locks)
        {
            await using var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = exclusive
                ? $"SELECT pg_advisory_xact_lock({LockSpace}, {key})"
                : $"SELECT pg_advisory_xact_lock_shared({LockSpace}, {key})";
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The cloud's second lock key; two clouds that share one only wait for each other now and then.</summary>
    private static int Key(Guid cloud)
    {
        Span<byte> bytes = stackalloc byte[16];
        cloud.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[12..]) ^ BitConverter.ToInt32(bytes[8..12]);
    }
}
