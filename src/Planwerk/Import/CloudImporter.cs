using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
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
using Planwerk.WorkRecords;

namespace Planwerk.Import;

/// <summary>Test hooks and choices of one run.</summary>
public sealed class ImportOptions
{
    /// <summary>Called after each recorded write with the run's count so far (a test cancels here to interrupt a run).</summary>
    public Action<int>? AfterWrite { get; init; }
}

/// <summary>
/// Writes a <see cref="CloudSnapshot"/> into a cloud through the same services as the Core API (each item is read by the
/// API's own body reader, so the same rules, audit records and webhook events apply), acting as the cloud's owner on the
/// <c>cli</c> channel. Every item written is recorded in <see cref="ImportMapping"/> at once, so a second run, or a run
/// after an interruption, skips what is there and adds nothing twice. The target's plan decides what may come in; what
/// cannot (work records below professional, officers on basic, …) is dropped and counted with its reason.
/// States that would lock an item (a closed task, an archived project) and deactivations are set last, once everything
/// that refers to them is in.
/// </summary>
public sealed class CloudImporter(PlanwerkDb db, TimeProvider time, EmployeeService employees, CompanyService crm, TagService tags,
    ProjectService projects, PackageService packages, TaskService tasks, ChecklistService checklist, CommentService comments,
    WorkRecordService workRecords, AppointmentService appointments, AbsenceService absences, TeamService teams)
{
    private readonly Dictionary<(string Kind, string SourceId), Guid> map = [];
    private readonly HashSet<Guid> activeUsers = [];
    private ImportReport report = new();
    private IImportProgress? progress;
    private CancellationToken cancellation;
    private ImportOptions options = new();
    private Caller caller = null!;
    private Guid ownerId;
    private string source = string.Empty;
    private int writes;

    public async Task<ImportReport> ImportAsync(Guid cloudId, string sourceName, CloudSnapshot snapshot, IImportProgress? progressTo,
        ImportOptions? with, CancellationToken cancel)
    {
        // Cancellation is honoured between items only (OnceAsync): a write and its mapping are never cut apart, so an
        // interrupted run leaves nothing written that the next run does not know about.
        cancellation = cancel;
        var ct = CancellationToken.None;
        db.UseCloud(cloudId);
        var cloud = await db.Clouds.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cloudId, ct) ?? throw DomainException.NotFound("Cloud", cloudId);
        ownerId = await db.Employees.Where(e => e.AccountId == cloud.OwnerAccountId).Select(e => e.Id).FirstAsync(ct);
        caller = new Caller(cloud.Id, ownerId, SecurityGroup.AllRights, cloud.Plan, IsOwner: true, "cli");
        source = sourceName;
        progress = progressTo ?? NoImportProgress.Instance;
        options = with ?? new ImportOptions();
        report = new ImportReport();
        writes = 0;
        foreach (var (kind, reason) in snapshot.Refused)
        {
            report.SourceRefused[kind] = reason;
        }

        map.Clear();
        foreach (var m in await db.ImportMappings.AsNoTracking().Where(m => m.Source == source).ToListAsync(ct))
        {
            map[(m.Kind, m.SourceId)] = m.LocalId;
        }

        await UsersAsync(snapshot[CloudSnapshot.Users], ct);
        activeUsers.UnionWith(await db.Employees.Where(e => e.IsActive).Select(e => e.Id).ToListAsync(ct));
        await EachAsync(snapshot, CloudSnapshot.Companies, async item =>
        {
            var body = Body(item);
            return (await crm.CreateCompanyAsync(caller, CompaniesApi.ReadCompany(body), body, ct)).Id;
        });
        await EachAsync(snapshot, CloudSnapshot.Contacts, async item =>
        {
            var body = Body(item, o => Remap(o, "companyId", CloudSnapshot.Companies, CloudSnapshot.Contacts));
            return (await crm.CreateContactAsync(caller, CompaniesApi.ReadContact(body), body, ct)).Id;
        });
        foreach (var (kind, tagKind) in TagLists)
        {
            await EachAsync(snapshot, kind, async item =>
            {
                var name = Str(item, "name")?.Trim();
                var existing = await db.Tags.Where(t => t.Kind == tagKind && t.Name == name).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
                var body = Body(item);
                return existing ?? (await tags.CreateAsync(tagKind, body.String("name"), body, ct)).Id;
            });
        }

        await ProjectsAsync(snapshot, ct);
        await PackagesAsync(snapshot, ct);
        await TasksAsync(snapshot, ct);
        await EachAsync(snapshot, CloudSnapshot.ChecklistEntries, async item =>
        {
            if (Local(CloudSnapshot.Tasks, Str(item, "taskId")) is not { } taskId)
            {
                return Dropped(CloudSnapshot.ChecklistEntries, "its task was not imported");
            }

            var body = Body(item, o => RemapUser(o, "assigneeId", CloudSnapshot.ChecklistEntries));
            return (await checklist.AddAsync(caller, taskId, TasksApi.ReadChecklistEntry(body), body, ct)).Id;
        });
        await EachAsync(snapshot, CloudSnapshot.TaskConnections, item => $"{Str(item, "taskId")}>{Str(item, "connectedTaskId")}", async item =>
        {
            if (Local(CloudSnapshot.Tasks, Str(item, "taskId")) is not { } from || Local(CloudSnapshot.Tasks, Str(item, "connectedTaskId")) is not { } to)
            {
                return Dropped(CloudSnapshot.TaskConnections, "a task of it was not imported");
            }

            await tasks.ConnectAsync(caller, from, [to], JsonBody.Empty(), ct);
            return from;
        });
        await EachAsync(snapshot, CloudSnapshot.TagAssignments, item => $"{Str(item, "kind")}:{Str(item, "itemId")}", item => TagAsync(item, ct));
        await WorkRecordsAsync(snapshot, ct);
        await CommentsAsync(snapshot, ct);
        await EachAsync(snapshot, CloudSnapshot.Appointments, async item =>
        {
            if (LocalUser(Str(item, "employeeId")) is not { } employee)
            {
                return Dropped(CloudSnapshot.Appointments, "its user was not imported or is inactive");
            }

            var body = Body(item, o =>
            {
                o["employeeId"] = employee.ToString();
                Remap(o, "referencedTaskId", CloudSnapshot.Tasks, CloudSnapshot.Appointments);
            });
            return (await appointments.CreateAsync(caller, AppointmentsApi.Read(body), body, ct)).Id;
        });
        await EachAsync(snapshot, CloudSnapshot.Absences, async item =>
        {
            if (LocalUser(Str(item, "employeeId")) is not { } employee)
            {
                return Dropped(CloudSnapshot.Absences, "its user was not imported or is inactive");
            }

            var body = Body(item, o => o["employeeId"] = employee.ToString());
            return (await absences.CreateManyAsync(caller, [(AbsencesApi.Read(body), body)], null, ct))[0].Id;
        });
        await EachAsync(snapshot, CloudSnapshot.Teams, async item =>
        {
            var name = Str(item, "name")?.Trim();
            var existing = await db.Teams.Where(t => t.Name == name).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
            var body = Body(item);
            return existing ?? (await teams.CreateAsync(caller, TeamsApi.Read(body), body, ct)).Id;
        });
        await EachAsync(snapshot, CloudSnapshot.TeamMembers, async item =>
        {
            if (Local(CloudSnapshot.Teams, Str(item, "teamId")) is not { } team || LocalUser(Str(item, "employeeId")) is not { } employee)
            {
                return Dropped(CloudSnapshot.TeamMembers, "its team or user was not imported");
            }

            return (await teams.AddMemberAsync(caller, team, new Optional<Guid?>(true, employee), JsonBody.Empty(), ct)).Id;
        });
        await FinishAsync(snapshot, ct);
        return report;
    }

    private static readonly (string Kind, TagKind TagKind)[] TagLists =
        [(CloudSnapshot.ProjectTags, TagKind.Project), (CloudSnapshot.TaskTags, TagKind.Task), (CloudSnapshot.CompanyTags, TagKind.Company), (CloudSnapshot.UserTags, TagKind.User)];

    private async Task UsersAsync(IReadOnlyList<JsonElement> users, CancellationToken ct)
    {
        progress!.Start(CloudSnapshot.Users, users.Count);
        foreach (var item in users)
        {
            await OnceAsync(CloudSnapshot.Users, Str(item, "id")!, async () =>
            {
                var email = Str(item, "emailAddress")?.Trim();
                if (string.IsNullOrEmpty(email) || item.TryGetProperty("anonymized", out var anonymized) && anonymized.ValueKind == JsonValueKind.True)
                {
                    return Dropped(CloudSnapshot.Users, "anonymized (no e-mail address)");
                }

                var normalized = email.ToUpperInvariant();
                if (await db.Employees.Where(e => e.Account!.NormalizedEmail == normalized).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct) is { } existing)
                {
                    return existing; // already a user here (the owner, or an earlier run cut short between its two writes)
                }

                var group = Enum.TryParse<SecurityGroup>(Str(item, "securityGroup"), out var g) ? g : SecurityGroup.GuestRights;
                if (!caller.Plan.Allows(group))
                {
                    report.Drop(CloudSnapshot.Users, $"securityGroup {group}: not in the {caller.Plan.ToWire()} plan, imported as GuestRights");
                    group = SecurityGroup.GuestRights;
                }

                // Planwerk requires both names; a source user without one (an owner made by a CLI, say) gets "-", not dropped.
                var (first, last) = (NonBlank(Str(item, "firstName")) ?? "-", NonBlank(Str(item, "lastName")) ?? "-");
                Employee added;
                try
                {
                    added = await employees.AddAsync(caller, email, first, last, group, null, ct);
                }
                catch (DomainException e) when (e.Kind == ErrorKind.Invalid && e.Pointer == "/securityGroup" && group != SecurityGroup.GuestRights)
                {
                    // No paid seat left: in as an inactive user of the right group (an inactive user holds no seat).
                    db.ChangeTracker.Clear();
                    added = await employees.AddAsync(caller, email, first, last, SecurityGroup.GuestRights, null, ct);
                    await employees.UpdateAsync(caller, added.Id, new UserInput { IsActive = false, SecurityGroup = group }, new InputErrors(), ct);
                    report.Drop(CloudSnapshot.Users, $"no free seat in the {caller.Plan.ToWire()} plan: imported inactive");
                }

                var details = Body(item, o =>
                {
                    foreach (var name in o.Select(p => p.Key).Except(["salutation", "street", "zipCode", "city"]).ToList())
                    {
                        o.Remove(name);
                    }
                });
                await employees.UpdateAsync(caller, added.Id, UsersApi.Read(details), details, ct);
                return added.Id;
            }, cancellation);
        }

        progress!.Done(CloudSnapshot.Users);
    }

    private async Task ProjectsAsync(CloudSnapshot snapshot, CancellationToken ct) =>
        await EachAsync(snapshot, CloudSnapshot.Projects, async item =>
        {
            var body = Body(item, o =>
            {
                RemapUser(o, "officerId", CloudSnapshot.Projects, Gate(PlanFeature.Officer));
                if (!caller.Plan.Has(PlanFeature.DraftProjects) && o["isDraft"] is JsonValue draft && draft.TryGetValue<bool>(out var isDraft))
                {
                    o.Remove("isDraft");
                    if (isDraft)
                    {
                        report.Drop(CloudSnapshot.Projects, $"isDraft: {Gate(PlanFeature.DraftProjects)}");
                    }
                }

                // The state and the archive flag come last (FinishAsync): a closed or archived project may refuse its packages.
                o.Remove("projectState");
                o.Remove("isArchived");
            });
            var project = await projects.CreateAsync(caller, ProjectsApi.Read(body), body, ct);
            await LinkCrmAsync(item, CloudSnapshot.Projects, () => projects.GetWritableAsync(caller, project.Id, "link projects", ct), ct);
            return project.Id;
        });

    private async Task PackagesAsync(CloudSnapshot snapshot, CancellationToken ct)
    {
        // Parents before children: a package's parentPackageId must be in before it.
        var all = snapshot[CloudSnapshot.Packages];
        var ordered = new List<JsonElement>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = all.ToList();
        while (pending.Count > 0)
        {
            var ready = pending.Where(p => Str(p, "parentPackageId") is not { } parent || placed.Contains(parent) || all.All(x => Str(x, "id") != parent)).ToList();
            if (ready.Count == 0)
            {
                ready = pending; // a cycle cannot come from a tree; whatever is left goes in as it is
            }

            ordered.AddRange(ready);
            placed.UnionWith(ready.Select(p => Str(p, "id")!));
            pending = pending.Except(ready).ToList();
        }

        await EachAsync(CloudSnapshot.Packages, ordered, item => Str(item, "id")!, async item =>
        {
            if (Local(CloudSnapshot.Projects, Str(item, "projectId")) is not { } projectId)
            {
                return Dropped(CloudSnapshot.Packages, "its project was not imported");
            }

            var body = Body(item, o =>
            {
                Remap(o, "parentPackageId", CloudSnapshot.Packages, CloudSnapshot.Packages);
                RemapUser(o, "officerId", CloudSnapshot.Packages, Gate(PlanFeature.Officer));
            });
            var package = await packages.CreateAsync(caller, projectId, PackagesApi.Read(body), body, ct);
            await LinkCrmAsync(item, CloudSnapshot.Packages, () => packages.GetWritableAsync(caller, projectId, package.Id, "link packages", ct), ct);
            return package.Id;
        });
    }

    private async Task TasksAsync(CloudSnapshot snapshot, CancellationToken ct) =>
        await EachAsync(snapshot, CloudSnapshot.Tasks, async item =>
        {
            var parent = Local(CloudSnapshot.Packages, Str(item, "parentPackageId")) ?? Local(CloudSnapshot.Projects, Str(item, "projectId"));
            if (parent is null)
            {
                return Dropped(CloudSnapshot.Tasks, "its project was not imported");
            }

            var body = Body(item, o =>
            {
                o["targetParentId"] = parent.Value.ToString();
                RemapUser(o, "officerId", CloudSnapshot.Tasks);
                RemapUser(o, "executorId", CloudSnapshot.Tasks);
            });
            var task = await tasks.CreateAsync(caller, TasksApi.Read(body), body, ct);
            await LinkCrmAsync(item, CloudSnapshot.Tasks, () => tasks.GetWritableAsync(caller, task.Id, "link tasks", ct), ct);
            return task.Id;
        });

    private async Task<Guid?> TagAsync(JsonElement item, CancellationToken ct)
    {
        var (itemKind, tagList, tagKind) = Str(item, "kind") switch
        {
            "project" => (CloudSnapshot.Projects, CloudSnapshot.ProjectTags, TagKind.Project),
            "task" => (CloudSnapshot.Tasks, CloudSnapshot.TaskTags, TagKind.Task),
            "company" => (CloudSnapshot.Companies, CloudSnapshot.CompanyTags, TagKind.Company),
            "user" => (CloudSnapshot.Users, CloudSnapshot.UserTags, TagKind.User),
            _ => (string.Empty, string.Empty, TagKind.Project),
        };
        if (itemKind.Length == 0 || Local(itemKind, Str(item, "itemId")) is not { } local)
        {
            return Dropped(CloudSnapshot.TagAssignments, "its item was not imported");
        }

        var ids = item.TryGetProperty("tagIds", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(t => Local(tagList, t.GetString())).OfType<Guid>().ToList()
            : [];
        if (ids.Count == 0)
        {
            return Dropped(CloudSnapshot.TagAssignments, "none of its tags was imported");
        }

        await tags.AddAsync(caller, tagKind, local, ids, JsonBody.Empty(), ct);
        return local;
    }

    private async Task WorkRecordsAsync(CloudSnapshot snapshot, CancellationToken ct)
    {
        if (!caller.Plan.Has(PlanFeature.WorkRecords))
        {
            foreach (var _ in snapshot[CloudSnapshot.WorkRecords].Where(r => !map.ContainsKey((CloudSnapshot.WorkRecords, Str(r, "id")!))))
            {
                report.Drop(CloudSnapshot.WorkRecords, Gate(PlanFeature.WorkRecords)!);
            }

            return;
        }

        await EachAsync(snapshot, CloudSnapshot.WorkRecords, async item =>
        {
            var referenceKind = Str(item, "bookedOnReferenceType") switch
            {
                "task" => CloudSnapshot.Tasks,
                "package" => CloudSnapshot.Packages,
                _ => CloudSnapshot.Projects,
            };
            if (Local(referenceKind, Str(item, "bookedOnReferenceId")) is not { } reference)
            {
                return Dropped(CloudSnapshot.WorkRecords, "what it was booked on was not imported");
            }

            if (LocalUser(Str(item, "workEmployeeId")) is not { } employee)
            {
                return Dropped(CloudSnapshot.WorkRecords, "its user was not imported or is inactive");
            }

            var body = Body(item, o =>
            {
                o["bookedOnReferenceId"] = reference.ToString();
                o["workEmployeeId"] = employee.ToString();
                o.Remove("remainingTaskEffort");
            });
            return (await workRecords.CreateAsync(caller, WorkRecordsApi.Read(body), body, ct)).Id;
        });
    }

    private async Task CommentsAsync(CloudSnapshot snapshot, CancellationToken ct)
    {
        // Threads: a reply after the comment it answers.
        var all = snapshot[CloudSnapshot.Comments];
        var ids = all.Select(c => Str(c, "id")).ToHashSet(StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = all.ToDictionary(c => Str(c, "id")!, StringComparer.Ordinal);
        int Depth(string id, int guard = 0)
        {
            if (depth.TryGetValue(id, out var d))
            {
                return d;
            }

            var parent = Str(byId[id], "parentId");
            d = parent is not null && ids.Contains(parent) && guard < 100 ? Depth(parent, guard + 1) + 1 : 0;
            depth[id] = d;
            return d;
        }

        var ordered = all.OrderBy(c => Depth(Str(c, "id")!)).ToList();
        await EachAsync(CloudSnapshot.Comments, ordered, item => Str(item, "id")!, async item =>
        {
            var (type, kind) = Str(item, "referenceType") switch
            {
                "task" => (CommentReferenceType.Task, CloudSnapshot.Tasks),
                "package" => (CommentReferenceType.Package, CloudSnapshot.Packages),
                "workRecord" => (CommentReferenceType.WorkRecord, CloudSnapshot.WorkRecords),
                _ => (CommentReferenceType.Project, CloudSnapshot.Projects),
            };
            if (Local(kind, Str(item, "referenceId")) is not { } reference)
            {
                return Dropped(CloudSnapshot.Comments, $"its {Str(item, "referenceType")} was not imported");
            }

            Guid? parent = null;
            if (Str(item, "parentId") is { } sourceParent)
            {
                parent = Local(CloudSnapshot.Comments, sourceParent);
                if (parent is null)
                {
                    return Dropped(CloudSnapshot.Comments, "the comment it answers was not imported");
                }
            }

            var body = Body(item);
            var comment = await comments.CreateAsync(caller, new CommentTarget(type, reference), body.String("text"), parent, body, ct);
            return comment.Id;
        });
    }

    /// <summary>What locks an item or frees a seat comes last, and only where the target differs (so a rerun writes nothing).</summary>
    private async Task FinishAsync(CloudSnapshot snapshot, CancellationToken ct)
    {
        progress!.Start("states", snapshot[CloudSnapshot.Tasks].Count + snapshot[CloudSnapshot.Projects].Count + snapshot[CloudSnapshot.Users].Count);
        foreach (var item in snapshot[CloudSnapshot.Tasks])
        {
            progress!.Advance("states");
            cancellation.ThrowIfCancellationRequested();
            if (Local(CloudSnapshot.Tasks, Str(item, "id")) is not { } id
                || !WireNames.TaskStates.TryGetValue(Str(item, "taskState") ?? string.Empty, out var state))
            {
                continue;
            }

            var task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == id, ct);
            var remaining = item.TryGetProperty("remainingEffort", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : (int?)null;
            if (task.RemainingEffort != remaining && task.TaskState != TaskState.Closed)
            {
                await tasks.UpdateAsync(caller, id, new TaskInput { RemainingEffort = remaining }, new InputErrors(), ct);
                db.ChangeTracker.Clear();
            }

            var pausedUntil = Str(item, "pausedUntil") is { } p ? DateTime.Parse(p, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal) : (DateTime?)null;
            if (task.TaskState != state || task.PausedUntil != pausedUntil)
            {
                await tasks.SetStateAsync(caller, id, state, pausedUntil, new InputErrors(), ct);
                db.ChangeTracker.Clear();
            }
        }

        foreach (var item in snapshot[CloudSnapshot.Projects])
        {
            progress!.Advance("states");
            cancellation.ThrowIfCancellationRequested();
            if (Local(CloudSnapshot.Projects, Str(item, "id")) is not { } id)
            {
                continue;
            }

            var project = await db.Projects.AsNoTracking().FirstAsync(x => x.Id == id, ct);
            var input = new ProjectInput();
            if (WireNames.ProjectStates.TryGetValue(Str(item, "projectState") ?? string.Empty, out var state) && state != project.ProjectState)
            {
                if (state == ProjectState.Planned && !caller.Plan.Has(PlanFeature.DraftProjects))
                {
                    report.Drop(CloudSnapshot.Projects, $"projectState planned: {Gate(PlanFeature.DraftProjects)}");
                }
                else
                {
                    input = input with { ProjectState = state };
                }
            }

            if (item.TryGetProperty("isArchived", out var archived) && archived.ValueKind is JsonValueKind.True or JsonValueKind.False
                && archived.GetBoolean() != project.IsArchived)
            {
                input = input with { IsArchived = archived.GetBoolean() };
            }

            if (input.ProjectState.HasValue || input.IsArchived.HasValue)
            {
                await projects.UpdateAsync(caller, id, input, new InputErrors(), ct);
                db.ChangeTracker.Clear();
            }
        }

        foreach (var item in snapshot[CloudSnapshot.Users])
        {
            progress!.Advance("states");
            cancellation.ThrowIfCancellationRequested();
            if (item.TryGetProperty("isActive", out var active) && active.ValueKind == JsonValueKind.False
                && Local(CloudSnapshot.Users, Str(item, "id")) is { } id && id != ownerId
                && await db.Employees.AnyAsync(e => e.Id == id && e.IsActive, ct))
            {
                await employees.UpdateAsync(caller, id, new UserInput { IsActive = false }, new InputErrors(), ct);
                db.ChangeTracker.Clear();
            }
        }

        progress!.Done("states");
    }

    private async Task LinkCrmAsync<T>(JsonElement item, string kind, Func<Task<T>> load, CancellationToken ct)
        where T : class, ICrmLinked
    {
        var company = Local(CloudSnapshot.Companies, Str(item, "companyId"));
        var contact = Local(CloudSnapshot.Contacts, Str(item, "companyContactId"));
        if (Str(item, "companyId") is not null && company is null)
        {
            report.Drop(kind, "companyId: the company was not imported");
        }

        if (Str(item, "companyContactId") is not null && contact is null)
        {
            report.Drop(kind, "companyContactId: the contact was not imported");
        }

        if (company is { } companyId)
        {
            await crm.LinkCompanyAsync(await load(), companyId, JsonBody.Empty(), ct);
            db.ChangeTracker.Clear();
        }

        if (contact is { } contactId)
        {
            await crm.LinkContactAsync(await load(), contactId, JsonBody.Empty(), ct);
            db.ChangeTracker.Clear();
        }
    }

    private Task EachAsync(CloudSnapshot snapshot, string kind, Func<JsonElement, Task<Guid?>> write) =>
        EachAsync(kind, snapshot[kind], item => Str(item, "id")!, write);

    private Task EachAsync(CloudSnapshot snapshot, string kind, Func<JsonElement, string> sourceId, Func<JsonElement, Task<Guid?>> write) =>
        EachAsync(kind, snapshot[kind], sourceId, write);

    private async Task EachAsync(string kind, IReadOnlyList<JsonElement> items, Func<JsonElement, string> sourceId, Func<JsonElement, Task<Guid?>> write)
    {
        progress!.Start(kind, items.Count);
        foreach (var item in items)
        {
            await OnceAsync(kind, sourceId(item), () => write(item), cancellation);
        }

        progress!.Done(kind);
    }

    /// <summary>
    /// Writes one item unless the mappings know it, then records its mapping at once. The mapping is saved without the
    /// run's cancellation, so a cancelled run never leaves a written item unrecorded; an item the target refuses
    /// (a rule of its plan or its checks) is counted as dropped with the refusal's code, and the run goes on.
    /// </summary>
    private async Task OnceAsync(string kind, string sourceId, Func<Task<Guid?>> write, CancellationToken ct)
    {
        progress!.Advance(kind);
        if (map.ContainsKey((kind, sourceId)))
        {
            report.Present(kind);
            return;
        }

        ct.ThrowIfCancellationRequested();
        Guid? local;
        try
        {
            local = await write();
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            report.Drop(kind, $"refused by the target: {e.Code} ({OneLine(e.Message)})");
            return;
        }

        if (local is not { } id)
        {
            return;
        }

        db.ChangeTracker.Clear();
        db.ImportMappings.Add(new ImportMapping
        {
            Source = source, Kind = kind, SourceId = sourceId, LocalId = id, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        map[(kind, sourceId)] = id;
        report.Add(kind);
        options.AfterWrite?.Invoke(++writes);
    }

    private Guid? Dropped(string kind, string reason)
    {
        report.Drop(kind, reason);
        return null;
    }

    private string? Gate(PlanFeature feature) => caller.Plan.Has(feature) ? null
        : $"not in the {caller.Plan.ToWire()} plan (needs {string.Join(" or ", PlanFeatures.PlansWith(feature).Select(p => p.ToWire()))})";

    private Guid? Local(string kind, string? sourceId) => sourceId is not null && map.TryGetValue((kind, sourceId), out var id) ? id : null;

    private Guid? LocalUser(string? sourceId) => Local(CloudSnapshot.Users, sourceId) is { } id && activeUsers.Contains(id) ? id : null;

    /// <summary>Replaces a reference by its local id, or drops the field (counted) when what it names was not imported.</summary>
    private void Remap(JsonObject o, string field, string targetKind, string kind)
    {
        if (o[field] is not JsonValue value || !value.TryGetValue<string>(out var sourceId))
        {
            return;
        }

        if (Local(targetKind, sourceId) is { } local)
        {
            o[field] = local.ToString();
        }
        else
        {
            o.Remove(field);
            report.Drop(kind, $"{field}: what it names was not imported");
        }
    }

    /// <summary>As <see cref="Remap"/> for a user; a field the plan lacks (<paramref name="gate"/>) is dropped with that reason.</summary>
    private void RemapUser(JsonObject o, string field, string kind, string? gate = null)
    {
        if (o[field] is not JsonValue value || !value.TryGetValue<string>(out var sourceId))
        {
            return;
        }

        if (gate is not null)
        {
            o.Remove(field);
            report.Drop(kind, $"{field}: {gate}");
        }
        else if (LocalUser(sourceId) is { } local)
        {
            o[field] = local.ToString();
        }
        else
        {
            o.Remove(field);
            report.Drop(kind, $"{field}: the user was not imported or is inactive");
        }
    }

    private static JsonBody Body(JsonElement item, Action<JsonObject>? edit = null)
    {
        var o = JsonNode.Parse(item.GetRawText())!.AsObject();
        edit?.Invoke(o);
        return JsonBody.Of(JsonSerializer.SerializeToElement(o));
    }

    private static string? Str(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? NonBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
