using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Hosting;
using Planwerk.Projects;
using Planwerk.Tasks;

namespace Planwerk.Bench;

/// <summary>
/// Fills a cloud (made beforehand with <c>planwerk cloud create</c>) with projects of 25 tasks each, through the
/// app's own <see cref="PlanwerkDb"/> (same model, tenant stamping and outbox hook as the server) in batches,
/// and writes the ids the load scripts pick from. Configuration comes from the same environment variables as
/// the server's (<c>Planwerk__Database__Provider</c>, <c>ConnectionStrings__Planwerk</c>, <c>Planwerk__DataDirectory</c>).
/// </summary>
internal static class Seed
{
    private const int Batch = 5_000;

    public static async Task<int> RunAsync(Arguments args)
    {
        if (args.Optional("changes") is not null)
        {
            return await ChangesAsync(args);
        }

        var tasksWanted = args.Int("tasks", 100_000);
        var perProject = args.Int("per-project", 25);
        var outDir = args["out"];
        Directory.CreateDirectory(outDir);
        using var services = Services();
        var clock = Stopwatch.StartNew();

        Guid cloudId;
        Guid ownerId;
        int firstTask;
        int firstProject;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            var cloud = await db.Clouds.SingleAsync(c => c.Name == args["cloud"]);
            cloudId = cloud.Id;
            firstTask = cloud.LastTaskNumber;
            firstProject = cloud.LastProjectNumber;
            ownerId = await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
                .Where(e => e.CloudId == cloudId && e.SecurityGroup == SecurityGroup.AllRights).Select(e => e.Id).FirstAsync();
        }

        var now = DateTime.UtcNow;
        var projectCount = (tasksWanted + perProject - 1) / perProject;
        var projects = Enumerable.Range(1, projectCount + 1).Select(i => new Project
        {
            Title = i <= projectCount ? $"Bench project {i}" : "Bench writes",
            Number = firstProject + i,
            Description = "A project of the benchmark seed.",
            Priority = 50,
            CreationDate = now,
            ChangeDate = now,
            CreatorId = ownerId,
            OfficerId = ownerId,
            PlannedStartDate = now.Date,
            PlannedEndDate = now.Date.AddDays(90),
        }).ToList();
        await SaveAsync(services, cloudId, projects);

        var taskIds = new List<Guid>(tasksWanted);
        for (var start = 0; start < tasksWanted; start += Batch)
        {
            var batch = Enumerable.Range(start, Math.Min(Batch, tasksWanted - start)).Select(i => new ProjectTask
            {
                ProjectId = projects[i / perProject].Id,
                Title = $"Task {i + 1} of bench project {(i / perProject) + 1}",
                Description = "Check the drawings against the specification and write down what differs.",
                Number = firstTask + i + 1,
                TaskState = (TaskState)(i % 3),
                TaskPriority = i % 100,
                CreationDate = now,
                ChangeDate = now,
                CreatorId = ownerId,
                ExecutorId = ownerId,
                PlannedEffort = 60 + (i % 8 * 30),
                StartDate = now.Date,
                EndDate = now.Date.AddDays(7 + (i % 50)),
            }).ToList();
            await SaveAsync(services, cloudId, batch);
            taskIds.AddRange(batch.Select(t => t.Id));
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            await db.Clouds.Where(c => c.Id == cloudId).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastTaskNumber, firstTask + tasksWanted)
                .SetProperty(c => c.LastProjectNumber, firstProject + projectCount + 1));
        }

        await File.WriteAllLinesAsync(Path.Combine(outDir, "task-ids.txt"), taskIds.Select(id => id.ToString()));
        await File.WriteAllLinesAsync(Path.Combine(outDir, "project-ids.txt"), projects.Take(projectCount).Select(p => p.Id.ToString()));
        await File.WriteAllTextAsync(Path.Combine(outDir, "write-project.txt"), projects[^1].Id.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"seeded {tasksWanted} tasks in {projectCount} projects (+1 for writes) in {clock.Elapsed.TotalSeconds:F1} s"));
        return 0;
    }

    /// <summary>
    /// The webhook backlog of scenario 4: <c>--changes</c> new tasks in <c>--project</c>, saved 1,000 a transaction through
    /// <see cref="PlanwerkDb"/>, whose outbox adds each one's event and a delivery per active webhook in the same transaction,
    /// exactly as for a change made through the API (the API's own write rate is scenario 3's figure).
    /// </summary>
    private static async Task<int> ChangesAsync(Arguments args)
    {
        var count = args.Int("changes", 20_000);
        var projectId = Guid.Parse(args["project"]);
        using var services = Services();
        var clock = Stopwatch.StartNew();
        Guid cloudId;
        int first;
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            var cloud = await db.Clouds.SingleAsync(c => c.Name == args["cloud"]);
            (cloudId, first) = (cloud.Id, cloud.LastTaskNumber);
        }

        var now = DateTime.UtcNow;
        for (var start = 0; start < count; start += 1_000)
        {
            var batch = Enumerable.Range(start, Math.Min(1_000, count - start)).Select(i => new ProjectTask
            {
                ProjectId = projectId, Title = $"Change {i + 1}", Number = first + i + 1, CreationDate = now, ChangeDate = now,
            }).ToList();
            await SaveAsync(services, cloudId, batch);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
            await db.Clouds.Where(c => c.Id == cloudId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastTaskNumber, first + count));
            db.UseCloud(cloudId);
            var pending = await db.WebhookDeliveries.CountAsync(d => d.Status == Webhooks.DeliveryStatus.Pending);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created={count}\npending_deliveries={pending}\nseconds={clock.Elapsed.TotalSeconds:F2}"));
        }

        return 0;
    }

    /// <summary>Prints the cloud's tasks, webhook events and deliveries by status, one <c>name=value</c> a line.</summary>
    public static async Task<int> CountAsync(Arguments args)
    {
        using var services = Services();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        var cloudId = await db.Clouds.Where(c => c.Name == args["cloud"]).Select(c => c.Id).SingleAsync();
        db.UseCloud(cloudId);
        Console.WriteLine($"tasks={await db.Tasks.CountAsync()}");
        Console.WriteLine($"events={await db.WebhookEvents.CountAsync()}");
        foreach (var row in await db.WebhookDeliveries.GroupBy(d => d.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
        {
            Console.WriteLine($"deliveries_{row.Key}={row.Count}");
        }

        return 0;
    }

    private static async Task SaveAsync<T>(ServiceProvider services, Guid cloudId, List<T> rows)
        where T : class
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloudId);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.Set<T>().AddRange(rows);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static ServiceProvider Services()
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPlanwerkCore(configuration);
        return services.BuildServiceProvider();
    }
}
