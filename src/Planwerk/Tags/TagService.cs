using Microsoft.EntityFrameworkCore;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Tags;

/// <summary>The rules for the cloud's project and task tag lists and for tagging.</summary>
public sealed class TagService(PlanwerkDb db, TimeProvider time)
{
    public const int NameMaxLength = 100;

    public IQueryable<Tag> List(TagKind kind) => db.Tags.Where(t => t.Kind == kind);

    public async Task<Tag> CreateAsync(TagKind kind, string? name, IInputErrors errors, CancellationToken ct)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Invalid("name", "required", "name is required.");
        }
        else if (await db.Tags.AnyAsync(t => t.Kind == kind && t.Name == name, ct))
        {
            errors.Invalid("name", "duplicate", $"A {kind.ToString().ToLowerInvariant()} tag named \"{name}\" exists already.");
        }

        errors.ThrowIfInvalid();
        var tag = new Tag { Kind = kind, Name = name!, CreatedAt = time.GetUtcNow().UtcDateTime };
        db.Tags.Add(tag);
        await db.SaveChangesAsync(ct);
        return tag;
    }

    public async Task<Tag> DeleteAsync(TagKind kind, Guid id, CancellationToken ct)
    {
        var tag = await db.Tags.FirstOrDefaultAsync(t => t.Kind == kind && t.Id == id, ct) ?? throw DomainException.NotFound("Tag", id);
        db.Tags.Remove(tag); // assignments go by cascade
        await db.SaveChangesAsync(ct);
        return tag;
    }

    public IQueryable<Tag> On(TagKind kind, Guid entityId) =>
        db.Tags.Where(t => t.Kind == kind && db.TagAssignments.Any(a => a.TagId == t.Id && a.EntityId == entityId));

    /// <summary>Puts tags on a project or task (idempotent); every id must be a tag of that kind.</summary>
    public async Task AddAsync(TagKind kind, Guid entityId, IReadOnlyList<Guid> tagIds, IInputErrors errors, CancellationToken ct)
    {
        var known = await db.Tags.Where(t => t.Kind == kind && tagIds.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        foreach (var missing in tagIds.Except(known))
        {
            errors.Invalid("tagIds", "unknown_tag", $"No {kind.ToString().ToLowerInvariant()} tag with id \"{missing}\".");
        }

        errors.ThrowIfInvalid();
        var present = await db.TagAssignments.Where(a => a.EntityId == entityId).Select(a => a.TagId).ToListAsync(ct);
        foreach (var id in known.Distinct().Except(present))
        {
            db.TagAssignments.Add(new TagAssignment { TagId = id, EntityId = entityId });
        }

        await db.SaveChangesAsync(ct);
    }

    public async Task<Tag> RemoveAsync(TagKind kind, Guid entityId, Guid tagId, CancellationToken ct)
    {
        var tag = await On(kind, entityId).FirstOrDefaultAsync(t => t.Id == tagId, ct) ?? throw DomainException.NotFound("Tag", tagId);
        await db.TagAssignments.Where(a => a.EntityId == entityId && a.TagId == tagId).ExecuteDeleteAsync(ct);
        return tag;
    }
}
