using Microsoft.Extensions.DependencyInjection;
using Planwerk.Access;
using Planwerk.Absences;
using Planwerk.Appointments;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tags;
using Planwerk.Tasks;
using Planwerk.Teams;
using Planwerk.Tests.Infrastructure;
using Planwerk.WorkRecords;

namespace Planwerk.Tests.Import;

/// <summary>
/// A professional cloud with some of everything the import copies, seeded through the services (as the API would write
/// it): users of every group (one inactive), companies and contacts, tag lists and tags on items, projects with nested
/// packages and tasks (officers, executors, efforts, custom fields, CRM links, states), checklists, connections,
/// comment threads, work records, appointments, absences, teams and members.
/// </summary>
public static class SourceCloud
{
    public static async Task<TestCloud> SeedAsync(PlanwerkApp app, int tasksCount = 200)
    {
        var cloud = await app.CreateCloudAsync(Plan.Professional);
        await using var scope = app.Scope();
        var s = scope.ServiceProvider;
        var db = s.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloud.Id);
        var caller = new Caller(cloud.Id, cloud.OwnerId, SecurityGroup.AllRights, cloud.Plan, IsOwner: true, "cli");
        var ct = CancellationToken.None;
        var employees = s.GetRequiredService<EmployeeService>();
        var crm = s.GetRequiredService<CompanyService>();
        var tags = s.GetRequiredService<TagService>();
        var projects = s.GetRequiredService<ProjectService>();
        var packages = s.GetRequiredService<PackageService>();
        var tasks = s.GetRequiredService<TaskService>();
        var checklist = s.GetRequiredService<ChecklistService>();
        var comments = s.GetRequiredService<CommentService>();
        var records = s.GetRequiredService<WorkRecordService>();
        var appointments = s.GetRequiredService<AppointmentService>();
        var absences = s.GetRequiredService<AbsenceService>();
        var teams = s.GetRequiredService<TeamService>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        InputErrors E() => new();

        var users = new List<Guid> { cloud.OwnerId };
        SecurityGroup[] groups = [SecurityGroup.AllRights, SecurityGroup.AdvancedRights, SecurityGroup.AdvancedRights, SecurityGroup.BasicRights,
            SecurityGroup.BasicRights, SecurityGroup.GuestRights, SecurityGroup.BasicRights];
        for (var i = 0; i < groups.Length; i++)
        {
            var user = await employees.AddAsync(caller, $"src{i}-{suffix}@example.test", $"First{i}", $"Last{i}", groups[i], null, ct);
            await employees.UpdateAsync(caller, user.Id, new UserInput { City = $"City {i}", Salutation = i % 2 == 0 ? Salutation.Female : Salutation.Male }, E(), ct);
            users.Add(user.Id);
        }

