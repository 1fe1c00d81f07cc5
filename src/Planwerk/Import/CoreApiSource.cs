using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Planwerk.Import;

/// <summary>
/// Reads a whole cloud from a factro-compatible Core API (factro's or another Planwerk's), with the raw token in
/// <c>Authorization</c> as factro wants. It keeps to the server's limit by reading the IETF <c>RateLimit</c> header
/// (<c>"default";r=&lt;left&gt;;t=&lt;seconds&gt;</c>): with nothing left it waits for the window's end before the next
/// request. A 429 is retried after its <c>Retry-After</c>; a 5xx or a dropped connection after a growing pause
/// (1 s, 2 s, 4 s … at most <see cref="MaxDelay"/>), <see cref="MaxAttempts"/> times. Waiting is on the injected
/// <see cref="TimeProvider"/>, so tests need not sleep.
/// </summary>
public sealed class CoreApiSource(HttpClient http, TimeProvider time)
{
    public const int MaxAttempts = 6;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    private DateTimeOffset notBefore = DateTimeOffset.MinValue;
    private bool reached;

    /// <summary>How many requests were sent (retries included).</summary>
    public int Requests { get; private set; }

    /// <summary>How often the reader paused because the server's window had nothing left.</summary>
    public int RateLimitWaits { get; private set; }

    /// <summary>How many answers were retried (429, 5xx, dropped connections).</summary>
    public int Retries { get; private set; }

    /// <summary>A client for <paramref name="baseUrl"/> (the Core API's base, e.g. <c>https://cloud.factro.com/api/core</c>) with the raw token.</summary>
    public static HttpClient CreateClient(string baseUrl, string token)
    {
        if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ImportSourceException($"'{baseUrl}' is not an http(s) URL.");
        }

        var client = new HttpClient { BaseAddress = uri, Timeout = TimeSpan.FromSeconds(100) };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", token);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>The normalised name of a source URL for the import mappings: <c>url:</c> and the base without a trailing slash.</summary>
    public static string SourceName(string baseUrl) => "url:" + baseUrl.Trim().TrimEnd('/').ToLowerInvariant();

    /// <summary>Reads every section of the cloud behind the token.</summary>
    public async Task<CloudSnapshot> ReadCloudAsync(IImportProgress progress, CancellationToken ct)
    {
        var users = await ListAsync("users", ct) 
            ?? throw new ImportSourceException($"The source refuses GET /users: use a token of an AllRights user, and the Core API's base URL (…/api/core), not {http.BaseAddress}.");
        var snapshot = new CloudSnapshot
        {
            SourceCloudId = users.Select(u => u.TryGetProperty("mandantId", out var m) ? m.GetString() : null).FirstOrDefault(m => m is not null) ?? "unknown",
            ExportedAt = time.GetUtcNow().UtcDateTime,
        };
        progress.Reading("users");
        AddAll(snapshot, CloudSnapshot.Users, users);
        await SectionAsync(snapshot, CloudSnapshot.Companies, "companies", ct);
        await SectionAsync(snapshot, CloudSnapshot.Contacts, "contacts", ct);
        await SectionAsync(snapshot, CloudSnapshot.ProjectTags, "projects/tags", ct);
        await SectionAsync(snapshot, CloudSnapshot.TaskTags, "tasks/tags", ct);
        await SectionAsync(snapshot, CloudSnapshot.CompanyTags, "companies/tags", ct);
        await SectionAsync(snapshot, CloudSnapshot.UserTags, "users/tags", ct);
        progress.Reading("projects");
        await SectionAsync(snapshot, CloudSnapshot.Projects, "projects", ct);
        foreach (var project in snapshot[CloudSnapshot.Projects].ToList())
        {
            var id = Id(project);
            await SectionAsync(snapshot, CloudSnapshot.Packages, $"projects/{id}/packages", ct);
            await TagsOfAsync(snapshot, "project", $"projects/{id}/tags", id, ct);
            await SectionAsync(snapshot, CloudSnapshot.Comments, $"projects/{id}/comments", ct);
        }

        progress.Reading("packages");
        foreach (var package in snapshot[CloudSnapshot.Packages].ToList())
        {
            await SectionAsync(snapshot, CloudSnapshot.Comments, $"projects/{package.GetProperty("projectId").GetString()}/packages/{Id(package)}/comments", ct);
        }

        progress.Reading("tasks");
        await SectionAsync(snapshot, CloudSnapshot.Tasks, "tasks", ct);
        foreach (var task in snapshot[CloudSnapshot.Tasks].ToList())
        {
            var id = Id(task);
            await SectionAsync(snapshot, CloudSnapshot.ChecklistEntries, $"tasks/{id}/checklist", ct);
            await SectionAsync(snapshot, CloudSnapshot.TaskConnections, $"tasks/{id}/task_connections", ct);
            await TagsOfAsync(snapshot, "task", $"tasks/{id}/tags", id, ct);
            await SectionAsync(snapshot, CloudSnapshot.Comments, $"tasks/{id}/comments", ct);
        }

        progress.Reading("companies, users: tags");
        foreach (var company in snapshot[CloudSnapshot.Companies].ToList())
        {
            await TagsOfAsync(snapshot, "company", $"companies/{Id(company)}/tags", Id(company), ct);
        }

        foreach (var user in snapshot[CloudSnapshot.Users].ToList())
        {
            await TagsOfAsync(snapshot, "user", $"users/{Id(user)}/tags", Id(user), ct);
        }

        progress.Reading("work records");
        if (await SectionAsync(snapshot, CloudSnapshot.WorkRecords, "work-records", ct))
        {
            foreach (var record in snapshot[CloudSnapshot.WorkRecords].ToList())
            {
                await SectionAsync(snapshot, CloudSnapshot.Comments, $"work-records/{Id(record)}/comments", ct);
            }
        }

        progress.Reading("calendar and teams");
        await SectionAsync(snapshot, CloudSnapshot.Appointments, "appointments", ct);
        await SectionAsync(snapshot, CloudSnapshot.Absences, "users/absences", ct);
        if (await SectionAsync(snapshot, CloudSnapshot.Teams, "teams", ct))
        {
            foreach (var team in snapshot[CloudSnapshot.Teams].ToList())
            {
                await SectionAsync(snapshot, CloudSnapshot.TeamMembers, $"teams/{Id(team)}/members", ct);
            }
        }

        return snapshot;
    }

