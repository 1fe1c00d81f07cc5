using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// The CSV exports of the work records (<c>/work-records/export.csv</c>) and the audit log (<c>/settings/audit/export.csv</c>):
/// the filtered list's rows exactly (date range, user), with the list's rights, a header in the page's language, a BOM,
/// neutralised formulas; a filter value that cannot be read is named on the page, never a 500.
/// </summary>
public abstract partial class ExportPageTests(PlanwerkApp app) : ProviderTest(app)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    [Fact]
    public async Task TheWorkRecordsExport_HoldsExactlyTheFilteredListsRows_InThePagesLanguage_WithFormulasNeutralised()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var (api, _) = await App.ApiClientAsync(cloud);
        var project = (await (await api.PostJsonAsync("projects", new { title = "Relaunch" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        async Task BookAsync(Guid who, string day, string description) =>
            await (await api.PostJsonAsync("work-records", new
            {
                startDate = day, startTime = "09:00", endTime = "10:30", utcOffset = 60, minutesWorked = 90, workEmployeeId = who,
                bookedOnReferenceId = project, bookedOnReferenceType = "project", description,
            })).AssertStatusAsync(HttpStatusCode.Created);
        await BookAsync(bob.Id, "2026-11-02", "early");
        await BookAsync(bob.Id, "2026-11-10", "=HYPERLINK(\"http://evil.test\",\"x\")");
        await BookAsync(bob.Id, "2026-11-12", "+1 call; -2 mails, @team");
        await BookAsync(cloud.OwnerId, "2026-11-11", "owner's own");
        await BookAsync(bob.Id, "2026-11-30", "late");

        using var owner = await WebSession.SignInAsync(App, cloud);
        var filter = $"?from=2026-11-10&to=2026-11-20&user={bob.Id}";
        var page = await owner.GetPageAsync("/work-records" + filter);
        Assert.Equal(2, RecordRow().Count(page));
        Assert.Contains($"href=\"/work-records/export.csv?from=2026-11-10&amp;to=2026-11-20&amp;user={bob.Id}\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{bob.Id}\" selected=\"selected\">", page, StringComparison.Ordinal);

        var response = await owner.Client.GetAsync("/work-records/export.csv" + filter, Ct);
        await response.AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("work-records.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Bom, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date,Start (local time),End (local time),UTC offset (minutes),Minutes,Booked on,Booked by,Description", lines[0]);
        Assert.Equal(3, lines.Length); // the header and the two rows the list shows, newest first
        Assert.Equal("2026-11-12,09:00,10:30,60,90,#1 Relaunch,Test BasicRights,\"'+1 call; -2 mails, @team\"", lines[1]);
        Assert.Equal("2026-11-10,09:00,10:30,60,90,#1 Relaunch,Test BasicRights,\"'=HYPERLINK(\"\"http://evil.test\"\",\"\"x\"\")\"", lines[2]);

        // German: the header in German and the separator German Excel expects.
        owner.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var german = Encoding.UTF8.GetString((await owner.Client.GetByteArrayAsync("/work-records/export.csv" + filter, Ct))[3..]);
        Assert.StartsWith("Datum;Beginn (Ortszeit);Ende (Ortszeit);", german, StringComparison.Ordinal);
        Assert.Contains("2026-11-12;09:00;10:30;60;90;#1 Relaunch;", german, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmployee_ExportsOnlyTheirOwnRecords_AGuestIsRefused_AndOffProfessionalThereIsNoExport()
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        var (api, _) = await App.ApiClientAsync(cloud);
        var project = (await (await api.PostJsonAsync("projects", new { title = "P" })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var (web, bob) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        foreach (var who in new[] { bob.Id, cloud.OwnerId })
        {
            await (await api.PostJsonAsync("work-records", new
            {
                startDate = "2026-11-10", utcOffset = 0, minutesWorked = 30, workEmployeeId = who,
                bookedOnReferenceId = project, bookedOnReferenceType = "project", description = $"by {who}",
            })).AssertStatusAsync(HttpStatusCode.Created);
        }

        using (web)
        {
            var page = await web.GetPageAsync("/work-records");
            Assert.DoesNotContain("id=\"user\"", page, StringComparison.Ordinal); // no choice of user: they see only their own
            var own = await web.Client.GetStringAsync("/work-records/export.csv", Ct);
            Assert.Contains($"by {bob.Id}", own, StringComparison.Ordinal);
            Assert.DoesNotContain($"by {cloud.OwnerId}", own, StringComparison.Ordinal);
            var forged = await web.Client.GetStringAsync($"/work-records/export.csv?user={cloud.OwnerId}", Ct);
            Assert.Single(forged.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)); // the header only
        }

        var (guest, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using (guest)
        {
            await guest.GetPageAsync("/work-records/export.csv", HttpStatusCode.Forbidden);
        }

        var team = await App.CreateCloudAsync(Plan.Team);
        using var teamOwner = await WebSession.SignInAsync(App, team);
        await teamOwner.GetPageAsync("/work-records/export.csv", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/work-records", "en", "From is not valid.", "Booked by is not valid.")]
    [InlineData("/work-records", "de", "Von ist ungültig.", "Gebucht von ist ungültig.")]
    [InlineData("/settings/audit", "en", "From is not valid.", "Who is not valid.")]
    [InlineData("/settings/audit", "de", "Von ist ungültig.", "Wer ist ungültig.")]
    public async Task ABadFilterValue_IsNamedByItsLabel_InThePagesLanguage_AndTheExportGoesBackToThePage(string list, string language, string badDate, string badUser)
    {
        var cloud = await App.CreateCloudAsync(Plan.Professional);
        using var owner = await WebSession.SignInAsync(App, cloud);
        owner.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var page = await owner.GetPageAsync(list + "?from=2026-13-45&to=2026-11-30");
        Assert.Contains($"<li>{badDate}</li>", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("value=\"2026-13-45\" aria-invalid=\"true\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("export.csv", page, StringComparison.Ordinal);

        var export = await owner.Client.GetAsync(list + "/export.csv?from=2026-13-45", Ct);
        await export.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal(list + "?from=2026-13-45", export.Headers.Location?.OriginalString);

        var user = await owner.GetPageAsync(list + "?user=nobody");
        Assert.Contains($"<li>{badUser}</li>", WebUtility.HtmlDecode(user), StringComparison.Ordinal);
        Assert.Contains("name=\"user\" class=\"auto-width\" aria-invalid=\"true\"", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditExport_HoldsExactlyTheFilteredLogsRows_TimesInUtc_AndOnlyAdminsGetIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        await App.InCloudAsync(cloud.Id, async db =>
        {
            AuditEntry Row(string day, Guid? who, string action, string? old = null) => new()
            {
                CloudId = cloud.Id, OccurredAt = DateTime.Parse(day, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal),
                Channel = "ui", ActorEmployeeId = who, ActorName = "x", Action = action, OldValue = old,
            };
            db.AuditEntries.AddRange(
                Row("2026-11-01T08:00:00Z", bob.Id, "test.before"),
                Row("2026-11-10T00:00:00Z", bob.Id, "test.first-moment", "=cmd|' /C calc'!A0"),
                Row("2026-11-20T23:59:59Z", bob.Id, "test.last-moment"),
                Row("2026-11-15T12:00:00Z", cloud.OwnerId, "test.someone-else"),
                Row("2026-11-21T00:00:00Z", bob.Id, "test.after"));
            return await db.SaveChangesAsync(Ct);
        });

        using var owner = await WebSession.SignInAsync(App, cloud);
        var filter = $"?from=2026-11-10&to=2026-11-20&user={bob.Id}";
        var page = await owner.GetPageAsync("/settings/audit" + filter);
        var shown = AuditRow().Matches(page).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["test.first-moment", "test.last-moment"], shown.Order(StringComparer.Ordinal));

        var bytes = await owner.Client.GetByteArrayAsync("/settings/audit/export.csv" + filter, Ct);
        Assert.Equal(Bom, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("When (UTC),Who,Channel,Action,Object type,Object id,Old value,New value", lines[0]);
        string[] rows = ["2026-11-10T00:00:00Z,Test BasicRights,ui,test.first-moment,,,\"'=cmd|' /C calc'!A0\",", "2026-11-20T23:59:59Z,Test BasicRights,ui,test.last-moment,,,,"];
        Assert.Equal(shown.Select(action => rows.Single(r => r.Contains(action, StringComparison.Ordinal))), lines[1..]); // the list's rows in the list's order

        owner.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        Assert.StartsWith("Zeitpunkt (UTC);", Encoding.UTF8.GetString((await owner.Client.GetByteArrayAsync("/settings/audit/export.csv" + filter, Ct))[3..]), StringComparison.Ordinal);

        foreach (var group in new[] { SecurityGroup.BasicRights, SecurityGroup.AdvancedRights })
        {
            var (web, _) = await WebSession.SignInAsNewUserAsync(App, cloud, group);
            using (web)
            {
                await web.GetPageAsync("/settings/audit/export.csv", HttpStatusCode.Forbidden);
            }
        }
    }

    [GeneratedRegex("<tr data-work-record=\"")]
    private static partial Regex RecordRow();

    [GeneratedRegex("<tr data-action=\"([^\"]+)\"")]
    private static partial Regex AuditRow();
}

public sealed class ExportPageTestsOnSqlite(SqliteApp app) : ExportPageTests(app), IClassFixture<SqliteApp>;

public sealed class ExportPageTestsOnPostgres(PostgresApp app) : ExportPageTests(app), IClassFixture<PostgresApp>;
