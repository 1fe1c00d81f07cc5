using System.Net;
using Microsoft.EntityFrameworkCore;
using Planwerk.Absences;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Web;

/// <summary>
/// A person's page (/users/{id}): absences, appointments and substitutes through forms, with the rules of the API
/// (AbsenceService, AppointmentService); and the users page's "Absent" column. The app's clock stands at 2026-11-28 10:00 UTC.
/// </summary>
public abstract class PersonPageTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task AnEmployee_AddsAndDeletesTheirOwnAbsence_AndTheUsersPageShowsIt()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        await SubscribeAsync(cloud);
        var (web, ann) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            var url = $"/users/{ann.Id}";
            Assert.Contains($"<a id=\"my-page\" href=\"{url}\">", await web.GetPageAsync("/account/password"), StringComparison.Ordinal);
            var page = await web.GetPageAsync(url);
            Assert.Contains("id=\"no-absences\"", page, StringComparison.Ordinal);
            Assert.Contains("id=\"add-absence\"", page, StringComparison.Ordinal);

            var added = await web.PostFormAsync($"{url}?handler=AddAbsence",
                new() { ["Absence.StartDate"] = "2026-12-21", ["Absence.EndDate"] = "2026-12-23", ["Absence.Type"] = "Unplanned" }, url);
            await added.AssertStatusAsync(HttpStatusCode.Redirect);
            Assert.Equal($"{url}#absences", added.Headers.Location?.OriginalString);
            var absence = await App.InCloudAsync(cloud.Id, db => db.Absences.SingleAsync(Ct));
            Assert.Equal((ann.Id, new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 23), AbsenceType.Unplanned),
                (absence.EmployeeId, absence.StartDate, absence.EndDate, absence.Type));
            page = await web.GetPageAsync(url);
            Assert.Contains("The absence is recorded.", page, StringComparison.Ordinal); // the flash after the redirect
            Assert.Contains($"data-absence=\"{absence.Id}\"", page, StringComparison.Ordinal);
            Assert.Contains("2026-12-23", page, StringComparison.Ordinal);

            // The users page (AllRights) shows the absence in its column, with its type.
            using (var owner = await WebSession.SignInAsync(App, cloud))
            {
                var users = await owner.GetPageAsync("/settings/users");
                Assert.Contains($"href=\"/users/{ann.Id}\"", users, StringComparison.Ordinal);
                Assert.Contains("2026-12-21–2026-12-23 (Unplanned)", users, StringComparison.Ordinal);
            }

            await (await web.PostFormAsync($"{url}?handler=DeleteAbsence", new() { ["absenceId"] = absence.Id.ToString() }, url))
                .AssertStatusAsync(HttpStatusCode.Redirect);
            Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Absences.CountAsync(Ct)));
            var actions = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct));
            Assert.Equal(["AbsenceCreated", "AbsenceDeleted"], actions.Where(a => a.StartsWith("Absence", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task AnEmployee_OnSomeoneElsesPage_SeesNoForms_AndTheirPostsAreRefused_WritingNothing()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var (admin, _) = await App.ApiClientAsync(cloud);
        var absence = (await (await admin.PostJsonAsync($"users/{bob.Id}/absences", new { startDate = "2026-12-01", endDate = "2026-12-02" }))
            .AssertJsonAsync(HttpStatusCode.Created)).Id();
        var appointment = (await (await admin.PostJsonAsync("appointments", new
        {
            employeeId = bob.Id, subject = "Dentist", startDate = "2026-12-01T09:00:00Z", endDate = "2026-12-01T10:00:00Z",
        })).AssertJsonAsync(HttpStatusCode.Created)).Id();
        var (web, _) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            var url = $"/users/{bob.Id}";
            var page = await web.GetPageAsync(url);
            Assert.Contains("Dentist", page, StringComparison.Ordinal);
            Assert.Contains($"data-absence=\"{absence}\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("handler=", page, StringComparison.Ordinal);

            var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
            foreach (var (handler, fields) in new (string, Dictionary<string, string?>)[]
            {
                ("AddAbsence", new() { ["Absence.StartDate"] = "2026-12-10", ["Absence.EndDate"] = "2026-12-11", ["Absence.Type"] = "Planned" }),
                ("DeleteAbsence", new() { ["absenceId"] = absence.ToString() }),
                ("AddAppointment", new() { ["Appointment.Subject"] = "Mine now", ["Appointment.StartDate"] = "2026-12-10T09:00", ["Appointment.EndDate"] = "2026-12-10T10:00" }),
                ("UpdateAppointment", new() { ["appointmentId"] = appointment.ToString(), ["Appointment.Subject"] = "Changed" }),
                ("DeleteAppointment", new() { ["appointmentId"] = appointment.ToString() }),
                ("AddSubstitute", new() { ["substituteId"] = cloud.OwnerId.ToString() }),
            })
            {
                await (await web.PostFormAsync($"{url}?handler={handler}", fields, url)).AssertStatusAsync(HttpStatusCode.Forbidden);
            }

            Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
        }
    }

    [Fact]
    public async Task AGuest_CannotOpenAPersonsPage()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (web, guest) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.GuestRights);
        using (web)
        {
            await web.GetPageAsync($"/users/{guest.Id}", HttpStatusCode.Forbidden);
            Assert.DoesNotContain("id=\"my-page\"", await web.GetPageAsync("/account/password"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task APlanner_CreatesEditsAndDeletesAnAppointmentOfSomeoneElse()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        await SubscribeAsync(cloud);
        var (web, planner) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.AdvancedRights);
        using (web)
        {
            var url = $"/users/{bob.Id}";
            Assert.Contains("id=\"create-appointment\"", await web.GetPageAsync(url), StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"add-absence\"", await web.GetPageAsync(url), StringComparison.Ordinal); // others' absences: AllRights

            await (await web.PostFormAsync($"{url}?handler=AddAppointment", new()
            {
                ["Appointment.Subject"] = " Workshop ", ["Appointment.StartDate"] = "2026-12-03T09:00", ["Appointment.EndDate"] = "2026-12-03T12:30",
                ["Appointment.Location"] = "Room 4",
            }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
            var appointment = await App.InCloudAsync(cloud.Id, db => db.Appointments.SingleAsync(Ct));
            Assert.Equal((bob.Id, planner.Id, "Workshop", "Room 4"), (appointment.EmployeeId, appointment.CreatorId, appointment.Subject, appointment.Location));
            Assert.Equal(new DateTime(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc), appointment.StartDate);
            Assert.Equal(new DateTime(2026, 12, 3, 12, 30, 0, DateTimeKind.Utc), appointment.EndDate);
            var page = await web.GetPageAsync(url);
            Assert.Contains("The appointment is created.", page, StringComparison.Ordinal);
            Assert.Contains($"datetime=\"2026-12-03T12:30:00Z\" title=\"UTC\">{new DateTime(2026, 12, 3, 12, 30, 0).ToString("g", new System.Globalization.CultureInfo("en"))} (UTC)</time>",
                WebUtility.HtmlDecode(page), StringComparison.Ordinal); // no zone chosen, none sent by a browser: UTC, and it says so

            await (await web.PostFormAsync($"{url}?handler=UpdateAppointment", new()
            {
                ["appointmentId"] = appointment.Id.ToString(), ["Appointment.Subject"] = "Workshop II", ["Appointment.StartDate"] = "2026-12-04T09:00",
                ["Appointment.EndDate"] = "2026-12-04T11:00", ["Appointment.Location"] = "",
            }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
            appointment = await App.InCloudAsync(cloud.Id, db => db.Appointments.SingleAsync(Ct));
            Assert.Equal(("Workshop II", null, new DateTime(2026, 12, 4, 11, 0, 0, DateTimeKind.Utc)), (appointment.Subject, appointment.Location, appointment.EndDate));

            await (await web.PostFormAsync($"{url}?handler=DeleteAppointment", new() { ["appointmentId"] = appointment.Id.ToString() }, url))
                .AssertStatusAsync(HttpStatusCode.Redirect);
            Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Appointments.CountAsync(Ct)));
            var actions = await App.InCloudAsync(cloud.Id, db => db.WebhookEvents.OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync(Ct));
            Assert.Equal(["AppointmentCreated", "AppointmentUpdated", "AppointmentDeleted"], actions.Where(a => a.StartsWith("Appointment", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task EndBeforeStart_IsShownUnderTheFormsOwnLabel_InEnglishAndGerman_AndNothingIsWritten()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var (web, ann) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            var url = $"/users/{ann.Id}";
            await (await web.PostFormAsync($"{url}?handler=AddAppointment", new()
            {
                ["Appointment.Subject"] = "Standing", ["Appointment.StartDate"] = "2026-12-01T08:00", ["Appointment.EndDate"] = "2026-12-01T09:00",
            }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
            var standing = await App.InCloudAsync(cloud.Id, db => db.Appointments.SingleAsync(Ct));
            var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
            var appointment = new Dictionary<string, string?>
            {
                ["Appointment.Subject"] = "Review", ["Appointment.StartDate"] = "2026-12-03T10:00", ["Appointment.EndDate"] = "2026-12-03T09:00",
            };
            var absence = new Dictionary<string, string?> { ["Absence.StartDate"] = "2026-12-10", ["Absence.EndDate"] = "2026-12-09", ["Absence.Type"] = "Planned" };

            var page = await (await web.PostFormAsync($"{url}?handler=AddAppointment", appointment, url)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("id=\"appointment-end-error\" class=\"field-validation-error\">End must not be before the start.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("endDate", page, StringComparison.Ordinal);
            Assert.Contains("value=\"Review\"", page, StringComparison.Ordinal); // the form keeps what was typed
            page = await (await web.PostFormAsync($"{url}?handler=AddAbsence", absence, url)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("The last day must not be before the first day.", page, StringComparison.Ordinal);
            page = await (await web.PostFormAsync($"{url}?handler=AddAppointment", new() { ["Appointment.StartDate"] = "2026-12-03T10:00" }, url))
                .AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("End is required.", page, StringComparison.Ordinal);
            Assert.Contains("Subject is required.", page, StringComparison.Ordinal);
            // Editing: the error is under the edited appointment's own field, its form open.
            page = await (await web.PostFormAsync($"{url}?handler=UpdateAppointment", new()
            {
                ["appointmentId"] = standing.Id.ToString(), ["Appointment.Subject"] = "Standing", ["Appointment.StartDate"] = "2026-12-01T08:00",
                ["Appointment.EndDate"] = "2026-12-01T07:00",
            }, url)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains($"id=\"appointment-end-error-{standing.Id}\" class=\"field-validation-error\">End must not be before the start.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("id=\"appointment-end-error\" class=\"field-validation-error\">End", page, StringComparison.Ordinal);

            await (await web.PostFormAsync("/language", new() { ["culture"] = "de", ["returnUrl"] = url }, url)).AssertStatusAsync(HttpStatusCode.Redirect);
            page = await (await web.PostFormAsync($"{url}?handler=AddAppointment", appointment, url)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("id=\"appointment-end-error\" class=\"field-validation-error\">Das Ende darf nicht vor dem Beginn liegen.", page, StringComparison.Ordinal);
            page = await (await web.PostFormAsync($"{url}?handler=AddAbsence", absence, url)).AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("Der letzte Tag darf nicht vor dem ersten Tag liegen.", page, StringComparison.Ordinal);

            Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));
        }
    }

    [Fact]
    public async Task AnEmployee_ChoosesAndRemovesTheirSubstitute_AndTheSubstituteSeesWhomTheyStandInFor()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var bob = await App.CreateUserAsync(cloud, SecurityGroup.BasicRights);
        var (web, ann) = await WebSession.SignInAsNewUserAsync(App, cloud, SecurityGroup.BasicRights);
        using (web)
        {
            var url = $"/users/{ann.Id}";
            Assert.Contains($"<option value=\"{bob.Id}\"", await web.GetPageAsync(url), StringComparison.Ordinal);
            await (await web.PostFormAsync($"{url}?handler=AddSubstitute", new() { ["substituteId"] = bob.Id.ToString() }, url))
                .AssertStatusAsync(HttpStatusCode.Redirect);
            var substitution = await App.InCloudAsync(cloud.Id, db => db.Substitutions.SingleAsync(Ct));
            Assert.Equal((ann.Id, bob.Id), (substitution.EmployeeId, substitution.SubstituteId));
            Assert.Contains($"data-substitute=\"{bob.Id}\"", await web.GetPageAsync(url), StringComparison.Ordinal);
            Assert.Contains($"data-substituted=\"{ann.Id}\"", await web.GetPageAsync($"/users/{bob.Id}"), StringComparison.Ordinal);

            // Oneself is no substitute: the service's rule under the picker's label, nothing written.
            var before = await CloudFingerprint.TakeAsync(App, cloud.Id, Ct);
            var page = await (await web.PostFormAsync($"{url}?handler=AddSubstitute", new() { ["substituteId"] = ann.Id.ToString() }, url))
                .AssertStatusAsync(HttpStatusCode.OK);
            Assert.Contains("id=\"add-substitute-error\" class=\"field-validation-error\">Add substitute: a person cannot be their own substitute.", page, StringComparison.Ordinal);
            Assert.Empty(before.Differences(await CloudFingerprint.TakeAsync(App, cloud.Id, Ct)));

            await (await web.PostFormAsync($"{url}?handler=RemoveSubstitute", new() { ["substituteId"] = bob.Id.ToString() }, url))
                .AssertStatusAsync(HttpStatusCode.Redirect);
            Assert.Equal(0, await App.InCloudAsync(cloud.Id, db => db.Substitutions.CountAsync(Ct)));
        }
    }

    [Fact]
    public async Task AnotherCloudsUser_IsNotFound()
    {
        var cloud = await App.CreateCloudAsync(Plan.Team);
        var other = await App.CreateCloudAsync(Plan.Team);
        using var web = await WebSession.SignInAsync(App, cloud);
        await web.GetPageAsync($"/users/{other.OwnerId}", HttpStatusCode.NotFound);
    }

    /// <summary>A webhook for every action, so the changes' webhook events are kept (the outbox writes none without one).</summary>
    private async Task SubscribeAsync(TestCloud cloud)
    {
        var (api, _) = await App.ApiClientAsync(cloud);
        await (await api.PostJsonAsync("webhooks", new { callbackUri = "http://127.0.0.1:9/hook", actionTypes = new[] { "*" } })).AssertStatusAsync(HttpStatusCode.Created);
    }
}

public sealed class PersonPageTestsOnSqlite(SqliteApp app) : PersonPageTests(app), IClassFixture<SqliteApp>;

public sealed class PersonPageTestsOnPostgres(PostgresApp app) : PersonPageTests(app), IClassFixture<PostgresApp>;