        var workers = users.Take(6).ToList(); // the last one is deactivated at the end; the guest (index 6) only executes
        var companies = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            companies.Add((await crm.CreateCompanyAsync(caller, new CompanyInput { Name = $"Company {i}", City = "Berlin", Phone = $"030-{i}" }, E(), ct)).Id);
        }

        var contacts = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            contacts.Add((await crm.CreateContactAsync(caller, new ContactInput
            {
                FirstName = $"Con{i}", LastName = "Tact", CompanyId = i % 4 == 3 ? null : companies[i % companies.Count], EmailAddress = $"c{i}@example.test",
            }, E(), ct)).Id);
        }

        var tagIds = new Dictionary<TagKind, List<Guid>>();
        foreach (var kind in Enum.GetValues<TagKind>())
        {
            tagIds[kind] = [];
            for (var i = 0; i < 6; i++)
            {
                tagIds[kind].Add((await tags.CreateAsync(kind, new Optional<string?>(true, $"{kind} tag {i}"), E(), ct)).Id);
            }
        }

        var projectIds = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var project = await projects.CreateAsync(caller, new ProjectInput
            {
                Title = $"Project {i}", Description = $"About project {i}", OfficerId = workers[i % workers.Count], Priority = 10 * (1 + i % 9),
                PlannedStartDate = new DateTime(2026, 1, 1 + i, 8, 0, 0, DateTimeKind.Utc), CustomFields = $"{{\"budget\":{i * 1000},\"code\":\"P{i}\"}}",
                ColorScheme = "blue", IsDraft = i == 5,
            }, E(), ct);
            projectIds.Add(project.Id);
            if (i % 3 == 0)
            {
                await crm.LinkCompanyAsync(await projects.GetWritableAsync(caller, project.Id, "link", ct), companies[i], E(), ct);
            }

            await tags.AddAsync(caller, TagKind.Project, project.Id, [tagIds[TagKind.Project][i % 6], tagIds[TagKind.Project][(i + 1) % 6]], E(), ct);
            db.ChangeTracker.Clear();
        }

        var packageIds = new List<(Guid Project, Guid Id)>();
        foreach (var (projectId, i) in projectIds.Select((p, i) => (p, i)))
        {
            for (var k = 0; k < 4; k++)
            {
                Guid? parent = k >= 2 ? packageIds[^(k - 1)].Id : null; // two at the root, two nested
                var package = await packages.CreateAsync(caller, projectId, new PackageInput
                {
                    Title = $"Package {i}.{k}", ParentPackageId = parent, OfficerId = k == 1 ? workers[k] : null, PlannedEffort = 60 * k,
                    StartDate = new DateTime(2026, 2, 1 + k, 0, 0, 0, DateTimeKind.Utc),
                }, E(), ct);
                packageIds.Add((projectId, package.Id));
            }

            db.ChangeTracker.Clear();
        }

        var taskIds = new List<Guid>();
        for (var i = 0; i < tasksCount; i++)
        {
            var (projectId, packageId) = packageIds[i % packageIds.Count];
            var task = await tasks.CreateAsync(caller, new TaskInput
            {
                Title = $"Task {i}", Description = i % 2 == 0 ? $"Do {i}" : null, TargetParentId = i % 5 == 0 ? projectId : packageId,
                ExecutorId = users[i % users.Count], OfficerId = i % 3 == 0 ? workers[i % workers.Count] : null, TaskPriority = 10 * (1 + i % 9),
                PlannedEffort = 30 + i, RemainingEffort = i % 4 == 0 ? 15 : null, StartDate = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc).AddHours(i),
                EndDate = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc).AddHours(i), IsMilestone = i % 17 == 0, CustomFields = $"{{\"n\":{i}}}",
                Urgency = i % 7 == 0 ? Urgency.Due : null,
            }, E(), ct);
            taskIds.Add(task.Id);
            await checklist.AddAsync(caller, task.Id, new ChecklistEntryInput { Title = $"Check {i}", Checked = i % 2 == 0, AssigneeId = workers[i % workers.Count] }, E(), ct);
            if (i % 5 == 0 && i > 0)
            {
                await tasks.ConnectAsync(caller, taskIds[i - 1], [task.Id], E(), ct);
            }

            if (i % 3 == 0)
            {
                await tags.AddAsync(caller, TagKind.Task, task.Id, [tagIds[TagKind.Task][i % 6]], E(), ct);
            }

            var comment = await comments.CreateAsync(caller, new CommentTarget(CommentReferenceType.Task, task.Id), new Optional<string?>(true, $"Comment on {i}"), null, E(), ct);
            if (i % 4 == 0)
            {
                await comments.CreateAsync(caller, new CommentTarget(CommentReferenceType.Task, task.Id), new Optional<string?>(true, $"Reply on {i}"), comment.Id, E(), ct);
            }

            if (i % 2 == 0)
            {
                await records.CreateAsync(caller, new WorkRecordInput
                {
                    StartDate = new DateOnly(2026, 3, 1 + i % 28), MinutesWorked = 15 + i, UtcOffset = 60, BookedOnReferenceId = task.Id,
                    BookedOnReferenceType = BookedOnReferenceType.Task, WorkEmployeeId = workers[i % workers.Count], IsBillable = i % 3 == 0,
                    Description = $"Worked on {i}", StartTime = new TimeOnly(9, 0), EndTime = new TimeOnly(10, 0),
                }, E(), ct);
            }

            db.ChangeTracker.Clear();
        }

        foreach (var (projectId, i) in projectIds.Select((p, i) => (p, i)))
        {
            await comments.CreateAsync(caller, new CommentTarget(CommentReferenceType.Project, projectId), new Optional<string?>(true, $"On project {i}"), null, E(), ct);
            var (_, packageId) = packageIds[i * 4];
            await comments.CreateAsync(caller, new CommentTarget(CommentReferenceType.Package, packageId), new Optional<string?>(true, $"On package {i}"), null, E(), ct);
            await records.CreateAsync(caller, new WorkRecordInput
            {
                StartDate = new DateOnly(2026, 4, 1 + i), MinutesWorked = 45, UtcOffset = 0, BookedOnReferenceId = projectId,
                BookedOnReferenceType = BookedOnReferenceType.Project, WorkEmployeeId = workers[i % workers.Count],
            }, E(), ct);
        }

        foreach (var kind in new[] { TagKind.Company, TagKind.User })
        {
            var items = kind == TagKind.Company ? companies : users;
            foreach (var (item, i) in items.Select((x, i) => (x, i)).Where(x => x.i % 2 == 0))
            {
                await tags.AddAsync(caller, kind, item, [tagIds[kind][i % 6]], E(), ct);
            }
        }

        for (var i = 0; i < 60; i++)
        {
            var start = new DateTime(2026, 5, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i * 5);
            await appointments.CreateAsync(caller, new AppointmentInput
            {
                EmployeeId = workers[i % workers.Count], Subject = $"Meeting {i}", Location = i % 2 == 0 ? "Room 1" : null, StartDate = start,
                EndDate = start.AddHours(1), ReferencedTaskId = i % 3 == 0 ? taskIds[i] : null,
            }, E(), ct);
        }

        for (var i = 0; i < 30; i++)
        {
            var day = new DateOnly(2026, 6, 1).AddDays(i * 3);
            await absences.CreateManyAsync(caller, [(new AbsenceInput
            {
                EmployeeId = workers[i % workers.Count], StartDate = day, EndDate = day.AddDays(1), Type = i % 2 == 0 ? AbsenceType.Planned : AbsenceType.Unplanned,
            }, E())], null, ct);
        }

        for (var i = 0; i < 4; i++)
        {
            var team = await teams.CreateAsync(caller, new TeamInput { Name = $"Team {i}", Color = "#aabbcc" }, E(), ct);
            for (var k = 0; k < 3; k++)
            {
                await teams.AddMemberAsync(caller, team.Id, new Optional<Guid?>(true, workers[(i + k) % workers.Count]), E(), ct);
            }
        }

        // States last, as a closed task refuses further writes.
        for (var i = 0; i < taskIds.Count; i += 3)
        {
            var state = (i / 3 % 4) switch { 0 => TaskState.Closed, 1 => TaskState.Review, 2 => TaskState.InProcess, _ => TaskState.PushedBack };
            await tasks.SetStateAsync(caller, taskIds[i], state, state == TaskState.PushedBack ? new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc) : null, E(), ct);
        }

        await projects.UpdateAsync(caller, projectIds[1], new ProjectInput { ProjectState = ProjectState.Closed, IsArchived = true }, E(), ct);
        await projects.UpdateAsync(caller, projectIds[2], new ProjectInput { ProjectState = ProjectState.Planned }, E(), ct);
        await employees.UpdateAsync(caller, users[^1], new UserInput { IsActive = false }, E(), ct);
        return cloud;
    }
}
