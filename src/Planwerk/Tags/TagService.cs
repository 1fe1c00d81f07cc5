using Microsoft.EntityFrameworkCore;
using Planwerk.Companies;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.Webhooks;

namespace Planwerk.Tags;

/// <summary>
/// The rules for the cloud's tag lists (project, task, company and user tags) and for tagging. Every tagging
/// method first looks the item up through its own service, which decides who may read or tag it (404 for an
/// item the caller cannot see; a closed task refuses tagging); a change of an item's tags fires the item's
/// <c>…Updated</c> webhook action with <c>changes.tagIds</c> (old and new ids).
/// </summary>
public sealed class TagService(PlanwerkDb db, TimeProvider time, ProjectService projects, TaskService tasks, CompanyService crm,
    EmployeeService employees)
{
    public IQueryable<Tag> List(TagKind kind) => db.Tags.Where(t => t.Kind == kind);

    public async Task<Tag> CreateAsync(TagKind kind, Optional<string?> sent, IInputErrors errors, CancellationToken ct)
    {
        var name = sent.Value?.Trim();
        if (errors.RequiredText("name", sent))
        {
            errors.MaxLength("name", name, Tag.NameMaxLength);
            if (name!.Length <= Tag.NameMaxLength && await db.Tags.AnyAsync(t => t.Kind == kind && t.Name == name, ct))
            {
                errors.Invalid("name", "duplicate", $"A {kind.ToString().ToLowerInvariant()} tag named \"{name}\" exists already.");
            }
        }

        errors.ThrowIfInvalid();
        var tag = new Tag { Kind = kind, Name = name!, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Tags.Add(tag);
        await db.SaveChangesAsync(ct);
        return tag;
    }

    /// <summary>Deletes a tag from the cloud's list; it comes off everything that had it (no per-item webhook event).</summary>
    public async Task<Tag> DeleteAsync(TagKind kind, Guid id, CancellationToken ct)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Kind == kind && t.Id == id, ct) ?? throw DomainException.NotFound("Tag", id);
        db.Tags.Remove(tag); // assignments go by cascade
        await db.SaveChangesAsync(ct);
        return tag;
    }

    /// <summary>The tags on an item the caller can see.</summary>
    public async Task<IQueryable<Tag>> OnAsync(Caller caller, TagKind kind, Guid entityId, CancellationToken ct)
    {
        await RequireItemAsync(caller, kind, entityId, write: false, ct);
        return On(kind, entityId);
    }

    private IQueryable<Tag> On(TagKind kind, Guid entityId) =>
        db.Tags.Where(t => t.Kind == kind && db.TagAssignments.Any(a => a.TagId == t.Id && a.EntityId == entityId));

    /// <summary>
    /// The item through its own service: visible (404 otherwise, with the item's own message); tagging a task
    /// needs a task the caller may change that is not closed (403 <c>forbidden</c> / <c>task_closed</c>). Every method
    /// calls it first, and a door that reads a body or paging calls it before it reads them.
    /// </summary>
    public async Task RequireItemAsync(Caller caller, TagKind kind, Guid entityId, bool write, CancellationToken ct)
    {
        switch (kind)
        {
            case TagKind.Project when write:
                await projects.GetWritableAsync(caller, entityId, "tag projects", ct);
                break;
            case TagKind.Project:
                await projects.GetAsync(caller, entityId, ct);
                break;
            case TagKind.Task when write:
                await tasks.GetWritableAsync(caller, entityId, "tag tasks", ct);
                break;
            case TagKind.Task:
                await tasks.GetAsync(caller, entityId, ct);
                break;
            case TagKind.Company:
                await crm.GetCompanyAsync(caller, entityId, ct);
                break;
            case TagKind.User:
                await employees.GetAsync(caller, entityId, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown tag kind.");
        }
    }

    /// <summary>Puts tags on an item (idempotent); every id must be a tag of that kind. Answers the item's tags after the change.</summary>
    public async Task<IQueryable<Tag>> AddAsync(Caller caller, TagKind kind, Guid entityId, IReadOnlyList<Guid> tagIds, IInputErrors errors, CancellationToken ct)
    {
        await RequireItemAsync(caller, kind, entityId, write: true, ct);
        errors.ThrowIfInvalid(); // what the door's reader found (types, lengths) first, as on every route
        var known = await db.Tags.Where(t => t.Kind == kind && tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var missing in tagIds.Except(known))
        {
            errors.Invalid("tagIds", "unknown_tag", $"No {kind.ToString().ToLowerInvariant()} tag with id \"{missing}\".");
        }

        errors.ThrowIfInvalid();
        var present = await AssignedAsync(kind, entityId, ct);
        var added = known.Distinct().Except(present).ToList();
        if (added.Count == 0)
        {
            return On(kind, entityId);
        }

        foreach (var id in added)
        {
            db.TagAssignments.Add(new TagAssignment { TagId = id, EntityId = entityId });
        }

        await ReportAsync(kind, entityId, present, [.. present, .. added], ct);
        await db.SaveChangesAsync(ct);
        return On(kind, entityId);
    }

    public async Task<Tag> RemoveAsync(Caller caller, TagKind kind, Guid entityId, Guid tagId, CancellationToken ct)
    {
        await RequireItemAsync(caller, kind, entityId, write: true, ct);
        var tag = await On(kind, entityId).FirstOrDefaultAsync(t => t.Id == tagId, ct) ?? throw DomainException.NotFound("Tag", tagId);
        var present = await AssignedAsync(kind, entityId, ct);
        var assignment = await db.TagAssignments.FirstAsync(a => a.EntityId == entityId && a.TagId == tagId, ct);
        db.TagAssignments.Remove(assignment);
        await ReportAsync(kind, entityId, present, present.Where(id => id != tagId).ToList(), ct);
        await db.SaveChangesAsync(ct);
        return tag;
    }

    private Task<List<Guid>> AssignedAsync(TagKind kind, Guid entityId, CancellationToken ct) =>
        On(kind, entityId).OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(ct);

    /// <summary>The item's <c>…Updated</c> event with the tag ids before and after (sorted).</summary>
    private async Task ReportAsync(TagKind kind, Guid entityId, List<Guid> before, List<Guid> after, CancellationToken ct)
    {
        var projectId = kind switch
        {
            TagKind.Project => entityId,
            TagKind.Task => await db.Tasks.Where(t => t.Id == entityId).Select(t => (Guid?)t.ProjectId).FirstOrDefaultAsync(ct),
            _ => null,
        };
        db.Report(new ReportedChange(db.CurrentCloudId, $"{kind}Updated", kind.ToString().ToLowerInvariant(), entityId, projectId,
            new Dictionary<string, FieldChange> { ["tagIds"] = new(before.Order().ToList(), after.Order().ToList()) }));
    }
}
