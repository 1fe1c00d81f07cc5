using System.Collections;
using System.Reflection;
using Planwerk.Clouds;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.GeneratedClient;

/// <summary>
/// An integrator's flow through the NSwag-generated client (<see cref="PlanwerkCoreClient"/>, committed, made from the
/// published document) against the real application: every answer must deserialize through the typed client — a missing
/// required field, a null where the document allows none, an unknown enum value or an undocumented status fails — and
/// carries no field the document does not name (the generated classes would keep it in <c>AdditionalProperties</c>).
/// The typed client is the only judge here: its HttpClient has no contract handler of ours.
/// </summary>
public abstract class GeneratedClientFlowTests(PlanwerkApp app) : ProviderTest(app)
{
    private async Task<PlanwerkCoreClient> ClientAsync(TestCloud? cloud = null)
    {
        cloud ??= await App.CreateCloudAsync(Plan.Professional);
        var user = await App.CreateUserWithTokenAsync(cloud, Employees.SecurityGroup.AllRights);
        // The document's paths start with /api/core, so the client's base is the server's root.
        var http = App.CreateDefaultClient(new Uri("http://localhost/"));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", user.Token);
        return new PlanwerkCoreClient(http);
    }

    [Fact]
    public async Task ProjectsPackagesAndTasks_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();

