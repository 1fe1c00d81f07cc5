using System.Security.Cryptography;
using Planwerk.Audit;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Tokens;
using Planwerk.WorkRecords;

namespace Planwerk.Clouds;

/// <summary>What the demo seed made, with the secrets that are printed once and not stored in clear.</summary>
public sealed record DemoCloud(Cloud Cloud, string OwnerEmail, string OwnerPassword, string ApiToken)
{
    public string Banner(string baseUrl, string dataLocation) => $"""

        ================ Planwerk demo cloud ================
        Cloud:     {Cloud.Name} ({Cloud.Plan.ToWire()} plan), id {Cloud.Id}
        Data:      {dataLocation}
        Sign in:   {OwnerEmail}
        Password:  {OwnerPassword}
        API token: {ApiToken}
        Try:       curl -H "Authorization: {ApiToken}" {baseUrl.TrimEnd('/')}/api/core/projects
        These secrets are shown once; they are stored only as hashes.
        Lost the password? planwerk user set-password --email {OwnerEmail}
          (with dotnet run: dotnet run --project src/Planwerk -- user set-password --email {OwnerEmail})
        =====================================================

        """;
}

/// <summary>Creates the demo cloud on a fresh database, through the same services as every other door.</summary>
public sealed class DemoSeed(PlanwerkDb db, CloudService clouds, EmployeeService employees, TokenService tokens, TimeProvider time)
{
    public const string OwnerEmail = "owner@demo.local";

    public async Task<DemoCloud> CreateAsync(CancellationToken ct)
    {
        var password = RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
        var actor = AuditActor.System;
        var cloud = await clouds.CreateAsync("Demo", OwnerEmail, password, Plan.Professional, "Olivia", "Owner", actor, ct);
        var owner = await employees.FindByEmailAsync(cloud.Id, OwnerEmail, ct);
        var system = Caller.System(cloud.Id, cloud.Plan, actor.Channel);
        var planer = await employees.AddAsync(system, "planer@demo.local", "Paul", "Planer", SecurityGroup.AdvancedRights, null, ct);
        var worker = await employees.AddAsync(system, "mitarbeiter@demo.local", "Mia", "Mitarbeiter", SecurityGroup.BasicRights, null, ct);
        await employees.AddAsync(system, "gast@demo.local", "Gustav", "Gast", SecurityGroup.GuestRights, null, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        string[][] plan =
        [
            ["Website relaunch", "Concept", "Design", "Launch"],
            ["ERP rollout", "Analysis", "Migration"],
            ["Trade fair 2027", "Booth", "Marketing"],
        ];
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (entry, p) in plan.Select((e, i) => (e, i)))
        {
            var project = new Project
            {
                Title = entry[0],
                Number = await db.NextProjectNumberAsync(cloud.Id, ct),
                ProjectState = ProjectState.InProcess,
                Priority = 50,
                CreationDate = now,
                ChangeDate = now,
                CreatorId = owner.Id,
                OfficerId = planer.Id,
                PlannedStartDate = now.Date.AddDays(p * 7),
                PlannedEndDate = now.Date.AddDays(60 + (p * 7)),
            };
            db.Projects.Add(project);
            foreach (var title in entry.Skip(1))
            {
                var package = new Package
                {
                    ProjectId = project.Id,
                    Title = title,
                    Number = await db.NextPackageNumberAsync(cloud.Id, ct),
                    CreationDate = now,
                    ChangeDate = now,
                    CreatorId = owner.Id,
                };
                db.Packages.Add(package);
                for (var t = 1; t <= 3; t++)
                {
                    var task = new ProjectTask
                    {
                        ProjectId = project.Id,
                        ParentPackageId = package.Id,
                        Title = $"{title}: step {t}",
                        Number = await db.NextTaskNumberAsync(cloud.Id, ct),
                        TaskState = t == 1 ? TaskState.InProcess : TaskState.Planned,
                        TaskPriority = 50,
                        CreationDate = now,
                        ChangeDate = now,
                        CreatorId = owner.Id,
                        ExecutorId = worker.Id,
                        PlannedEffort = 240,
                        EndDate = now.Date.AddDays(14 * t),
                    };
                    db.Tasks.Add(task);
                    if (t == 1)
                    {
                        task.RealizedEffort = 90;
                        db.WorkRecords.Add(new WorkRecord
                        {
                            Title = $"#{task.Number} {task.Title}",
                            WorkEmployeeId = worker.Id,
                            CreatorEmployeeId = worker.Id,
                            StartDate = today.AddDays(-1),
                            StartTime = new TimeOnly(9, 0),
                            EndTime = new TimeOnly(10, 30),
                            MinutesWorked = 90,
                            IsBillable = true,
                            BookedOnReferenceId = task.Id,
                            BookedOnReferenceType = BookedOnReferenceType.Task,
                            CreatedAt = now,
                            UpdatedAt = now,
                        });
                    }
                }
            }

            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        var token = await tokens.CreateAsync(system, owner.Id, "Demo token", "Created with the demo cloud", null, new InputErrors(), ct);
        return new DemoCloud(cloud, OwnerEmail, password, token.Secret);
    }
}
