using System.Net;
using System.Text.Json;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// One of everything the Core API can create, made through the API with an <c>AllRights</c> client
/// of a professional cloud: ids by kind, and every text it wrote (titles, names, the token's secret)
/// so that a test can look for any of them in a response.
/// </summary>
public sealed class ApiSampleData
{
    public const string Project = "project";
    public const string Package = "package";
    public const string NestedPackage = "nestedPackage";
    public const string MainTask = "task";
    public const string OtherTask = "otherTask";
    public const string ChecklistEntry = "checklistEntry";
    public const string ProjectComment = "projectComment";
    public const string PackageComment = "packageComment";
    public const string TaskComment = "taskComment";
    public const string WorkRecordComment = "workRecordComment";
    public const string ProjectTag = "projectTag";
    public const string TaskTag = "taskTag";
    public const string CompanyTag = "companyTag";
    public const string UserTag = "userTag";
    public const string WorkRecord = "workRecord";
    public const string User = "user";
    public const string Company = "company";
    public const string Contact = "contact";
    public const string Webhook = "webhook";
    public const string Delivery = "delivery";
    public const string Token = "token";
    public const string Team = "team";
    public const string TeamMember = "teamMember";
    public const string Appointment = "appointment";
    public const string Absence = "absence";
    public const string ProjectDocument = "projectDocument";
    public const string PackageDocument = "packageDocument";
    public const string TaskDocument = "taskDocument";

    /// <summary>The cloud's owner, the sample user's substitute.</summary>
    public const string Substitute = "substitute";

    private ApiSampleData(Dictionary<string, Guid> ids, List<string> texts)
    {
        Ids = ids;
        Texts = texts;
    }

    public IReadOnlyDictionary<string, Guid> Ids { get; }

    public IReadOnlyList<string> Texts { get; }

    public Guid this[string kind] => Ids[kind];

