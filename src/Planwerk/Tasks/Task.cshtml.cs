using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Comments;
using Planwerk.Documents;
using Planwerk.Employees;
using Planwerk.Infrastructure.Web;
using Planwerk.Projects;
using Planwerk.WorkRecords;

namespace Planwerk.Tasks;

/// <summary>
/// <c>/tasks/{id}</c>: a task with its state, comments and checklist, and on the professional plan its
/// booked working time. Each form posts to a handler of its own (no page-wide binding), calling the
/// service the API calls.
/// </summary>
public sealed class TaskPageModel(TaskService tasks, ChecklistService checklist, CommentService comments, WorkRecordService workRecords,
    ProjectService projects, PackageService packages, DocumentService documents) : FormPage, IDocumentsPage
{
    public IReadOnlyList<Document> Documents { get; private set; } = [];

    public bool MayChangeDocuments { get; private set; }

    public string NameOf(Guid? employeeId) => employeeId is { } id ? Names.GetValueOrDefault(id) ?? "–" : "–";

    private DocumentTarget DocumentTarget => new(DocumentReferenceType.Task, Id);

    public async Task<IActionResult> OnPostUploadDocumentAsync([Display(Name = "Documents.File")] IFormFile? documentFile,
        [Display(Name = "Documents.TitleField")] string? documentTitle, CancellationToken ct)
    {
        if (!Caller.Has(Right.EditTasks))
        {
            return ForbiddenPage(); // the group's right first, as the API's route does: before the thing is looked up
        }

        if (await DocumentForms.UploadAsync(this, T, documents, Caller, DocumentTarget, documentFile, documentTitle, ct))
        {
            Flash = T["Documents.Uploaded"];
            return Redirect($"/tasks/{Id}#documents");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteDocumentAsync([HiddenField] Guid documentId, CancellationToken ct)
    {
        if (!Caller.Has(Right.EditTasks))
        {
            return ForbiddenPage();
        }

        await documents.DeleteAsync(Caller, DocumentTarget, documentId, ct);
        Flash = T["Documents.Deleted"];
        return Redirect($"/tasks/{Id}#documents");
    }

    public sealed class CommentForm
    {
        [Display(Name = "Comments.New")]
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(Planwerk.Comments.Comment.TextMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Text { get; set; }
    }

    public sealed class ChecklistForm
    {
        [Display(Name = "Checklist.New")]
        [Required(ErrorMessage = "Validation.Required")]
        [StringLength(500, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }
    }

    /// <summary>A checklist entry's new title (the form under each entry).</summary>
    public sealed class EntryTitleForm
    {
        [HiddenField]
        public Guid EntryId { get; set; }

        [Display(Name = "Checklist.EntryTitle")]
        [StringLength(ChecklistEntry.TitleMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Title { get; set; }
    }

    /// <summary>One's own comment's new text (the form under each of one's comments).</summary>
    public sealed class CommentTextForm
    {
        [HiddenField]
        public Guid CommentId { get; set; }

        [Display(Name = "Comments.Text")]
        [StringLength(Planwerk.Comments.Comment.TextMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Text { get; set; }
    }

    /// <summary>A booking on this task: a work record's fields, and the browser's offset from UTC.</summary>
    public sealed class BookingForm : WorkRecordFields
    {
        /// <summary>The booker's offset from UTC in minutes, filled in by the browser (0 without script).</summary>
        [HiddenField]
        public int? UtcOffset { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public ProjectTask ProjectTask { get; private set; } = null!;

    public Project Project { get; private set; } = null!;

    public Package? Package { get; private set; }

    public IReadOnlyList<ChecklistEntry> Checklist { get; private set; } = [];

    public IReadOnlyList<Comment> Comments { get; private set; } = [];

    public IReadOnlyList<WorkRecord> WorkRecords { get; private set; } = [];

    public IReadOnlyDictionary<Guid, string> Names { get; private set; } = new Dictionary<Guid, string>();

    public CommentForm Comment { get; set; } = new();

    public ChecklistForm Entry { get; set; } = new();

    public BookingForm Booking { get; set; } = new();

    public EntryTitleForm EntryEdit { get; set; } = new();

    public CommentTextForm CommentEdit { get; set; } = new();

    /// <summary>Time booking exists only on plans with work records, for users who may record work.</summary>
    public bool CanBook => Has(PlanFeature.WorkRecords) && Caller.Has(Right.RecordWork);

    public bool CanEdit => MayChange && ProjectTask.TaskState != TaskState.Closed;

    /// <summary>The group's right and, on a restricted task, a write reason (per-object rights).</summary>
    public bool MayChange { get; private set; }

    /// <summary>Whether the state form is shown: the whole rule of <see cref="TaskService.SetStateAsync"/> (a reader without a write right sees none).</summary>
    public bool CanSetState { get; private set; }

    /// <summary>After a move, the entry moved and its direction: its button of that direction takes the focus again, so a keyboard user can keep moving it.</summary>
    public (Guid Entry, int By)? Moved { get; private set; }

    public async Task OnGetAsync(Guid? moved, int? by, CancellationToken ct)
    {
        Moved = moved is { } entry && by is -1 or 1 ? (entry, by.Value) : null;
        Booking.Date = DateOnly.FromDateTime(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostStateAsync(
        [Display(Name = "Tasks.ChangeState")][ApiField("taskState", "state")] TaskState? state, CancellationToken ct)
    {
        if (state is null && ModelState.IsValid)
        {
            ModelState.AddModelError("state", T["Validation.Required", P["Tasks.ChangeState"]]);
        }

        if (await TryAsync(errors => tasks.SetStateAsync(Caller, Id, state, null, errors, ct), string.Empty))
        {
            Flash = P["Tasks.StateChanged"];
            return Redirect($"/tasks/{Id}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCommentAsync([Bind(Prefix = "Comment")] CommentForm input, CancellationToken ct)
    {
        Comment = input;
        if (await TryAsync(async errors =>
            {
                await tasks.GetAsync(Caller, Id, ct); // comments go on what the caller can see, as in the API
                await comments.CreateAsync(Caller, new CommentTarget(CommentReferenceType.Task, Id), input.Text, null, errors, ct);
            }, "Comment"))
        {
            Flash = P["Comments.Added"];
            return Redirect($"/tasks/{Id}#comments");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEntryAsync([Bind(Prefix = "Entry")] ChecklistForm input, CancellationToken ct)
    {
        Entry = input;
        if (await TryAsync(errors => checklist.AddAsync(Caller, Id, new ChecklistEntryInput { Title = input.Title }, errors, ct), "Entry"))
        {
            Flash = P["Checklist.Added"];
            return Redirect($"/tasks/{Id}#checklist");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostTickAsync([HiddenField] Guid entryId, [HiddenField] bool? @checked, CancellationToken ct)
    {
        await checklist.UpdateAsync(Caller, Id, entryId, new ChecklistEntryInput { Checked = Required(@checked, "checked") }, Errors(), ct);
        Flash = P["Checklist.Changed"];
        return Redirect($"/tasks/{Id}#checklist");
    }

    /// <summary>The entry whose title form was posted and refused (its form stays open, with the posted title and the error).</summary>
    public Guid? EditingEntry { get; private set; }

    /// <summary>The comment whose edit form was posted and refused.</summary>
    public Guid? EditingComment { get; private set; }

    public async Task<IActionResult> OnPostEditEntryAsync([Bind(Prefix = "EntryEdit")] EntryTitleForm input, CancellationToken ct)
    {
        if (!Caller.Has(Right.EditTasks))
        {
            return ForbiddenPage(); // guests only tick (the service says so too, after the task's 404)
        }

        EntryEdit = input;
        if (await TryAsync(errors => checklist.UpdateAsync(Caller, Id, input.EntryId, new ChecklistEntryInput { Title = input.Title }, errors, ct), "EntryEdit"))
        {
            Flash = P["Checklist.Changed"];
            return Redirect($"/tasks/{Id}#checklist");
        }

        EditingEntry = input.EntryId;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Moves an entry one place up (<c>by=-1</c>) or down (<c>by=1</c>).</summary>
    public async Task<IActionResult> OnPostMoveEntryAsync([HiddenField] Guid entryId, [HiddenField] int? by, CancellationToken ct)
    {
        if (!Caller.Has(Right.EditTasks))
        {
            return ForbiddenPage();
        }

        if (by is not (-1 or 1))
        {
            return BadRequest();
        }

        await checklist.MoveAsync(Caller, Id, entryId, by.Value, ct);
        Flash = P["Checklist.Moved"];
        // No #checklist: a page opened at a fragment skips autofocus, and the moved entry's button takes the focus (and the view).
        return Redirect($"/tasks/{Id}?moved={entryId}&by={by}");
    }

    public async Task<IActionResult> OnPostDeleteEntryAsync([HiddenField] Guid entryId, CancellationToken ct)
    {
        if (!Caller.Has(Right.EditTasks))
        {
            return ForbiddenPage();
        }

        var entry = await checklist.DeleteAsync(Caller, Id, entryId, ct);
        Flash = P["Checklist.Deleted", entry.Title];
        return Redirect($"/tasks/{Id}#checklist");
    }

    public async Task<IActionResult> OnPostEditCommentAsync([Bind(Prefix = "CommentEdit")] CommentTextForm input, CancellationToken ct)
    {
        CommentEdit = input;
        if (await TryAsync(errors => comments.UpdateAsync(Caller, new CommentTarget(CommentReferenceType.Task, Id), input.CommentId, input.Text, errors, ct), "CommentEdit"))
        {
            Flash = P["Comments.Changed"];
            return Redirect($"/tasks/{Id}#comments");
        }

        EditingComment = input.CommentId;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteCommentAsync([HiddenField] Guid commentId, CancellationToken ct)
    {
        await comments.DeleteAsync(Caller, new CommentTarget(CommentReferenceType.Task, Id), commentId, ct);
        Flash = P["Comments.Deleted"];
        return Redirect($"/tasks/{Id}#comments");
    }

    public async Task<IActionResult> OnPostBookAsync([Bind(Prefix = "Booking")] BookingForm input, CancellationToken ct)
    {
        if (!Has(PlanFeature.WorkRecords))
        {
            return NotFound();
        }

        Booking = input;
        var record = input.ToInput() with
        {
            UtcOffset = input.UtcOffset ?? 0, BookedOnReferenceType = BookedOnReferenceType.Task, BookedOnReferenceId = Id,
        };
        if (await TryAsync(errors => workRecords.CreateAsync(Caller, record, errors, ct), "Booking"))
        {
            Flash = P["WorkRecords.Booked"];
            return Redirect($"/tasks/{Id}#time");
        }

        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ProjectTask = await tasks.GetAsync(Caller, Id, ct);
        MayChange = await tasks.MayChangeAsync(Caller, ProjectTask, ct);
        CanSetState = (await tasks.StateSettableAsync(Caller, ct))(ProjectTask);
        Project = await projects.GetAsync(Caller, ProjectTask.ProjectId, ct);
        Package = ProjectTask.ParentPackageId is { } packageId
            ? await (await packages.VisibleAsync(Caller, ct)).AsNoTracking().FirstOrDefaultAsync(p => p.Id == packageId, ct)
            : null;
        Checklist = await (await checklist.ListAsync(Caller, Id, ct)).AsNoTracking().OrderBy(e => e.Position).ToListAsync(ct);
        Comments = await (await comments.ListAsync(Caller, new CommentTarget(CommentReferenceType.Task, Id), ct)).AsNoTracking().OrderBy(c => c.CreationDate).ToListAsync(ct);
        WorkRecords = CanBook
            ? await workRecords.List(Caller, null, null).AsNoTracking()
                .Where(w => w.BookedOnReferenceType == BookedOnReferenceType.Task && w.BookedOnReferenceId == Id)
                .OrderByDescending(w => w.StartDate).ToListAsync(ct)
            : [];
        Documents = await (await documents.ListAsync(Caller, DocumentTarget, ct)).AsNoTracking().OrderBy(d => d.Id).ToListAsync(ct);
        MayChangeDocuments = await documents.MayChangeAsync(Caller, DocumentTarget, ct);
        Names = await NamesAsync(ct);
    }
}
