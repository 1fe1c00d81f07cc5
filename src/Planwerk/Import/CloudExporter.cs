using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Planwerk.Absences;
using Planwerk.Appointments;
using Planwerk.Comments;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Projects;
using Planwerk.Tags;
using Planwerk.Tasks;
using Planwerk.Teams;
using Planwerk.WorkRecords;

namespace Planwerk.Import;

/// <summary>
/// A cloud as a <see cref="CloudSnapshot"/> in the Core API's shapes (each item through its API's DTO), the same sections
/// an import from a Core API reads: a backup, and a move between Planwerk installs (<c>planwerk import file</c>).
/// </summary>
public sealed class CloudExporter(PlanwerkDb db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = CreateOptions();

    public async Task<CloudSnapshot> ExportAsync(Guid cloudId, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        var snapshot = new CloudSnapshot { SourceCloudId = cloudId.ToString(), ExportedAt = time.GetUtcNow().UtcDateTime };
        var q = db.ChangeTracker.QueryTrackingBehavior;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        try
        {
            Add(snapshot, CloudSnapshot.Users, await db.Employees.Include(e => e.Account).OrderBy(e => e.Id).ToListAsync(ct), UserDto.From);
            var contacts = await db.Contacts.OrderBy(c => c.Id).ToListAsync(ct);
            Add(snapshot, CloudSnapshot.Companies, await db.Companies.OrderBy(c => c.Id).ToListAsync(ct),
                c => CompanyDto.From(new CompanyRow { Id = c.Id, Company = c, ContactIds = contacts.Where(x => x.CompanyId == c.Id).Select(x => x.Id).ToList() }));
            Add(snapshot, CloudSnapshot.Contacts, contacts, ContactDto.From);
            var allTags = await db.Tags.OrderBy(t => t.Id).ToListAsync(ct);
            foreach (var (kind, tagKind) in new[] { (CloudSnapshot.ProjectTags, TagKind.Project), (CloudSnapshot.TaskTags, TagKind.Task),
                (CloudSnapshot.CompanyTags, TagKind.Company), (CloudSnapshot.UserTags, TagKind.User) })
            {
                Add(snapshot, kind, allTags.Where(t => t.Kind == tagKind).ToList(), TagDto.From);
            }

            Add(snapshot, CloudSnapshot.Projects, await db.Projects.OrderBy(p => p.Id).ToListAsync(ct), ProjectDto.From);
            Add(snapshot, CloudSnapshot.Packages, await db.Packages.OrderBy(p => p.Id).ToListAsync(ct), PackageDto.From);
            Add(snapshot, CloudSnapshot.Tasks, await db.Tasks.OrderBy(t => t.Id).ToListAsync(ct), TaskDto.From);
            Add(snapshot, CloudSnapshot.ChecklistEntries, await db.ChecklistEntries.OrderBy(e => e.TaskId).ThenBy(e => e.Position).ThenBy(e => e.Id).ToListAsync(ct),
                ChecklistEntryDto.From);
            Add(snapshot, CloudSnapshot.TaskConnections, await db.TaskConnections.OrderBy(c => c.TaskId).ThenBy(c => c.ConnectedTaskId).ToListAsync(ct),
                TaskConnectionDto.From);
            var kinds = allTags.ToDictionary(t => t.Id, t => t.Kind);
            var assignments = (await db.TagAssignments.ToListAsync(ct))
                .Where(a => kinds.ContainsKey(a.TagId))
                .GroupBy(a => (Kind: kinds[a.TagId], a.EntityId))
                .OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.EntityId);
            foreach (var group in assignments)
            {
                snapshot.Add(CloudSnapshot.TagAssignments, JsonSerializer.SerializeToElement(new
                {
                    kind = group.Key.Kind.ToString().ToLowerInvariant(),
                    itemId = group.Key.EntityId,
                    tagIds = group.Select(a => a.TagId).Order().ToList(),
                }, Json));
            }

            Add(snapshot, CloudSnapshot.Comments, await db.Comments.OrderBy(c => c.Id).ToListAsync(ct), CommentDto.From);
            Add(snapshot, CloudSnapshot.WorkRecords, await db.WorkRecords.OrderBy(w => w.Id).ToListAsync(ct), WorkRecordDto.From);
            Add(snapshot, CloudSnapshot.Appointments, await db.Appointments.OrderBy(a => a.Id).ToListAsync(ct), AppointmentDto.From);
            Add(snapshot, CloudSnapshot.Absences, await db.Absences.OrderBy(a => a.Id).ToListAsync(ct), AbsenceDto.From);
            Add(snapshot, CloudSnapshot.Teams, await db.Teams.OrderBy(t => t.Id).ToListAsync(ct), TeamDto.From);
            Add(snapshot, CloudSnapshot.TeamMembers, await db.TeamMembers.OrderBy(m => m.Id).ToListAsync(ct), TeamMemberDto.From);
        }
        finally
        {
            db.ChangeTracker.QueryTrackingBehavior = q;
        }

        return snapshot;
    }

    private static void Add<TEntity, TDto>(CloudSnapshot snapshot, string kind, List<TEntity> rows, Func<TEntity, TDto> toDto)
    {
        snapshot.Sections[kind] = [];
        foreach (var row in rows)
        {
            snapshot.Add(kind, JsonSerializer.SerializeToElement(toDto(row), Json));
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        ApiJson.Configure(options);
        return options;
    }
}