        var project = Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Relaunch", Description = "The web site", Priority = 20 }, Ct));
        var listed = Known(await client.ListProjectsAsync(null, null, Ct));
        var updated = Known(await client.UpdateProjectAsync(project.Id, new ProjectWrite { Title = "Relaunch 2027" }, Ct));
        var fetched = Known(await client.GetProjectAsync(project.Id, Ct));
        var package = Known(await client.CreatePackageAsync(project.Id, new PackageWrite
        {
            Title = "Design", StartDate = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), EndDate = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero),
        }, Ct));
        var nested = Known(await client.CreatePackageAsync(project.Id, new PackageWrite { Title = "Logo", ParentPackageId = package.Id }, Ct));
        var packages = Known(await client.ListPackagesAsync(project.Id, null, null, Ct));
        var renamed = Known(await client.UpdatePackageAsync(project.Id, package.Id, new PackageWrite { Title = "Design work" }, Ct));
        var byId = Known(await client.GetPackageByIdAsync(nested.Id, Ct));
        var task = Known(await client.CreateTaskAsync(new TaskWrite { Title = "Sketch", TargetParentId = nested.Id, PlannedEffort = 90 }, Ct));
        var other = Known(await client.CreateTaskAsync(new TaskWrite { Title = "Review", TargetParentId = project.Id }, Ct));
        await client.SetTaskStateAsync(task.Id, new TaskStateWrite { State = TaskStateWriteState.InProcess }, Ct);
        var inProcess = Known(await client.GetTaskAsync(task.Id, Ct));
        var changedTask = Known(await client.UpdateTaskAsync(task.Id, new TaskWrite { Description = "In pencil" }, Ct));
        var entry = Known(await client.AddTaskChecklistEntryAsync(task.Id, new ChecklistEntryWrite { Title = "Paper" }, Ct));
        var ticked = Known(await client.UpdateTaskChecklistEntryAsync(task.Id, entry.Id, new ChecklistEntryWrite { Checked = true }, Ct));
        var checklist = Known(await client.GetTaskChecklistAsync(task.Id, null, null, Ct));
        var connected = Known(await client.ConnectTasksAsync(task.Id, new TaskIdsWrite { TaskIds = [other.Id] }, Ct));
        var connections = Known(await client.GetTaskConnectionsAsync(task.Id, Ct));
        var ofProject = Known(await client.ListTasksOfProjectAsync(project.Id, null, null, Ct));
        var allTasks = Known(await client.ListTasksAsync(null, null, Ct));
        var tag = Known(await client.CreateTaskTagAsync(new TagWrite { Name = "Urgent" }, Ct));
        var taskTags = Known(await client.TagTaskAsync(task.Id, null, null, new TagIdsWrite { TagIds = [tag.Id] }, Ct));
        var structure = Known(await client.GetProjectStructureAsync(project.Id, Ct));
        var shift = Known(await client.ShiftPackageWithSuccessorsAsync(project.Id, package.Id, new ShiftWrite { DaysDelta = 2 }, Ct));

        Assert.Contains(listed, p => p.Id == project.Id && p.Title == "Relaunch");
        Assert.Equal(("Relaunch 2027", "The web site", 20), (updated.Title, updated.Description, updated.Priority)); // only the title changed
        Assert.Equal((project.Id, "Relaunch 2027", project.Number), (fetched.Id, fetched.Title, fetched.Number));
        Assert.Empty(fetched.CustomFields.AdditionalProperties);
        Assert.Equal((project.Id, package.Id), (nested.ProjectId, nested.ParentPackageId));
        Assert.Equal(new[] { package.Id, nested.Id }.Order(), packages.Select(p => p.Id).Order());
        Assert.Equal("Design work", renamed.Title);
        Assert.Equal(("Logo", package.Id), (byId.Title, byId.ParentPackageId));
        Assert.Equal((project.Id, nested.Id, 90), (task.ProjectId, task.ParentPackageId, task.PlannedEffort));
        Assert.Equal(TaskState.InProcess, inProcess.TaskState);
        Assert.Equal(("Sketch", "In pencil"), (changedTask.Title, changedTask.Description));
        Assert.Equal((task.Id, "Paper", false), (entry.TaskId, entry.Title, entry.Checked));
        Assert.True(ticked.Checked);
        Assert.Equal(entry.Id, Assert.Single(checklist).Id);
        Assert.Equal(other.Id, Assert.Single(connected).ConnectedTaskId);
        Assert.Equal(other.Id, Assert.Single(connections).ConnectedTaskId);
        Assert.Equal(new[] { task.Id, other.Id }.Order(), ofProject.Select(t => t.Id).Order());
        Assert.Equal(ofProject.Select(t => t.Id).Order(), allTasks.Select(t => t.Id).Order());
        Assert.Equal(tag.Id, Assert.Single(taskTags).Id);
        Assert.Equal(("Relaunch 2027", "project"), (structure.Title, structure.Type));
        Assert.Contains(structure.Children, c => c.Id == package.Id && c.Children.Any(n => n.Id == nested.Id && n.Children.Any(t => t.Id == task.Id)));
        Assert.Equal(2, shift.DaysDelta);
        Assert.Contains(package.Id, shift.PackageIds);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero), Known(await client.GetPackageAsync(project.Id, package.Id, Ct)).StartDate);
    }

    [Fact]
    public async Task CompaniesWithTags_AndContacts_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();

        var company = Known(await client.CreateCompanyAsync(new CompanyWrite { Name = "Acme", City = "Bremen" }, Ct));
        var contact = Known(await client.CreateContactAsync(new ContactWrite { FirstName = "Ada", LastName = "Lovelace", CompanyId = company.Id }, Ct));
        var companies = Known(await client.ListCompaniesAsync(null, null, Ct));
        var withContact = Known(await client.GetCompanyAsync(company.Id, Ct));
        var renamed = Known(await client.UpdateCompanyAsync(company.Id, new CompanyWrite { ShortName = "ACME" }, Ct));
        var vip = Known(await client.CreateCompanyTagAsync(new TagWrite { Name = "VIP" }, Ct));
        var tags = Known(await client.ListCompanyTagsAsync(null, null, Ct));
        var tagged = Known(await client.TagCompanyAsync(company.Id, null, null, new TagIdsWrite { TagIds = [vip.Id] }, Ct));
        var tagsOf = Known(await client.GetCompanyTagsOfAsync(company.Id, null, null, Ct));
        var untagged = Known(await client.UntagCompanyAsync(company.Id, vip.Id, Ct));
        var contacts = Known(await client.ListContactsAsync(null, null, Ct));
        var changedContact = Known(await client.UpdateContactAsync(contact.Id, new ContactWrite { City = "London" }, Ct));
        var project = Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Client work" }, Ct));
        var linked = Known(await client.SetProjectCompanyAsync(project.Id, new CrmLinkWrite { CompanyId = company.Id }, Ct));
        var package = Known(await client.CreatePackageAsync(project.Id, new PackageWrite { Title = "Kick-off" }, Ct));
        var packageContact = Known(await client.SetPackageContactAsync(project.Id, package.Id, new CrmLinkWrite { ContactId = contact.Id }, Ct));

        Assert.Equal(("Acme", "Bremen"), (company.Name, company.City));
        Assert.Contains(companies, c => c.Id == company.Id);
        Assert.Equal(contact.Id, Assert.Single(withContact.ContactIds));
        Assert.Equal(("Acme", "ACME"), (renamed.Name, renamed.ShortName));
        Assert.Equal(vip.Id, Assert.Single(tags).Id);
        Assert.Equal(vip.Id, Assert.Single(tagged).Id);
        Assert.Equal("VIP", Assert.Single(tagsOf).Name);
        Assert.Equal(vip.Id, untagged.Id);
        Assert.Equal((company.Id, Salutation.None), (Assert.Single(contacts).CompanyId, contact.Salutation));
        Assert.Equal(("Lovelace", "London"), (changedContact.LastName, changedContact.City));
        Assert.Equal(company.Id, linked.CompanyId);
        Assert.Equal(contact.Id, packageContact.CompanyContactId);
    }

    [Fact]
    public async Task UsersWithTags_AndTheQuota_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();

        var user = Known(await client.CreateUserAsync(new UserWrite { EmailAddress = "grace@example.test", FirstName = "Grace", LastName = "Hopper", SecurityGroup = "BasicRights" }, Ct));
        var users = Known(await client.ListUsersAsync(null, null, Ct));
        var fetched = Known(await client.GetUserAsync(user.Id, Ct));
        var moved = Known(await client.UpdateUserAsync(user.Id, new UserWrite { City = "Arlington" }, Ct));
        var tag = Known(await client.CreateUserTagAsync(new TagWrite { Name = "Night shift" }, Ct));
        var tagged = Known(await client.TagUserAsync(user.Id, null, null, new TagIdsWrite { TagIds = [tag.Id] }, Ct));
        var userTags = Known(await client.ListUserTagsAsync(null, null, Ct));
        var quota = Known(await client.GetUserQuotaAsync(Ct));
        var token = Known(await client.CreateMyTokenAsync(new TokenWrite { Name = "CI" }, Ct));
        var myTokens = Known(await client.ListMyTokensAsync(null, null, Ct));

        Assert.Equal(("Grace", "Hopper", "BasicRights", true), (user.FirstName, user.LastName, user.SecurityGroup, user.IsActive));
        Assert.Contains(users, u => u.Id == user.Id && u.EmailAddress == "grace@example.test");
        Assert.Equal(user.EmployeeNumber, fetched.EmployeeNumber);
        Assert.Equal(("Hopper", "Arlington"), (moved.LastName, moved.City));
        Assert.Equal(tag.Id, Assert.Single(tagged).Id);
        Assert.Equal("Night shift", Assert.Single(userTags).Name);
        Assert.Equal(users.Count, quota.TotalUserCount);
        Assert.StartsWith("pw_", token.Token, StringComparison.Ordinal);
        Assert.Contains(myTokens, t => t.Id == token.Details.Id);
    }

    [Fact]
    public async Task WorkRecordsAndComments_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();
        var project = Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Billing" }, Ct));
        var task = Known(await client.CreateTaskAsync(new TaskWrite { Title = "Invoice", TargetParentId = project.Id }, Ct));

        var record = Known(await client.CreateWorkRecordAsync(new WorkRecordWrite
        {
            StartDate = "2026-11-27", StartTime = "09:00", EndTime = "10:30", UtcOffset = 60, MinutesWorked = 90,
            BookedOnReferenceId = task.Id, BookedOnReferenceType = WorkRecordWriteBookedOnReferenceType.Task, Description = "Drafting",
        }, Ct));
        var records = Known(await client.ListWorkRecordsAsync(null, null, null, null, Ct));
        var ofProject = Known(await client.ListWorkRecordsByProjectAsync(project.Id, null, null, null, null, Ct));
        var billed = Known(await client.UpdateWorkRecordAsync(record.Id, new WorkRecordWrite { IsBilled = true }, Ct));
        var projectComment = Known(await client.CreateprojectCommentAsync(project.Id, new CommentWrite { Text = "Kick-off on Monday" }, Ct));
        var answer = Known(await client.CreateprojectCommentAsync(project.Id, new CommentWrite { Text = "Fine", ParentId = projectComment.Id }, Ct));
        var taskComment = Known(await client.CreatetaskCommentAsync(task.Id, new CommentWrite { Text = "Numbers attached" }, Ct));
        var recordComment = Known(await client.CreateworkRecordCommentAsync(record.Id, new CommentWrite { Text = "Travel included" }, Ct));
        var projectComments = Known(await client.ListprojectCommentsAsync(project.Id, null, null, Ct));
        var byId = Known(await client.GetCommentAsync(recordComment.Id, Ct));

        Assert.Equal((90, "09:00", "10:30", "task", task.Id), (record.MinutesWorked, record.StartTime, record.EndTime, record.BookedOnReferenceType, record.BookedOnReferenceId));
        Assert.Equal(new DateTime(2026, 11, 27), record.StartDate.Date);
        Assert.Equal(record.Id, Assert.Single(records).Id);
        Assert.Equal(record.Id, Assert.Single(ofProject).Id);
        Assert.Equal((true, "Drafting"), (billed.IsBilled, billed.Description));
        Assert.Equal((project.Id, projectComment.Id), (answer.ReferenceId, answer.ParentId));
        Assert.Equal("Numbers attached", taskComment.Text);
        Assert.Equal(new[] { projectComment.Id, answer.Id }.Order(), projectComments.Select(c => c.Id).Order());
        Assert.Equal(("Travel included", record.Id), (byId.Text, byId.ReferenceId));
    }

    [Fact]
    public async Task PackageComments_UnderTheProjectsPath_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();
        var project = Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Paths" }, Ct));
        var package = Known(await client.CreatePackageAsync(project.Id, new PackageWrite { Title = "Phase 1" }, Ct));

        var comment = Known(await client.CreatepackageCommentAsync(project.Id, package.Id, new CommentWrite { Text = "Started" }, Ct));
        var comments = Known(await client.ListpackageCommentsAsync(project.Id, package.Id, null, null, Ct));
        var fetched = Known(await client.GetpackageCommentAsync(project.Id, package.Id, comment.Id, Ct));

        Assert.Equal(package.Id, comment.ReferenceId);
        Assert.Equal(comment.Id, Assert.Single(comments).Id);
        Assert.Equal("Started", fetched.Text);
    }

    [Fact]
    public async Task Webhooks_TheirDeliveries_AndTheCatchUp_RoundTripThroughTheGeneratedClient()
    {
        var client = await ClientAsync();

        var hook = Known(await client.CreateWebhookAsync(new WebhookWrite { CallbackUri = "http://127.0.0.1:9/hook", ActionTypes = ["*"], Description = "Everything" }, Ct));
        var hooks = Known(await client.ListWebhooksAsync(null, null, Ct));
        var ping = Known(await client.TestWebhookAsync(hook.Id, Ct));
        Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Watched" }, Ct));
        await App.RunWebhookWorkerOnceAsync(); // port 9 refuses: a failed attempt with no status code
        var deliveries = Known(await client.ListWebhookDeliveriesAsync(hook.Id, null, null, null, null, null, null, null, Ct));
        var pings = Known(await client.ListWebhookDeliveriesAsync(hook.Id, "pending", "Ping", null, null, null, null, null, Ct));
        var retried = Known(await client.RetryWebhookDeliveryNowAsync(hook.Id, ping.Id, Ct));
        var again = Known(await client.RedeliverWebhookDeliveriesAsync(hook.Id, new DeliveryFilterWrite { Action = "Ping" }, Ct));
        var actions = Known(await client.ListWebhookActionsAsync(Ct));
        var payloads = Known(await client.WebhookPayloadsSinceAsync("2026-01-01", Ct));

        Assert.Equal(("http://127.0.0.1:9/hook", "Everything"), (hook.CallbackUri, hook.Description));
        Assert.False(string.IsNullOrEmpty(hook.Secret));
        Assert.Equal(hook.Id, Assert.Single(hooks).Id);
        Assert.Equal(hook.Id, ping.WebhookId);
        Assert.Contains(deliveries, d => d.Id == ping.Id && d.Attempts == 1 && d.AttemptLog.Single().StatusCode is null);
        Assert.Contains(deliveries, d => d.Action == "ProjectCreated");
        Assert.Equal(ping.Id, Assert.Single(pings).Id);
        Assert.Equal(ping.PayloadId.ToString(), Assert.Single(pings).AttemptLog.Single().RequestHeaders["webhook-id"]);
        Assert.Equal(App.Time.GetUtcNow(), retried.NextAttemptAt);
        Assert.Equal(0, again.Redelivered); // the ping waits for its retry: nothing finished to send again
        Assert.Contains("ProjectCreated", actions);
        Assert.Contains(payloads, p => p.Action == "ProjectCreated" && p.WebhookId == hook.Id);
    }

    [Fact]
    public async Task BatchRoutes_AnswerPerItemThroughTheGeneratedClient()
    {
        var client = await ClientAsync();
        var project = Known(await client.CreateProjectAsync(new ProjectWrite { Title = "Batch" }, Ct));

        var tasks = Known(await client.CreateTasksAsync([new TaskWrite { Title = "One", TargetParentId = project.Id }, new TaskWrite { TargetParentId = project.Id }], Ct));
        var renamedTasks = Known(await client.UpdateTasksAsync([new TaskWriteWithId { Id = tasks.First().Item!.Id, Title = "Uno" }], Ct));
        var projects = Known(await client.UpdateProjectsAsync([new ProjectWriteWithId { Id = project.Id, Title = "Batched", Priority = 30 }], Ct));
        var companies = Known(await client.CreateCompaniesAsync([new CompanyWrite { Name = "Initech" }], Ct));

        var (created, failed) = (tasks.ElementAt(0), tasks.ElementAt(1));
        Assert.Equal((0, 201, "One"), (created.Index, created.Status, created.Item?.Title));
        Assert.Null(created.Error);
        Assert.Equal((1, 422, "validation_failed"), (failed.Index, failed.Status, failed.Error?.Code));
        Assert.Null(failed.Item);
        Assert.Equal("Uno", Assert.Single(renamedTasks).Item?.Title);
        Assert.Equal(("Batched", 30), (Assert.Single(projects).Title, projects.Single().Priority));
        Assert.Equal("Initech", Assert.Single(companies).Item?.Name);
    }

    [Fact]
    public async Task A404AndA422_ComeBackAsTheClientsTypedProblem_WithTheirCode()
    {
        var client = await ClientAsync();

        var missing = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetProjectAsync(Guid.NewGuid(), Ct));
        var invalid = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.CreateProjectAsync(new ProjectWrite { Description = "no title" }, Ct));

        Assert.Equal((404, "not_found", 404), (missing.StatusCode, missing.Result.Code, missing.Result.Status));
        Assert.False(string.IsNullOrEmpty(missing.Result.RequestId));
        Assert.Equal((422, "validation_failed"), (invalid.StatusCode, invalid.Result.Code));
        Assert.Contains(invalid.Result.Errors!, e => e.Pointer == "/title");
        Known(missing.Result);
        Known(invalid.Result);
    }

    /// <summary>
    /// Returns <paramref name="answer"/> after checking that nothing in it landed in a generated class's
    /// <c>AdditionalProperties</c> (a field the document does not name); <c>customFields</c> is open by design.
    /// </summary>
    private static T Known<T>(T answer)
    {
        var unknown = new List<string>();
        Walk(answer, "$", unknown);
        Assert.True(unknown.Count == 0, $"fields the document does not name: {string.Join(", ", unknown)}");
        return answer;
    }

    private static void Walk(object? value, string path, List<string> unknown)
    {
        if (value is null || value is string || value.GetType().IsValueType || value is JsonObject)
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var i = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{i++}]", unknown);
            }

            return;
        }

        if (value.GetType().Namespace != typeof(PlanwerkCoreClient).Namespace)
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name == "AdditionalProperties")
            {
                unknown.AddRange(((IDictionary<string, object>)property.GetValue(value)!).Keys.Select(k => $"{path}.{k}"));
            }
            else
            {
                Walk(property.GetValue(value), $"{path}.{property.Name}", unknown);
            }
        }
    }
}

public sealed class GeneratedClientFlowTestsOnSqlite(SqliteApp app) : GeneratedClientFlowTests(app), IClassFixture<SqliteApp>;

public sealed class GeneratedClientFlowTestsOnPostgres(PostgresApp app) : GeneratedClientFlowTests(app), IClassFixture<PostgresApp>;