    /// <summary>Creates the sample; <paramref name="marker"/> goes into every text, so it can be searched for.</summary>
    public static async Task<ApiSampleData> CreateAsync(HttpClient client, string marker, CancellationToken ct)
    {
        var ids = new Dictionary<string, Guid>();
        var texts = new List<string>();

        async Task<JsonElement> SendAsync(HttpMethod method, string url, object? body, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request, ct);
            var text = await response.AssertStatusAsync(expected);
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        async Task<Guid> CreateAsync(string kind, string url, object body, string? text = null)
        {
            var created = await SendAsync(HttpMethod.Post, url, body, expected: HttpStatusCode.Created);
            ids[kind] = created.Id();
            if (text is not null)
            {
                texts.Add(text);
            }

            return ids[kind];
        }

        string T(string what) => $"{marker}-{what}";

        var project = await CreateAsync(Project, "projects", new { title = T("project"), description = T("project-description") }, T("project"));
        texts.Add(T("project-description"));
        var package = await CreateAsync(Package, $"projects/{project}/packages", new { title = T("package") }, T("package"));
        await CreateAsync(NestedPackage, $"projects/{project}/packages", new { title = T("nested"), parentPackageId = package }, T("nested"));
        var task = await CreateAsync(MainTask, "tasks", new { title = T("task"), targetParentId = ids[NestedPackage] }, T("task"));
        var other = await CreateAsync(OtherTask, "tasks", new { title = T("other-task"), targetParentId = project }, T("other-task"));
        await CreateAsync(ChecklistEntry, $"tasks/{task}/checklist", new { title = T("check") }, T("check"));
        await SendAsync(HttpMethod.Put, $"tasks/{task}/task_connections", new[] { other }, HttpStatusCode.OK);
        await CreateAsync(ProjectComment, $"projects/{project}/comments", new { text = T("project-comment") }, T("project-comment"));
        await CreateAsync(PackageComment, $"projects/{project}/packages/{package}/comments", new { text = T("package-comment") }, T("package-comment"));
        await CreateAsync(TaskComment, $"tasks/{task}/comments", new { text = T("task-comment") }, T("task-comment"));
        var projectTag = await CreateAsync(ProjectTag, "projects/tags", new { name = T("ptag") }, T("ptag"));
        await SendAsync(HttpMethod.Put, $"projects/{project}/tags", new[] { projectTag }, HttpStatusCode.OK);
        var taskTag = await CreateAsync(TaskTag, "tasks/tags", new { name = T("ttag") }, T("ttag"));
        await SendAsync(HttpMethod.Put, $"tasks/{task}/tags", new[] { taskTag }, HttpStatusCode.OK);
        var workRecord = await CreateAsync(WorkRecord, "work-records", new
        {
            startDate = "2026-11-27", startTime = "09:00", endTime = "10:00", utcOffset = 60, minutesWorked = 60,
            bookedOnReferenceId = task, bookedOnReferenceType = "task", description = T("work"),
        }, T("work"));
        await CreateAsync(WorkRecordComment, $"work-records/{workRecord}/comments", new { text = T("work-comment") }, T("work-comment"));
        await CreateAsync(User, "users", new { emailAddress = $"{marker}-user@example.test", firstName = T("first"), lastName = T("last"), securityGroup = "BasicRights" },
            $"{marker}-user@example.test");
        texts.Add(T("first"));
        var company = await CreateAsync(Company, "companies", new { name = T("company") }, T("company"));
        await CreateAsync(Contact, "contacts", new { firstName = T("contact-first"), lastName = T("contact-last"), companyId = company }, T("contact-last"));
        var companyTag = await CreateAsync(CompanyTag, "companies/tags", new { name = T("ctag") }, T("ctag"));
        await SendAsync(HttpMethod.Put, $"companies/{company}/tags", new[] { companyTag }, HttpStatusCode.OK);
        var userTag = await CreateAsync(UserTag, "users/tags", new { name = T("utag") }, T("utag"));
        await SendAsync(HttpMethod.Put, $"users/{ids[User]}/tags", new[] { userTag }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"projects/{project}/packages/{package}/company", new { companyId = company }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"projects/{project}/packages/{package}/contact", new { contactId = ids[Contact] }, HttpStatusCode.OK);
        var team = await CreateAsync(Team, "teams", new { name = T("team"), color = "#3366cc" }, T("team"));
        ids[TeamMember] = (await SendAsync(HttpMethod.Put, $"teams/{team}/members", new { employeeId = ids[User] }, HttpStatusCode.OK)).Id();
        // Per-object rights of every kind of holder and object (the cloud is on a plan with them: work records above).
        await SendAsync(HttpMethod.Put, $"projects/{project}/read_rights", new { employeeId = ids[User] }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"projects/{project}/packages/{package}/write_rights", new { employeeId = ids[User] }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"tasks/{task}/team_read_rights", new { teamId = team }, HttpStatusCode.OK);
        await CreateAsync(Appointment, "appointments", new
        {
            employeeId = ids[User], subject = T("appointment"), location = T("location"), referencedTaskId = task,
            startDate = "2026-11-27T09:00:00Z", endDate = "2026-11-27T10:30:00Z",
        }, T("appointment"));
        texts.Add(T("location"));
        await CreateAsync(Absence, $"users/{ids[User]}/absences", new { startDate = "2026-12-21", endDate = "2026-12-31", type = "Planned" });
        var owner = (await SendAsync(HttpMethod.Get, "users?limit=1", null, HttpStatusCode.OK))[0].Id();
        ids[Substitute] = (await SendAsync(HttpMethod.Put, $"users/{ids[User]}/substitutes", new { substituteId = owner }, HttpStatusCode.OK)).Id();
        async Task DocumentAsync(string kind, string url, string title)
        {
            using var response = await UploadAsync(client, url, $"{title}.txt", System.Text.Encoding.UTF8.GetBytes($"{title} content"), ct, title);
            var created = JsonDocument.Parse(await response.AssertStatusAsync(HttpStatusCode.Created)).RootElement;
            ids[kind] = created.Id();
            texts.Add(title);
        }

        await DocumentAsync(ProjectDocument, $"projects/{project}/documents", T("project-document"));
        await DocumentAsync(PackageDocument, $"projects/{project}/packages/{package}/documents", T("package-document"));
        await DocumentAsync(TaskDocument, $"tasks/{task}/documents", T("task-document"));
        await CreateAsync(Webhook, "webhooks", new { callbackUri = $"http://127.0.0.1:9/{marker}", actionTypes = new[] { "*" }, description = T("hook") }, T("hook"));
        var ping = await SendAsync(HttpMethod.Post, $"webhooks/{ids[Webhook]}/test", null, HttpStatusCode.Accepted);
        ids[Delivery] = ping.Id();
        var token = await SendAsync(HttpMethod.Post, "me/tokens", new { name = T("token") }, HttpStatusCode.Created);
        ids[Token] = token.GetProperty("details").Id();
        texts.Add(token.GetProperty("token").GetString()!);
        texts.Add(T("token"));
        return new ApiSampleData(ids, texts);
    }

    /// <summary>A multipart upload of one file (part <c>file</c>, and <c>title</c> when given), as the document routes take it.</summary>
    public static MultipartFormDataContent UploadBody(string fileName, byte[] bytes, string? title = null, string declaredType = "application/octet-stream")
    {
        var body = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(declaredType);
        if (string.IsNullOrWhiteSpace(fileName))
        {
            // HttpClient refuses a blank file name; a client may still send one.
            file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename=\"{fileName}\"");
            body.Add(file);
        }
        else
        {
            body.Add(file, "file", fileName);
        }
        if (title is not null)
        {
            body.Add(new StringContent(title), "title");
        }

        return body;
    }

    /// <summary>Uploads one file to a document route.</summary>
    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, string url, string fileName, byte[] bytes, CancellationToken ct, string? title = null,
        string declaredType = "application/octet-stream") =>
        client.PostAsync(url, UploadBody(fileName, bytes, title, declaredType), ct);
}
