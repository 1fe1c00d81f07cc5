using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Companies;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;
using static Planwerk.Tests.Api.PackagesApiTests;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// The in-process queue for SQLite write transactions (<see cref="SqliteWriteGate"/>): taken at begin, given back at
/// commit, rollback, or when a transaction disposed without either has its connection closed; concurrent writes through
/// the API queue in it and all commit.
/// </summary>
public sealed class SqliteWriteGateTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteWriteGate Gate => app.Services.GetRequiredService<SqliteWriteGate>();

    [Fact]
    public async Task ATransaction_HoldsTheTurnUntilItCommits_OrRollsBack()
    {
        var cloud = await app.CreateCloudAsync();
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloud.Id);

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.False(Gate.IsFree);
            db.Companies.Add(new Company { Name = "committed" });
            await db.SaveChangesAsync(Ct);
            Assert.False(Gate.IsFree); // SaveChanges inside the transaction passes the gate it holds
            await transaction.CommitAsync(Ct);
        }

        Assert.True(Gate.IsFree);

        await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
        {
            Assert.False(Gate.IsFree);
            await transaction.RollbackAsync(Ct);
        }

        Assert.True(Gate.IsFree);
        Assert.Equal(1, await db.Companies.CountAsync(Ct));
    }

    [Fact]
    public async Task ATransactionDisposedWithoutCommit_GivesTheTurnBack_WhenItsContextEnds_AndWritesNothing()
    {
        var cloud = await app.CreateCloudAsync();
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            db.UseCloud(cloud.Id);
            await using (var transaction = await db.Database.BeginTransactionAsync(Ct))
            {
                db.Companies.Add(new Company { Name = "never committed" });
                await db.SaveChangesAsync(Ct);
            } // an exception inside `await using` ends the same way: no commit, no rollback event
        }

        Assert.True(Gate.IsFree);
        Assert.Equal(0, await app.InCloudAsync(cloud.Id, db => db.Companies.CountAsync(Ct)));
    }

    [Fact]
    public async Task SaveChangesOfSeveralRows_TakesAndReturnsTheTurn()
    {
        var cloud = await app.CreateCloudAsync();
        await app.InCloudAsync(cloud.Id, async db =>
        {
            db.Companies.AddRange(new Company { Name = "a" }, new Company { Name = "b" });
            return await db.SaveChangesAsync(Ct);
        });

        Assert.True(Gate.IsFree);
    }

    [Fact]
    public async Task ConcurrentWritesThroughTheApi_QueueInTheGate_AndAllCommitWithDistinctNumbers()
    {
        var cloud = await app.CreateCloudAsync();
        var (client, _) = await app.ApiClientAsync(cloud);
        var project = await CreateProjectAsync(client, "P");
        var waitedBefore = Gate.Waited;

        // The test holds the turn while the writes start, so at least one of them must queue behind it (on a loaded
        // machine the API's requests may otherwise happen to arrive one after another and never meet in the gate).
        await using var holder = app.Scope();
        var holderDb = holder.ServiceProvider.GetRequiredService<PlanwerkDb>();
        holderDb.UseCloud(cloud.Id);
        await using var held = await holderDb.Database.BeginTransactionAsync(Ct);

        var writes = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
            await (await client.PostJsonAsync("tasks", new { title = $"t{i}", targetParentId = project })).AssertJsonAsync(HttpStatusCode.Created), Ct)).ToList();
        var ceiling = DateTime.UtcNow.AddSeconds(60);
        while (Gate.Waited == waitedBefore && DateTime.UtcNow < ceiling && !writes.All(w => w.IsCompleted))
        {
            await Task.Delay(10, Ct);
        }

        await held.CommitAsync(Ct);
        var numbers = (await Task.WhenAll(writes)).Select(t => t.GetProperty("number").GetInt32()).Order().ToList();

        Assert.Equal(Enumerable.Range(1, 40), numbers);
        Assert.True(Gate.Waited > waitedBefore, "No write waited for another: the test did not exercise the queue.");
        Assert.True(Gate.IsFree);
        Assert.Equal(40, await app.InCloudAsync(cloud.Id, db => db.Tasks.CountAsync(Ct)));
    }
}
