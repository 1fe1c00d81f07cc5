using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Planwerk.Absences;
using Planwerk.Appointments;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Web;

namespace Planwerk.Employees;

/// <summary>
/// <c>/users/{id}</c>: a person's current and upcoming absences, their upcoming appointments and their substitutes, for
/// everyone but guests (<see cref="Right.Calendar"/>). Everyone keeps their own; AllRights users keep everyone's absences
/// and substitutes (<see cref="Right.ManageAllAbsences"/>), planners everyone's appointments
/// (<see cref="Right.ManageAllAppointments"/>). The rules are AbsenceService's and AppointmentService's, as for the API.
/// </summary>
public sealed class PersonPageModel(EmployeeService employees, AbsenceService absences, AppointmentService appointments, TimeProvider time) : AppPage
{
    public sealed class AbsenceForm
    {
        [Display(Name = "People.FirstDay")]
        public DateOnly? StartDate { get; set; }

        [Display(Name = "People.LastDay")]
        [ApiField("endDate", NotBefore = nameof(StartDate))]
        public DateOnly? EndDate { get; set; }

        [Display(Name = "People.Type")]
        public AbsenceType Type { get; set; } = AbsenceType.Planned;
    }

    public sealed class AppointmentForm
    {
        [Display(Name = "People.Subject")]
        [StringLength(Planwerk.Appointments.Appointment.SubjectMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Subject { get; set; }

        [Display(Name = "People.Start")]
        public DateTime? StartDate { get; set; }

        [Display(Name = "People.End")]
        [ApiField("endDate", NotBefore = nameof(StartDate))]
        public DateTime? EndDate { get; set; }

        [Display(Name = "People.Location")]
        [StringLength(Planwerk.Appointments.Appointment.LocationMaxLength, ErrorMessage = "Validation.TooLong")]
        public string? Location { get; set; }
    }

    protected override Right? Access => Right.Calendar;

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public AbsenceForm Absence { get; set; } = new();

    /// <summary>The new appointment's form, or the edited one's (under <see cref="EditedAppointment"/>).</summary>
    [BindProperty]
    public AppointmentForm Appointment { get; set; } = new();

    public Guid? EditedAppointment { get; private set; }

    public Employee Person { get; private set; } = null!;

    public IReadOnlyList<Planwerk.Absences.Absence> Absences { get; private set; } = [];

    public IReadOnlyList<Planwerk.Appointments.Appointment> Appointments { get; private set; } = [];

    public IReadOnlyList<Employee> Substitutes { get; private set; } = [];

    public IReadOnlyList<Employee> Substituted { get; private set; } = [];

    /// <summary>The active users the substitute picker offers.</summary>
    public IReadOnlyList<Person> People { get; private set; } = [];

    public bool CanKeepAbsences => Caller.Has(Right.Calendar) && (Id == Caller.EmployeeId || Caller.Has(Right.ManageAllAbsences));

    public bool CanKeepAppointments => Caller.Has(Right.Calendar) && (Id == Caller.EmployeeId || Caller.Has(Right.ManageAllAppointments));

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAbsenceAsync(CancellationToken ct)
    {
        if (!CanKeepAbsences)
        {
            return ForbiddenPage(); // rights before input, as in the API (the service refuses too)
        }

        var input = new AbsenceInput
        {
            StartDate = new Optional<DateOnly?>(Absence.StartDate is not null, Absence.StartDate),
            EndDate = new Optional<DateOnly?>(Absence.EndDate is not null, Absence.EndDate),
            Type = new Optional<AbsenceType?>(true, Absence.Type),
        };
        if (await TryAsync(errors => absences.CreateManyAsync(Caller, [(input, errors)], Id, ct), nameof(Absence)))
        {
            Flash = T["People.AbsenceAdded"];
            return RedirectToPage(null, null, new { id = Id }, "absences");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAbsenceAsync([HiddenField] Guid absenceId, CancellationToken ct)
    {
        if (!CanKeepAbsences)
        {
            return ForbiddenPage();
        }

        var absence = await absences.GetAsync(Caller, absenceId, ct);
        if (absence.EmployeeId != Id)
        {
            return NotFound(); // another person's absence is not on this page
        }

        await absences.DeleteAsync(Caller, absenceId, ct);
        Flash = T["People.AbsenceDeleted"];
        return RedirectToPage(null, null, new { id = Id }, "absences");
    }

    public async Task<IActionResult> OnPostAddAppointmentAsync(CancellationToken ct)
    {
        if (!CanKeepAppointments)
        {
            return ForbiddenPage();
        }

        var input = AppointmentInput(Appointment) with { EmployeeId = new Optional<Guid?>(true, Id) };
        if (await TryAsync(errors => appointments.CreateAsync(Caller, input, errors, ct), nameof(Appointment)))
        {
            Flash = T["People.AppointmentCreated"];
            return RedirectToPage(null, null, new { id = Id }, "appointments");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAppointmentAsync([HiddenField] Guid appointmentId, CancellationToken ct)
    {
        if (!CanKeepAppointments)
        {
            return ForbiddenPage();
        }

        await RequireOwnAppointmentAsync(appointmentId, ct);
        var input = AppointmentInput(Appointment);
        if (await TryAsync(errors => appointments.UpdateAsync(Caller, appointmentId, input, errors, ct), nameof(Appointment)))
        {
            Flash = T["People.AppointmentSaved"];
            return RedirectToPage(null, null, new { id = Id }, "appointments");
        }

        EditedAppointment = appointmentId;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAppointmentAsync([HiddenField] Guid appointmentId, CancellationToken ct)
    {
        if (!CanKeepAppointments)
        {
            return ForbiddenPage();
        }

        await RequireOwnAppointmentAsync(appointmentId, ct);
        await appointments.DeleteAsync(Caller, appointmentId, ct);
        Flash = T["People.AppointmentDeleted"];
        return RedirectToPage(null, null, new { id = Id }, "appointments");
    }

    public async Task<IActionResult> OnPostAddSubstituteAsync(
        [Display(Name = "People.AddSubstitute")][ApiField("substituteId")] Guid? substituteId, CancellationToken ct)
    {
        if (!CanKeepAbsences)
        {
            return ForbiddenPage();
        }

        if (await TryAsync(errors => absences.AddSubstituteAsync(Caller, Id, new Optional<Guid?>(true, substituteId), errors, ct), ""))
        {
            Flash = T["People.SubstituteAdded"];
            return RedirectToPage(null, null, new { id = Id }, "substitutes");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveSubstituteAsync([HiddenField] Guid substituteId, CancellationToken ct)
    {
        if (!CanKeepAbsences)
        {
            return ForbiddenPage();
        }

        await absences.RemoveSubstituteAsync(Caller, Id, substituteId, ct);
        Flash = T["People.SubstituteRemoved"];
        return RedirectToPage(null, null, new { id = Id }, "substitutes");
    }

    /// <summary>The form's fields as the service takes them; the times are UTC, as the page shows them.</summary>
    /// <summary>The form as the service's input; its times were typed in the person's zone (<see cref="PersonTimeZone"/>).</summary>
    private AppointmentInput AppointmentInput(AppointmentForm form)
    {
        var zone = PersonTimeZone.Of(HttpContext);
        DateTime? Utc(DateTime? time) => time is { } t ? DateTime.SpecifyKind(zone.ToUtc(t), DateTimeKind.Utc) : null;
        return new AppointmentInput
        {
            Subject = new Optional<string?>(true, form.Subject),
            Location = new Optional<string?>(true, form.Location),
            StartDate = new Optional<DateTime?>(form.StartDate is not null, Utc(form.StartDate)),
            EndDate = new Optional<DateTime?>(form.EndDate is not null, Utc(form.EndDate)),
        };
    }

    /// <summary>An appointment of another person is not on this page (404).</summary>
    private async Task RequireOwnAppointmentAsync(Guid appointmentId, CancellationToken ct)
    {
        if ((await appointments.ReadAsync(Caller, appointmentId, ct)).EmployeeId != Id)
        {
            throw Infrastructure.Errors.DomainException.NotFound("Appointment", appointmentId);
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Person = await employees.GetAsync(Caller, Id, ct);
        var now = time.GetUtcNow().UtcDateTime;
        Absences = await (await absences.ListOfAsync(Caller, Id, DateOnly.FromDateTime(now), null, null, ct))
            .AsNoTracking().OrderBy(a => a.StartDate).ThenBy(a => a.EndDate).ToListAsync(ct);
        Appointments = await (await appointments.ListAsync(Caller, Id, now, null, null, ct))
            .AsNoTracking().OrderBy(a => a.StartDate).ThenBy(a => a.EndDate).ToListAsync(ct);
        Substitutes = await (await absences.SubstitutesAsync(Caller, Id, ct)).AsNoTracking().OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ToListAsync(ct);
        Substituted = await (await absences.SubstitutedAsync(Caller, Id, ct)).AsNoTracking().OrderBy(e => e.LastName).ThenBy(e => e.FirstName).ToListAsync(ct);
        People = CanKeepAbsences ? [.. (await employees.PickableAsync(Caller, ct)).Where(p => p.Id != Id && Substitutes.All(s => s.Id != p.Id))] : [];
    }
}
