using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Projects;
using Planwerk.Tags;
using Planwerk.Tasks;
using Planwerk.Tests.Infrastructure;
using Planwerk.WorkRecords;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// Tenant isolation at the data layer, for every tenant-owned entity type of the model: the list of
/// types comes from the model itself, so a new entity type is covered (or fails here) automatically.
/// </summary>
public abstract class TenantScopingTests(PlanwerkApp app) : ProviderTest(app)
{
    private static readonly MethodInfo CloudIdsOfMethod =
        typeof(TenantScopingTests).GetMethod(nameof(CloudIdsOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Fact]
    public async Task AQueryInCloudA_ReturnsOnlyRowsOfA_ForEveryTenantOwnedEntityType()
    {
        var a = await App.CreateCloudAsync();
        var b = await App.CreateCloudAsync();
        await SeedOneOfEverythingAsync(a);
        await SeedOneOfEverythingAsync(b);

        foreach (var type in TenantOwnedTypes())
        {
            var inA = await App.InCloudAsync(a.Id, db => CloudIdsAsync(db, type));
            var inB = await App.InCloudAsync(b.Id, db => CloudIdsAsync(db, type));

            Assert.True(inA.Count > 0, $"{type.Name}: no sample row; add one to {nameof(SeedOneOfEverythingAsync)}.");
            Assert.All(inA, id => Assert.Equal(a.Id, id));
            Assert.True(inB.Count > 0, $"{type.Name}: no sample row in cloud B.");
            Assert.All(inB, id => Assert.Equal(b.Id, id));
        }
    }

    [Fact]
    public async Task AContextScopedToNoCloud_SeesNoTenantRowsAtAll()
    {
        var a = await App.CreateCloudAsync();
        await SeedOneOfEverythingAsync(a);

        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        foreach (var type in TenantOwnedTypes())
        {
            Assert.Empty(await CloudIdsAsync(db, type));
        }
    }

    [Fact]
    public async Task SavingARowOfCloudB_ThroughAContextOfCloudA_IsRefused_AndNothingIsWritten()
    {
        var a = await App.CreateCloudAsync();
        var b = await App.CreateCloudAsync();
        var intruder = new Company { CloudId = b.Id, Name = "Intruder" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => App.InCloudAsync(a.Id, async db =>
        {
            db.Companies.Add(intruder);
            return await db.SaveChangesAsync(Ct);
        }));

        var count = await App.InCloudAsync(b.Id, db => db.Companies.CountAsync(c => c.Id == intruder.Id, Ct));
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task ARowAddedWithoutACloud_TakesTheContextsCloud()
    {
        var a = await App.CreateCloudAsync();
        var company = new Company { Name = "Acme" };

        await App.InCloudAsync(a.Id, async db =>
        {
            db.Companies.Add(company);
            return await db.SaveChangesAsync(Ct);
        });

        Assert.Equal(a.Id, company.CloudId);
    }

    [Fact]
    public async Task AContext_CannotBeMovedToAnotherCloud()
    {
        var a = await App.CreateCloudAsync();
        var b = await App.CreateCloudAsync();
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(a.Id);

        Assert.Throws<InvalidOperationException>(() => db.UseCloud(b.Id));
    }

    [Fact]
    public async Task APooledContext_StartsEveryScopeWithNoCloud_NoUser_AndAClosedConnection()
    {
        var a = await App.CreateCloudAsync();
        await SeedOneOfEverythingAsync(a);
        var used = new HashSet<PlanwerkDb>(ReferenceEqualityComparer.Instance);
        var reused = 0;

        // One scope after the other: the pool (first in, first out, up to PlanwerkDbPool.Size instances) hands the same
        // instances out again; go on until three scopes got an instance an earlier scope had used.
        for (var i = 0; i < 2 * PlanwerkDbPool.Size + 10 && reused < 3; i++)
        {
            await using var scope = App.Scope();
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            var again = !used.Add(db);

            Assert.Equal(Guid.Empty, db.CurrentCloudId);
            Assert.Null(db.ChangedBy);
            Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
            Assert.Empty(db.ChangeTracker.Entries());
            if (again)
            {
                reused++;
                foreach (var type in TenantOwnedTypes())
                {
                    Assert.Empty(await CloudIdsAsync(db, type));
                }
            }

            // Leave everything a request leaves: a cloud, a user, an open connection, tracked rows.
            db.UseCloud(a.Id);
            db.ChangedBy = Guid.NewGuid();
            await db.Database.OpenConnectionAsync(Ct);
            Assert.NotEmpty(await db.Companies.ToListAsync(Ct));
        }

        Assert.True(reused == 3, $"The pool handed an instance out again only {reused} times; this test would prove little.");
    }

    [Fact]
    public async Task PooledContexts_UnderConcurrentScopesOfTwoClouds_EachSeeOnlyTheirOwnRows()
    {
        var a = await App.CreateCloudAsync();
        var b = await App.CreateCloudAsync();
        await SeedOneOfEverythingAsync(a);
        await SeedOneOfEverythingAsync(b);

        var work = Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
        {
            var cloud = i % 2 == 0 ? a.Id : b.Id;
            var seen = await App.InCloudAsync(cloud, db => db.Tasks.Select(t => t.CloudId).ToListAsync(Ct));
            return (cloud, seen);
        }, Ct));

        foreach (var (cloud, seen) in await Task.WhenAll(work))
        {
            Assert.Equal(2, seen.Count);
            Assert.All(seen, id => Assert.Equal(cloud, id));
        }
    }

    [Fact]
    public void EveryTenantOwnedEntityType_HasTheTenantFilter()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var types = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList();

