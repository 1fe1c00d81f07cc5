using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.WorkRecords;

namespace Planwerk.Comments;

/// <summary>The rules for comments. The caller's API checks that the commented thing is visible first.</summary>
public sealed class CommentService(PlanwerkDb db, TimeProvider time)
{
    public const int MaxLength = 20_000;

    public IQueryable<Comment> On(CommentReferenceType type, Guid referenceId) =>
        db.Comments.Where(c => c.ReferenceType == type && c.ReferenceId == referenceId);

    public async Task<Comment> GetAsync(CommentReferenceType type, Guid referenceId, Guid id, CancellationToken ct) =>
        await On(type, referenceId).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Comment", id);

    /// <summary>
    /// Any comment of the cloud by its id, if the caller can see what it is attached to (404 otherwise,
    /// so that its existence does not leak); work-record comments need the plan that has work records.
    /// </summary>
    public async Task<Comment> GetVisibleAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var comment = await db.Comments.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Comment", id);
        var owner = comment.ReferenceId;
        var visible = comment.ReferenceType switch
        {
            CommentReferenceType.Task => await db.VisibleTasks(caller).AnyAsync(t => t.Id == owner, ct),
            CommentReferenceType.Package => await db.VisiblePackages(caller).AnyAsync(p => p.Id == owner, ct),
            CommentReferenceType.Project => await db.VisibleProjects(caller).AnyAsync(p => p.Id == owner, ct),
            CommentReferenceType.WorkRecord => await db.VisibleWorkRecords(caller).AnyAsync(w => w.Id == owner, ct),
            _ => false,
        };
        return visible ? comment : throw DomainException.NotFound("Comment", id);
    }

    /// <summary>Every group may comment on what it can see (guests included, CORE-API.md).</summary>
    public async Task<Comment> CreateAsync(Caller caller, CommentReferenceType type, Guid referenceId, string? text, Guid? parentId,
        IInputErrors errors, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Invalid("text", "required", "text is required.");
        }

        if (parentId is { } parent && !await On(type, referenceId).AnyAsync(c => c.Id == parent, ct))
        {
            errors.Invalid("parentId", "unknown_comment", $"No comment with id \"{parent}\" on this {type.Wire()}.");
        }

        errors.ThrowIfInvalid();
        var now = time.GetUtcNow().UtcDateTime;
        var comment = new Comment
        {
            ReferenceType = type, ReferenceId = referenceId, Text = text!, ParentId = parentId,
            CreatorId = caller.EmployeeId, CreationDate = now, ChangeDate = now,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Its author or an admin deletes a comment; replies go with it.</summary>
    public async Task<Comment> DeleteAsync(Caller caller, CommentReferenceType type, Guid referenceId, Guid id, CancellationToken ct)
    {
        var comment = await GetAsync(type, referenceId, id, ct);
        if (comment.CreatorId != caller.EmployeeId && !caller.IsAdmin)
        {
            throw DomainException.Forbidden("Only its author or an admin may delete a comment.");
        }

        // One transaction: the replies go only if the comment goes (and both only if the caller still may, ADR 7).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Comments.Where(c => c.ParentId == id).ExecuteDeleteAsync(ct);
        db.Comments.Remove(comment);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return comment;
    }
}
