using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// Each person's time zone: chosen on the account page (else the browser's, else UTC), every time of the UI shown in it
/// with its offset, times typed into a form read in it; the API stays UTC.
/// </summary>
public abstract class TimeZonePageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AChosenZone_ShowsTheAuditLogInIt_WithTheOffset_AndTheFooterSaysWhich()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        var occurred = await App.InCloudAsync(cloud.Id, db => db.AuditEntries.OrderBy(e => e.OccurredAt).Select(e => e.OccurredAt).FirstAsync(Ct));

        var before = WebUtility.HtmlDecode(await web.GetPageAsync("/settings/audit"));
        Assert.Contains($"{occurred.ToString("g", new CultureInfo("en"))} (UTC)", before, StringComparison.Ordinal);
        Assert.Contains("Times are shown in UTC.", before, StringComparison.Ordinal);

        var saved = await web.PostFormAsync("/account/password?handler=TimeZone", new() { ["timeZone"] = "Europe/Berlin" }, "/account/password");
        await saved.AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Equal("Europe/Berlin", await App.InCloudAsync(cloud.Id, db => db.Users.Where(a => a.Email == cloud.OwnerEmail).Select(a => a.TimeZone).SingleAsync(Ct)));
        Assert.Contains("Times are now shown in Europe/Berlin.", await web.GetPageAsync("/account/password"), StringComparison.Ordinal);

        var after = WebUtility.HtmlDecode(await web.GetPageAsync("/settings/audit"));
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(occurred, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Contains($"<time datetime=\"{occurred:yyyy-MM-dd'T'HH:mm:ss'Z'}\" title=\"Europe/Berlin\">{berlin.ToString("g", new CultureInfo("en"))} (UTC+01:00)</time>", after, StringComparison.Ordinal);
        Assert.Contains("Times are shown in Europe/Berlin.", after, StringComparison.Ordinal);

        // Back to the browser's: none is sent here, so UTC.
        await (await web.PostFormAsync("/account/password?handler=TimeZone", new() { ["timeZone"] = "" }, "/account/password")).AssertStatusAsync(HttpStatusCode.Redirect);
        Assert.Null(await App.InCloudAsync(cloud.Id, db => db.Users.Where(a => a.Email == cloud.OwnerEmail).Select(a => a.TimeZone).SingleAsync(Ct)));
        Assert.Contains("Times are shown in UTC.", await web.GetPageAsync("/settings/audit"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Time zone: choose a time zone from the list.")]
    [InlineData("de", "Zeitzone: Bitte eine Zeitzone aus der Liste wählen.")]
    public async Task AnUnknownZone_IsRefusedUnderTheFieldsLabel_InThePagesLanguage_ChangingNothing(string language, string message)
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        web.Client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        await (await web.PostFormAsync("/account/password?handler=TimeZone", new() { ["timeZone"] = "Europe/Berlin" }, "/account/password")).AssertStatusAsync(HttpStatusCode.Redirect);

        foreach (var bad in new[] { "Mars/Olympus", "../../etc/passwd", new string('x', 200) })
        {
            var page = WebUtility.HtmlDecode(await (await web.PostFormAsync("/account/password?handler=TimeZone", new() { ["timeZone"] = bad }, "/account/password"))
                .AssertStatusAsync(HttpStatusCode.OK));
            Assert.Contains(message, page, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
        }

        Assert.Equal("Europe/Berlin", await App.InCloudAsync(cloud.Id, db => db.Users.Where(a => a.Email == cloud.OwnerEmail).Select(a => a.TimeZone).SingleAsync(Ct)));
    }

    [Fact]
    public async Task AnAppointmentTypedInBerlin_IsStoredInUtc_TheApiAnswersUtc_AndThePageShowsItBackInBerlin()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (web, ann) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            await (await web.PostFormAsync("/account/password?handler=TimeZone", new() { ["timeZone"] = "Europe/Berlin" }, "/account/password")).AssertStatusAsync(HttpStatusCode.Redirect);
            var url = $"/users/{ann.Id}";
            Assert.Contains("Times are in Europe/Berlin.", await web.GetPageAsync(url), StringComparison.Ordinal);
            await (await web.PostFormAsync($"{url}?handler=AddAppointment", new()
            {
                ["Appointment.Subject"] = "Standup", ["Appointment.StartDate"] = "2026-12-10T09:00", ["Appointment.EndDate"] = "2026-12-10T09:15",
            }, url)).AssertStatusAsync(HttpStatusCode.Redirect);

            var stored = await App.InCloudAsync(cloud.Id, db => db.Appointments.SingleAsync(Ct));
            Assert.Equal((new DateTime(2026, 12, 10, 8, 0, 0), new DateTime(2026, 12, 10, 8, 15, 0)), (stored.StartDate, stored.EndDate));

            var (client, _) = await App.ApiClientAsync(cloud);
            var answer = await (await client.GetAsync($"appointments/{stored.Id}", Ct)).AssertJsonAsync(HttpStatusCode.OK);
            Assert.Equal("2026-12-10T08:00:00.000Z", answer.GetProperty("startDate").GetString());

            var page = WebUtility.HtmlDecode(await web.GetPageAsync(url));
            Assert.Contains("value=\"2026-12-10T09:00\"", page, StringComparison.Ordinal); // the edit form, in Berlin
            Assert.Contains("(UTC+01:00)</time>", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheZone_IsTheChosenOne_ElseTheBrowsers_ElseUtc_AndOnlyKnownIanaIdsCount()
    {
        Assert.Equal(("Europe/Berlin", true), Pick(Planwerk.Infrastructure.Web.PersonTimeZone.Resolve("Europe/Berlin", "America/New_York")));
        Assert.Equal(("America/New_York", false), Pick(Planwerk.Infrastructure.Web.PersonTimeZone.Resolve(null, "America/New_York")));
        Assert.Equal(("America/New_York", false), Pick(Planwerk.Infrastructure.Web.PersonTimeZone.Resolve("Nowhere/Else", "America/New_York")));
        Assert.Equal(("UTC", false), Pick(Planwerk.Infrastructure.Web.PersonTimeZone.Resolve(null, "not a zone")));
        Assert.Equal(("UTC", false), Pick(Planwerk.Infrastructure.Web.PersonTimeZone.Resolve(null, null)));

        var berlin = Planwerk.Infrastructure.Web.PersonTimeZone.Resolve("Europe/Berlin", null);
        Assert.Equal("UTC+02:00", berlin.Offset(new DateTime(2026, 7, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("UTC-05:00", Planwerk.Infrastructure.Web.PersonTimeZone.Resolve("America/New_York", null).Offset(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
        Assert.Equal("UTC+05:30", Planwerk.Infrastructure.Web.PersonTimeZone.Resolve("Asia/Kolkata", null).Offset(new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc)));
        // 02:30 on the night the clocks skip to 03:00 does not exist: read as 03:00 CEST, 01:00 UTC.
        Assert.Equal(new DateTime(2026, 3, 29, 1, 0, 0), berlin.ToUtc(new DateTime(2026, 3, 29, 2, 30, 0)));
        Assert.Equal(new DateTime(2026, 12, 10, 8, 0, 0), berlin.ToUtc(new DateTime(2026, 12, 10, 9, 0, 0)));

        static (string, bool) Pick(Planwerk.Infrastructure.Web.PersonTimeZone z) => (z.Id, z.Chosen);
    }
}

public sealed class TimeZonePageTestsOnSqlite(SqliteApp app) : TimeZonePageTests(app), IClassFixture<SqliteApp>;

public sealed class TimeZonePageTestsOnPostgres(PostgresApp app) : TimeZonePageTests(app), IClassFixture<PostgresApp>;