        Assert.True(types.Count >= 13, $"Only {types.Count} tenant-owned types found.");
        Assert.All(types, t => Assert.Contains(t.GetDeclaredQueryFilters(), f => f.Key == PlanwerkDb.TenantFilter));
    }

    private List<Type> TenantOwnedTypes()
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        return db.Model.GetEntityTypes().Select(t => t.ClrType).Where(typeof(ITenantOwned).IsAssignableFrom).ToList();
    }

    private static Task<List<Guid>> CloudIdsAsync(PlanwerkDb db, Type type) =>
        (Task<List<Guid>>)CloudIdsOfMethod.MakeGenericMethod(type).Invoke(null, [db])!;

    private static Task<List<Guid>> CloudIdsOf<T>(PlanwerkDb db)
        where T : class, ITenantOwned => db.Set<T>().Select(e => e.CloudId).ToListAsync(Ct);

    /// <summary>One row of every tenant-owned entity type (users, tokens and audit rows come with the cloud).</summary>
    private async Task SeedOneOfEverythingAsync(TestCloud cloud)
    {
        var worker = await App.CreateUserAsync(cloud, SecurityGroup.AllRights);
        await App.CreateTokenAsync(cloud, worker.Id);
        await App.InCloudAsync(cloud.Id, async db =>
        {
            var now = App.Time.GetUtcNow().UtcDateTime;
            var project = new Project { Title = "P", Number = await db.NextProjectNumberAsync(cloud.Id, Ct), CreationDate = now, ChangeDate = now };
            var package = new Package { ProjectId = project.Id, Title = "Pk", Number = await db.NextPackageNumberAsync(cloud.Id, Ct) };
            var task = new ProjectTask { ProjectId = project.Id, ParentPackageId = package.Id, Title = "T1", Number = await db.NextTaskNumberAsync(cloud.Id, Ct) };
            var other = new ProjectTask { ProjectId = project.Id, Title = "T2", Number = await db.NextTaskNumberAsync(cloud.Id, Ct) };
            var tag = new Tag { Kind = TagKind.Task, Name = "urgent" };
            var company = new Company { Name = "Acme" };
            db.AddRange(project, package, task, other, tag, company);
            db.Add(new ChecklistEntry { TaskId = task.Id, Title = "check" });
            db.Add(new TaskConnection { TaskId = task.Id, ConnectedTaskId = other.Id });
            db.Add(new Comment { ReferenceId = task.Id, ReferenceType = CommentReferenceType.Task, Text = "hi" });
            db.Add(new TagAssignment { TagId = tag.Id, EntityId = task.Id });
            db.Add(new Contact { FirstName = "Carl", LastName = "Contact", CompanyId = company.Id });
            var team = new Planwerk.Teams.Team { Name = "Crew" };
            db.AddRange(team, new Planwerk.Teams.TeamMember { TeamId = team.Id, EmployeeId = worker.Id });
            db.Add(new Planwerk.Access.ObjectRight { ReferenceId = project.Id, Kind = Planwerk.Access.ObjectKind.Project, TeamId = team.Id });
            db.Add(new Planwerk.Appointments.Appointment { EmployeeId = worker.Id, Subject = "Review", ReferencedTaskId = task.Id, StartDate = now, EndDate = now.AddHours(1) });
            db.Add(new Planwerk.Absences.Absence { EmployeeId = worker.Id, StartDate = DateOnly.FromDateTime(now), EndDate = DateOnly.FromDateTime(now) });
            db.Add(new Planwerk.Absences.Substitution { EmployeeId = worker.Id, SubstituteId = cloud.OwnerId });
            db.Add(new Planwerk.Import.ImportMapping { Source = "url:https://example.test/api/core", Kind = "tasks", SourceId = Guid.NewGuid().ToString(), LocalId = task.Id });
            var document = new Planwerk.Documents.Document
            {
                ReferenceId = task.Id, ReferenceType = Planwerk.Documents.DocumentReferenceType.Task, Title = "a.txt", FileName = "a.txt", ContentType = "text/plain", Size = 1,
            };
            db.Add(document);
            db.Add(new Planwerk.Documents.DocumentChunk { DocumentId = document.Id, Data = [1] });
            db.Add(new WorkRecord
            {
                Title = "work", WorkEmployeeId = worker.Id, CreatorEmployeeId = worker.Id, MinutesWorked = 30,
                StartDate = DateOnly.FromDateTime(now), BookedOnReferenceId = task.Id, BookedOnReferenceType = BookedOnReferenceType.Task,
            });
            var webhook = new Planwerk.Webhooks.Webhook { EmployeeId = worker.Id, CallbackUri = "http://127.0.0.1:9/", ActionTypes = "*", Secret = Planwerk.Webhooks.WebhookSignature.NewSecret() };
            var @event = new Planwerk.Webhooks.WebhookEvent { Action = "TaskCreated", EntityType = "task", EntityId = task.Id };
            var delivery = new Planwerk.Webhooks.WebhookDelivery { WebhookId = webhook.Id, Event = @event, Status = Planwerk.Webhooks.DeliveryStatus.Succeeded };
            db.AddRange(webhook, @event, delivery);
            db.Add(new Planwerk.Webhooks.WebhookAttempt { DeliveryId = delivery.Id, Number = 1, StatusCode = 200, Succeeded = true });
            return await db.SaveChangesAsync(Ct);
        });
    }
}

public sealed class TenantScopingTestsOnSqlite(SqliteApp app) : TenantScopingTests(app), IClassFixture<SqliteApp>;

public sealed class TenantScopingTestsOnPostgres(PostgresApp app) : TenantScopingTests(app), IClassFixture<PostgresApp>;