    private async Task<bool> SectionAsync(CloudSnapshot snapshot, string kind, string path, CancellationToken ct)
    {
        var items = await ListAsync(path, ct, snapshot, kind);
        if (items is null)
        {
            return false;
        }

        AddAll(snapshot, kind, items);
        return true;
    }

    private async Task TagsOfAsync(CloudSnapshot snapshot, string kind, string path, string itemId, CancellationToken ct)
    {
        var tags = await ListAsync(path, ct, snapshot, CloudSnapshot.TagAssignments);
        if (tags is null || tags.Count == 0)
        {
            return;
        }

        var assignment = JsonSerializer.SerializeToElement(new { kind, itemId, tagIds = tags.Select(Id).ToList() });
        snapshot.Add(CloudSnapshot.TagAssignments, assignment);
    }

    private static void AddAll(CloudSnapshot snapshot, string kind, List<JsonElement> items)
    {
        if (!snapshot.Sections.ContainsKey(kind))
        {
            snapshot.Sections[kind] = [];
        }

        foreach (var item in items)
        {
            snapshot.Add(kind, item);
        }
    }

    private static string Id(JsonElement item) => item.GetProperty("id").GetString()!;

    /// <summary>
    /// A list route's items; null when the source refuses the route (403: its plan or the token's rights; 404), which is
    /// noted on the snapshot. A refused token, an unreachable server or a non-list answer throws.
    /// </summary>
    private async Task<List<JsonElement>?> ListAsync(string path, CancellationToken ct, CloudSnapshot? snapshot = null, string? kind = null)
    {
        using var response = await SendAsync(path, ct);
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            if (snapshot is not null && kind is not null)
            {
                snapshot.Refused.TryAdd(kind, $"{(int)response.StatusCode} {await CodeAsync(response, ct)}");
            }

            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ImportSourceException($"The source answered GET {path} with {(int)response.StatusCode} {await CodeAsync(response, ct)}.");
        }

        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ImportSourceException($"The source's GET {path} is not a JSON list; is {http.BaseAddress} a Core API?");
            }

            return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        }
        catch (JsonException)
        {
            throw new ImportSourceException($"The source's GET {path} is not JSON; is {http.BaseAddress} a Core API?");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var wait = notBefore - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                RateLimitWaits++;
                await Task.Delay(wait, time, ct);
            }

            HttpResponseMessage response;
            try
            {
                Requests++;
                response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e) when (!reached || attempt >= MaxAttempts)
            {
                // The first request failing is a wrong or unreachable URL: said at once. Later, it is the source's hiccup, retried.
                throw new ImportSourceException($"Cannot reach {http.BaseAddress}: {e.Message}");
            }
            catch (HttpRequestException)
            {
                Retries++;
                await Task.Delay(Backoff(attempt), time, ct);
                continue;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                if (!reached || attempt >= MaxAttempts)
                {
                    throw new ImportSourceException($"{http.BaseAddress} did not answer in time.");
                }

                Retries++;
                await Task.Delay(Backoff(attempt), time, ct);
                continue;
            }

            reached = true;
            ReadRateLimit(response);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                var code = await CodeAsync(response, ct);
                response.Dispose();
                throw new ImportSourceException($"The source refused the token (401 {code}).");
            }

            var retriable = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            if (!retriable || attempt >= MaxAttempts)
            {
                return response;
            }

            Retries++;
            var delay = response.StatusCode == HttpStatusCode.TooManyRequests && RetryAfter(response) is { } after ? after : Backoff(attempt);
            response.Dispose();
            await Task.Delay(delay, time, ct);
        }
    }

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20))));

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var left = date - time.GetUtcNow();
                return left > TimeSpan.Zero ? left : TimeSpan.Zero;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>RateLimit: "default";r=0;t=42</c>: nothing left for 42 s, so the next request waits that long. (The policy,
    /// <c>RateLimit-Policy: "default";q=500;w=60</c>, needs no reading: <c>r</c> and <c>t</c> say all the client must know.)
    /// </summary>
    private void ReadRateLimit(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("RateLimit", out var values))
        {
            return;
        }

        int? remaining = null;
        int? reset = null;
        foreach (var part in string.Join(';', values).Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("r=", StringComparison.Ordinal) && int.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var r))
            {
                remaining = r;
            }
            else if (part.StartsWith("t=", StringComparison.Ordinal) && int.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                reset = t;
            }
        }

        if (remaining == 0 && reset is { } seconds)
        {
            notBefore = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(seconds, 1));
        }
    }

    private static async Task<string> CodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String ? code.GetString()! : response.ReasonPhrase ?? string.Empty;
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? string.Empty;
        }
    }
}
