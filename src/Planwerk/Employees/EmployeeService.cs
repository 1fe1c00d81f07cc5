using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Accounts;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Employees;

/// <summary>A person to pick as officer or executor: an active user of the cloud.</summary>
public sealed record Person(Guid Id, string Name);

/// <summary>A user's optional personal details.</summary>
public sealed record UserDetails(Salutation Salutation = Salutation.None, string? Street = null, string? ZipCode = null, string? City = null);

/// <summary>A user of the cloud. On POST emailAddress, firstName, lastName and securityGroup are required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>UserWrite</c>).</remarks>
public sealed record UserInput
{
    public Optional<string?> EmailAddress { get; init; }
    public Optional<string?> FirstName { get; init; }
    public Optional<string?> LastName { get; init; }
    /// <summary>AllRights, AdvancedRights, BasicRights or GuestRights (basic plan: AllRights and GuestRights only).</summary>
    [SentAs(typeof(string))]
    public Optional<SecurityGroup?> SecurityGroup { get; init; }
    /// <summary>false deactivates the user (their tokens stop working at once).</summary>
    public Optional<bool?> IsActive { get; init; }
    /// <summary>male, female or none.</summary>
    public Optional<Salutation?> Salutation { get; init; }
    public Optional<string?> Street { get; init; }
    public Optional<string?> ZipCode { get; init; }
    public Optional<string?> City { get; init; }
}

/// <summary>factro's user quota of a cloud.</summary>
public sealed record UserQuota(int MaxPaidUserCount, int ActivePaidUserCount, int AvailablePaidUserSeats, int InactivePaidUserCount,
    int TotalPaidUserCount, int ActiveGuestUserCount, int InactiveGuestUserCount, int TotalGuestUserCount, int MaxUserCount,
    int ActiveUserCount, int InactiveUserCount, int TotalUserCount);

/// <summary>
/// The rules for users of a cloud. The API, the UI and the CLI all add users through here. Users are
/// never deleted: work records and history point at them, so removing one deactivates it.
/// </summary>
public sealed class EmployeeService(PlanwerkDb db, AccountService accounts, AuditLog audit, TimeProvider time, IOptions<SeatOptions> seats)
{
    /// <summary>
    /// Adds an account (found or created by e-mail) to the caller's cloud with a security group the plan allows, for
    /// those who manage users and the system (the CLI, the demo seed); the API's and the UI's additions come through
    /// <see cref="CreateManyAsync"/> with the same rules.
    /// </summary>
    public Task<Employee> AddAsync(Caller caller, string email, string firstName, string lastName, SecurityGroup group,
        string? password, CancellationToken ct)
    {
        Rights.Require(caller, Right.ManageUsers, "add users");
        return AddAsync(caller.CloudId, email, firstName, lastName, group, new UserDetails(), password, caller.Actor, ct);
    }

