using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;
using Planwerk.Projects;
using Planwerk.Tasks;
using Planwerk.WorkRecords;

namespace Planwerk.Comments;

/// <summary>
/// What a comment hangs on: a project, a package (of <see cref="ProjectId"/> when the route names one, so a package of
/// another project answers 404 like an absent one), a task or a work record.
/// </summary>
public readonly record struct CommentTarget(CommentReferenceType Type, Guid Id, Guid? ProjectId = null);

/// <summary>
/// The rules for comments. Every method first looks the commented thing up through its own service (visibility, the
/// work-record plan gate, a package's project), so no door can reach the comments of something its caller cannot see.
/// </summary>
public sealed class CommentService(PlanwerkDb db, TimeProvider time, ProjectService projects, PackageService packages, TaskService tasks,
    WorkRecordService workRecords)
{
    /// <summary>The comments on a thing the caller can see (404 for the thing otherwise).</summary>
    public async Task<IQueryable<Comment>> ListAsync(Caller caller, CommentTarget target, CancellationToken ct)
    {
        await RequireVisibleAsync(caller, target, ct);
        return On(target);
    }

    public async Task<Comment> GetAsync(Caller caller, CommentTarget target, Guid id, CancellationToken ct)
    {
        await RequireVisibleAsync(caller, target, ct);
        return await On(target).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Comment", id);
    }

    private IQueryable<Comment> On(CommentTarget target) =>
        db.Comments.Where(c => c.ReferenceType == target.Type && c.ReferenceId == target.Id);

    /// <summary>
    /// The commented thing through its owner's own look-up, with its messages ("Task with id … not found", a plan gate on
    /// work records); every method calls it first, and a door that reads a body calls it before it reads.
    /// </summary>
    public async Task RequireVisibleAsync(Caller caller, CommentTarget target, CancellationToken ct)
    {
        switch (target.Type)
        {
            case CommentReferenceType.Project:
                await projects.GetAsync(caller, target.Id, ct);
                break;
            case CommentReferenceType.Package when target.ProjectId is { } projectId:
                await packages.GetAsync(caller, projectId, target.Id, ct);
                break;
            case CommentReferenceType.Package:
                await packages.GetAsync(caller, target.Id, ct);
                break;
            case CommentReferenceType.Task:
                await tasks.GetAsync(caller, target.Id, ct);
                break;
            case CommentReferenceType.WorkRecord:
                await workRecords.GetAsync(caller, target.Id, ct);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Type, "Unknown comment target.");
        }
    }

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
            CommentReferenceType.Task => await (await db.VisibleTasksAsync(caller, ct)).AnyAsync(t => t.Id == owner, ct),
            CommentReferenceType.Package => await (await db.VisiblePackagesAsync(caller, ct)).AnyAsync(p => p.Id == owner, ct),
            CommentReferenceType.Project => await (await db.VisibleProjectsAsync(caller, ct)).AnyAsync(p => p.Id == owner, ct),
            CommentReferenceType.WorkRecord => await db.VisibleWorkRecords(caller).AnyAsync(w => w.Id == owner, ct),
            _ => false,
        };
        return visible ? comment : throw DomainException.NotFound("Comment", id);
    }

    /// <summary>
    /// Every group may comment on what it can see (guests included, CORE-API.md). The thing is looked up before the
    /// input is judged, so an invisible one is a 404 whatever the body says.
    /// </summary>
    public async Task<Comment> CreateAsync(Caller caller, CommentTarget target, Optional<string?> text, Guid? parentId, IInputErrors errors, CancellationToken ct)
    {
        await RequireVisibleAsync(caller, target, ct);
        errors.ThrowIfInvalid(); // what the door's reader found (types) first, as on every route
        if (errors.RequiredText("text", text))
        {
            errors.MaxLength("text", text.Value, Comment.TextMaxLength);
        }

        if (parentId is { } parent && !await On(target).AnyAsync(c => c.Id == parent, ct))
        {
            errors.Invalid("parentId", "unknown_comment", $"No comment with id \"{parent}\" on this {target.Type.Wire()}.");
        }

        errors.ThrowIfInvalid();
        var now = time.GetUtcNow().UtcDateTime;
        var comment = new Comment
        {
            ReferenceType = target.Type, ReferenceId = target.Id, Text = text.Value!, ParentId = parentId,
            CreatorId = caller.EmployeeId, CreationDate = now, ChangeDate = now,
        };
        db.Comments.Add(comment);
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Its author changes a comment's text (nobody else, admins neither: a comment says what its author wrote).</summary>
    public async Task<Comment> UpdateAsync(Caller caller, CommentTarget target, Guid id, Optional<string?> text, IInputErrors errors, CancellationToken ct)
    {
        var comment = await GetAsync(caller, target, id, ct);
        if (comment.CreatorId != caller.EmployeeId)
        {
            throw DomainException.Forbidden("Only its author may change a comment.");
        }

        errors.ThrowIfInvalid();
        if (errors.RequiredText("text", text))
        {
            errors.MaxLength("text", text.Value, Comment.TextMaxLength);
        }

        errors.ThrowIfInvalid();
        comment.Text = text.Value!;
        comment.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return comment;
    }

    /// <summary>Whether the caller may delete the comment (its author or an admin), for the UI.</summary>
    public static bool MayDelete(Caller caller, Comment comment) => comment.CreatorId == caller.EmployeeId || caller.Has(Right.ModerateComments);

    /// <summary>Its author or an admin deletes a comment; replies go with it.</summary>
    public async Task<Comment> DeleteAsync(Caller caller, CommentTarget target, Guid id, CancellationToken ct)
    {
        var comment = await GetAsync(caller, target, id, ct);
        if (!MayDelete(caller, comment))
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