    /// <summary>Adds an account (found or created by e-mail) to the cloud with a security group the plan allows and a free seat.</summary>
    private async Task<Employee> AddAsync(Guid cloudId, string email, string firstName, string lastName, SecurityGroup group,
        UserDetails details, string? password, AuditActor actor, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        var cloud = await db.Clouds.AsNoTracking().FirstOrDefaultAsync(c => c.Id == cloudId, ct)
            ?? throw DomainException.NotFound("Cloud", cloudId);
        if (!cloud.Plan.Allows(group))
        {
            throw PlanGate.Unavailable(PlanFeature.ExtendedSecurityGroups, cloud.Plan, "/securityGroup");
        }

        firstName = (firstName ?? string.Empty).Trim();
        lastName = (lastName ?? string.Empty).Trim();
        if (firstName.Length is 0 or > Employee.NameMaxLength)
        {
            throw DomainException.Invalid("/firstName", "firstName is required and may have at most 100 characters.");
        }

        if (lastName.Length is 0 or > Employee.NameMaxLength)
        {
            throw DomainException.Invalid("/lastName", "lastName is required and may have at most 100 characters.");
        }

        if (SeatShortage(cloud.Plan, await CountActiveAsync(ct), group == SecurityGroup.GuestRights ? 0 : 1, 1) is { } shortage)
        {
            throw DomainException.Invalid("/securityGroup", shortage);
        }

        // Batch routes add many users in one transaction of their own.
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var account = await accounts.FindOrCreateAsync(email, password, ct);
            if (await db.Employees.AnyAsync(e => e.AccountId == account.Id, ct))
            {
                throw DomainException.Conflict(ErrorCodes.AlreadyAUser, $"{account.Email} is already a user of this cloud.");
            }

            var employee = new Employee
            {
                AccountId = account.Id,
                Account = account,
                FirstName = firstName,
                LastName = lastName,
                SecurityGroup = group,
                Salutation = details.Salutation,
                Street = details.Street,
                ZipCode = details.ZipCode,
                City = details.City,
                EmployeeNumber = await db.NextEmployeeNumberAsync(cloudId, ct),
                CreatedAt = time.GetUtcNow().UtcDateTime,
            };
            db.Employees.Add(employee);
            audit.Record(cloudId, actor, AuditActions.UserCreated, "user", employee.Id, newValue: $"{account.Email} ({group})");
            await db.SaveChangesAsync(ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return employee;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Which of <paramref name="accountIds"/> are users of another cloud than the caller's too (an admin here may not make a
    /// reset link for a login other clouds rely on).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> InOtherCloudsAsync(Caller caller, IReadOnlyCollection<Guid> accountIds, CancellationToken ct) =>
        await db.Employees.IgnoreQueryFilters([PlanwerkDb.TenantFilter])
            .Where(e => accountIds.Contains(e.AccountId) && e.CloudId != caller.CloudId).Select(e => e.AccountId).Distinct().ToListAsync(ct);

    /// <summary>The active user of the cloud with this e-mail address.</summary>
    public async Task<Employee> FindByEmailAsync(Guid cloudId, string email, CancellationToken ct)
    {
        db.UseCloud(cloudId);
        var normalized = email.Trim().ToUpperInvariant();
        return await db.Employees.Include(e => e.Account)
            .FirstOrDefaultAsync(e => e.Account!.NormalizedEmail == normalized, ct)
            ?? throw DomainException.NotFound($"No user with e-mail \"{email}\" in this cloud.");
    }

    /// <summary>The people a form offers as officer or executor: the cloud's active users, by name.</summary>
    public async Task<IReadOnlyList<Person>> PickableAsync(Caller caller, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().Where(e => e.CloudId == caller.CloudId && e.IsActive && !e.Anonymized)
            .Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
        .Select(e => new Person(e.Id, $"{e.FirstName} {e.LastName}".Trim()))
        .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    /// <summary>
    /// The names of every user of the cloud, deactivated ones too, for the pages to say who did what (an author, an
    /// executor); a guest sees them as well, as the API shows them the ids.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> NamesAsync(Caller caller, CancellationToken ct) =>
        (await db.Employees.AsNoTracking().Where(e => e.CloudId == caller.CloudId).Select(e => new { e.Id, e.FirstName, e.LastName }).ToListAsync(ct))
        .ToDictionary(e => e.Id, e => $"{e.FirstName} {e.LastName}".Trim());

    /// <summary>The users the caller can see: everyone, or, for a guest, only themselves.</summary>
    public IQueryable<Employee> Visible(Caller caller) =>
        (caller.IsGuest ? db.Employees.Where(e => e.Id == caller.EmployeeId) : db.Employees).Include(e => e.Account);

    public async Task<Employee> GetAsync(Caller caller, Guid id, CancellationToken ct) =>
        await Visible(caller).FirstOrDefaultAsync(e => e.Id == id, ct) ?? throw DomainException.NotFound("User", id);

    public async Task<Employee> CreateAsync(Caller caller, UserInput input, IInputErrors errors, CancellationToken ct) =>
        (await CreateManyAsync(caller, [(input, errors)], ct))[0];

    /// <summary>Adds all or none (factro's atomic batch); only admins add users.</summary>
    public async Task<IReadOnlyList<Employee>> CreateManyAsync(Caller caller, IReadOnlyList<(UserInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (input, _) in items)
        {
            CheckPlan(caller, input);
        }

        Rights.Require(caller, Right.ManageUsers, "add users");
        foreach (var (input, errors) in items)
        {
            foreach (var (name, present) in new[]
            {
                ("emailAddress", input.EmailAddress.Value is not null), ("firstName", input.FirstName.Value is not null),
                ("lastName", input.LastName.Value is not null), ("securityGroup", input.SecurityGroup.Value is not null),
            })
            {
                if (!present)
                {
                    errors.Invalid(name, "required", $"{name} is required.");
                }
            }

            if (input.EmailAddress.Value is { } email && !AccountService.IsEmail(email.Trim()))
            {
                errors.Invalid("emailAddress", "invalid", $"\"{email}\" is not a valid e-mail address.");
            }

            Validate(input, errors);
        }

        var paid = items.Count(i => i.Input.SecurityGroup.Value is { } g && g != SecurityGroup.GuestRights);
        if (SeatShortage(caller.Plan, await CountActiveAsync(ct), paid, items.Count) is { } shortage)
        {
            items[0].Errors.Invalid("securityGroup", "seat_limit_reached", shortage);
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var added = new List<Employee>();
        foreach (var (input, _) in items)
        {
            var details = new UserDetails(input.Salutation.Value ?? Salutation.None, Blank(input.Street.Value), Blank(input.ZipCode.Value), Blank(input.City.Value));
            added.Add(await AddAsync(caller.CloudId, input.EmailAddress.Value!, input.FirstName.Value!, input.LastName.Value!,
                input.SecurityGroup.Value!.Value, details, null, caller.Actor, ct));
        }

        await transaction.CommitAsync(ct);
        return added;
    }

    public async Task<Employee> UpdateAsync(Caller caller, Guid id, UserInput input, IInputErrors errors, CancellationToken ct) =>
        (await UpdateManyAsync(caller, [(id, input, errors)], ct))[0];

    /// <summary>
    /// Changes all or none (factro's atomic batch). A change of security group and a (de)activation are
    /// audited; the cloud owner cannot be demoted or deactivated. Tokens act with the new rights from
    /// the next request on (governance rule 5), as token authentication reads the user every time.
    /// </summary>
    public async Task<IReadOnlyList<Employee>> UpdateManyAsync(Caller caller, IReadOnlyList<(Guid Id, UserInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        foreach (var (_, input, _) in items)
        {
            CheckPlan(caller, input);
        }

        var users = new List<Employee>();
        foreach (var (id, _, _) in items)
        {
            users.Add(await GetAsync(caller, id, ct));
        }

        Rights.Require(caller, Right.ManageUsers, "change users");
        var ownerAccountId = await OwnerAccountIdAsync(caller, ct);
        for (var i = 0; i < items.Count; i++)
        {
            var (user, input) = (users[i], items[i].Input);
            if (user.AccountId == ownerAccountId
                && (input.SecurityGroup is { HasValue: true, Value: not SecurityGroup.AllRights } || input.IsActive is { HasValue: true, Value: false }))
            {
                throw DomainException.Forbidden("The owner of the cloud cannot be demoted or deactivated.");
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var (user, input, errors) = (users[i], items[i].Input, items[i].Errors);
            foreach (var (name, cleared) in new[]
            {
                ("firstName", input.FirstName is { HasValue: true, Value: null }), ("lastName", input.LastName is { HasValue: true, Value: null }),
                ("securityGroup", input.SecurityGroup is { HasValue: true, Value: null }), ("isActive", input.IsActive is { HasValue: true, Value: null }),
            })
            {
                if (cleared)
                {
                    errors.Invalid(name, "required", $"{name} must not be null.");
                }
            }

            if (input.EmailAddress is { HasValue: true, Value: var email }
                && !string.Equals(email?.Trim(), user.Account?.Email, StringComparison.OrdinalIgnoreCase))
            {
                errors.Invalid("emailAddress", "read_only", "emailAddress belongs to the user's account and cannot be changed here.");
            }

            Validate(input, errors);
        }

        // Seats after the change: count what would be active, per kind.
        var (activePaid, activeAll) = await CountActiveAsync(ct);
        var paidDelta = 0;
        var allDelta = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var (user, input) = (users[i], items[i].Input);
            var wasPaid = user.IsActive && user.SecurityGroup != SecurityGroup.GuestRights;
            var willBeActive = input.IsActive.Value ?? user.IsActive;
            var willBePaid = willBeActive && (input.SecurityGroup.Value ?? user.SecurityGroup) != SecurityGroup.GuestRights;
            paidDelta += (willBePaid ? 1 : 0) - (wasPaid ? 1 : 0);
            allDelta += (willBeActive ? 1 : 0) - (user.IsActive ? 1 : 0);
        }

        if ((paidDelta > 0 || allDelta > 0) && SeatShortage(caller.Plan, (activePaid, activeAll), Math.Max(paidDelta, 0), Math.Max(allDelta, 0)) is { } shortage)
        {
            items[0].Errors.Invalid(paidDelta > 0 ? "securityGroup" : "isActive", "seat_limit_reached", shortage);
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        for (var i = 0; i < items.Count; i++)
        {
            Apply(caller, users[i], items[i].Input);
        }

        await db.SaveChangesAsync(ct);
        return users;
    }

    /// <summary>Removes a user from the cloud by deactivating it (the row stays for its work records and history); returns it.</summary>
    public async Task<Employee> DeactivateAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var user = await GetAsync(caller, id, ct);
        Rights.Require(caller, Right.ManageUsers, "remove users");
        if (user.AccountId == await OwnerAccountIdAsync(caller, ct))
        {
            throw DomainException.Forbidden("The owner of the cloud cannot be removed.");
        }

        if (user.IsActive)
        {
            user.IsActive = false;
            audit.Record(caller.CloudId, caller.Actor, AuditActions.UserRemoved, "user", user.Id, oldValue: "active", newValue: "inactive");
            await db.SaveChangesAsync(ct);
        }

        return user;
    }

    /// <summary>The cloud's seats and how many are taken. Guests may not read it.</summary>
    public async Task<UserQuota> QuotaAsync(Caller caller, CancellationToken ct)
    {
        Rights.Require(caller, Right.ReadSeats, "read the user quota");
        var counts = await db.Employees.GroupBy(e => new { Guest = e.SecurityGroup == SecurityGroup.GuestRights, e.IsActive })
            .Select(g => new { g.Key.Guest, g.Key.IsActive, Count = g.Count() }).ToListAsync(ct);
        int Count(bool guest, bool active) => counts.Where(c => c.Guest == guest && c.IsActive == active).Sum(c => c.Count);
        var limits = caller.Plan.Seats(seats.Value);
        var (activePaid, inactivePaid, activeGuests, inactiveGuests) = (Count(false, true), Count(false, false), Count(true, true), Count(true, false));
        return new UserQuota(limits.MaxPaidUsers, activePaid, Math.Max(0, limits.MaxPaidUsers - activePaid), inactivePaid, activePaid + inactivePaid,
            activeGuests, inactiveGuests, activeGuests + inactiveGuests, limits.MaxUsers, activePaid + activeGuests,
            inactivePaid + inactiveGuests, activePaid + inactivePaid + activeGuests + inactiveGuests);
    }

    /// <summary>Governance rule 4: a security group the plan lacks is refused before anything else.</summary>
    private static void CheckPlan(Caller caller, UserInput input)
    {
        if (input.SecurityGroup is { HasValue: true, Value: { } group } && !caller.Plan.Allows(group))
        {
            throw PlanGate.Unavailable(PlanFeature.ExtendedSecurityGroups, caller.Plan, "/securityGroup");
        }
    }

    private static void Validate(UserInput input, IInputErrors errors)
    {
        // Stored trimmed, so judged trimmed.
        errors.MaxLengths(("emailAddress", input.EmailAddress.Value?.Trim(), Employee.EmailMaxLength),
            ("firstName", input.FirstName.Value?.Trim(), Employee.NameMaxLength), ("lastName", input.LastName.Value?.Trim(), Employee.NameMaxLength),
            ("street", input.Street.Value?.Trim(), Employee.StreetMaxLength), ("zipCode", input.ZipCode.Value?.Trim(), Employee.ZipCodeMaxLength),
            ("city", input.City.Value?.Trim(), Employee.CityMaxLength));
        foreach (var (name, value) in new[] { ("firstName", input.FirstName), ("lastName", input.LastName) })
        {
            if (value.Value is { } text && string.IsNullOrWhiteSpace(text))
            {
                errors.Invalid(name, "required", $"{name} must not be empty.");
            }
        }
    }

    private void Apply(Caller caller, Employee user, UserInput input)
    {
        if (input.FirstName is { HasValue: true, Value: { } first }) user.FirstName = first.Trim();
        if (input.LastName is { HasValue: true, Value: { } last }) user.LastName = last.Trim();
        if (input.Salutation.HasValue) user.Salutation = input.Salutation.Value ?? Salutation.None;
        if (input.Street.HasValue) user.Street = Blank(input.Street.Value);
        if (input.ZipCode.HasValue) user.ZipCode = Blank(input.ZipCode.Value);
        if (input.City.HasValue) user.City = Blank(input.City.Value);
        if (input.SecurityGroup is { HasValue: true, Value: { } group } && group != user.SecurityGroup)
        {
            audit.Record(caller.CloudId, caller.Actor, AuditActions.SecurityGroupChanged, "user", user.Id, user.SecurityGroup.ToString(), group.ToString());
            user.SecurityGroup = group;
        }

        if (input.IsActive is { HasValue: true, Value: { } active } && active != user.IsActive)
        {
            audit.Record(caller.CloudId, caller.Actor, active ? AuditActions.UserReactivated : AuditActions.UserRemoved, "user", user.Id,
                user.IsActive ? "active" : "inactive", active ? "active" : "inactive");
            user.IsActive = active;
        }
    }

    private async Task<Guid> OwnerAccountIdAsync(Caller caller, CancellationToken ct) =>
        await db.Clouds.Where(c => c.Id == caller.CloudId).Select(c => c.OwnerAccountId).SingleAsync(ct);

    private async Task<(int Paid, int All)> CountActiveAsync(CancellationToken ct)
    {
        var paid = await db.Employees.CountAsync(e => e.IsActive && e.SecurityGroup != SecurityGroup.GuestRights, ct);
        var all = await db.Employees.CountAsync(e => e.IsActive, ct);
        return (paid, all);
    }

    /// <summary>Why <paramref name="addPaid"/> more paid users and <paramref name="addAll"/> more users do not fit, or null if they do.</summary>
    private string? SeatShortage(Plan plan, (int Paid, int All) active, int addPaid, int addAll)
    {
        var limits = plan.Seats(seats.Value);
        return active.Paid + addPaid > limits.MaxPaidUsers
            ? $"The {plan.ToWire()} plan has {limits.MaxPaidUsers} paid user seats and {active.Paid} are taken."
            : active.All + addAll > limits.MaxUsers
                ? $"The {plan.ToWire()} plan allows {limits.MaxUsers} active users and there are {active.All}."
                : null;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
