using Microsoft.EntityFrameworkCore;
using Planwerk.Accounts;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Companies;

/// <summary>A company. On POST <c>name</c> is required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>CompanyWrite</c>).</remarks>
public sealed record CompanyInput
{
    public Optional<string?> Name { get; init; }
    public Optional<string?> ShortName { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<string?> CompanyNumber { get; init; }
    public Optional<string?> CustomerId { get; init; }
    public Optional<string?> EmailAddress { get; init; }
    public Optional<string?> Phone { get; init; }
    public Optional<string?> Website { get; init; }
    public Optional<string?> Street { get; init; }
    public Optional<string?> ZipCode { get; init; }
    public Optional<string?> City { get; init; }
}

/// <summary>A contact person. On POST <c>firstName</c> and <c>lastName</c> are required.</summary>
/// <remarks>The fields a client may set; absent fields are left alone (the Core API's <c>ContactWrite</c>).</remarks>
public sealed record ContactInput
{
    public Optional<string?> FirstName { get; init; }
    public Optional<string?> LastName { get; init; }
    public Optional<Salutation?> Salutation { get; init; }
    /// <summary>The company the person works for.</summary>
    public Optional<Guid?> CompanyId { get; init; }
    public Optional<string?> Description { get; init; }
    public Optional<string?> City { get; init; }
    public Optional<string?> EmailAddress { get; init; }
    public Optional<string?> Phone { get; init; }
    public Optional<string?> MobilePhone { get; init; }
    public Optional<string?> Street { get; init; }
    public Optional<string?> ZipCode { get; init; }
}

/// <summary>A company with the ids of its contact persons, as lists read it in one query.</summary>
public sealed class CompanyRow : IEntity
{
    public Guid Id { get; init; }
    public required Company Company { get; init; }
    public required List<Guid> ContactIds { get; init; }
}

/// <summary>
/// The rules for companies and contact persons (the CRM). Everyone but guests reads them; planners
/// (AllRights, AdvancedRights) write them.
/// </summary>
public sealed class CompanyService(PlanwerkDb db, TimeProvider time)
{
    /// <summary>The cloud's companies, each with its contact ids.</summary>
    public IQueryable<CompanyRow> Companies(Caller caller)
    {
        Rights.Require(caller, Right.ReadCrm, "read companies");
        return db.Companies.Select(c => new CompanyRow
        {
            Id = c.Id,
            Company = c,
            ContactIds = db.Contacts.Where(x => x.CompanyId == c.Id).OrderBy(x => x.Id).Select(x => x.Id).ToList(),
        });
    }

    public async Task<CompanyRow> GetCompanyAsync(Caller caller, Guid id, CancellationToken ct) =>
        await Companies(caller).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Company", id);

    public async Task<CompanyRow> CreateCompanyAsync(Caller caller, CompanyInput input, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.EditCrm, "create companies");
        if (input.Name.Value is null)
        {
            errors.Invalid("name", "required", "name is required.");
        }

        Validate(input, errors);
        errors.ThrowIfInvalid();
        var company = new Company { Name = string.Empty, CreatedAt = time.GetUtcNow().UtcDateTime };
        Apply(company, input);
        db.Companies.Add(company);
        await db.SaveChangesAsync(ct);
        return new CompanyRow { Id = company.Id, Company = company, ContactIds = [] };
    }

    public async Task<CompanyRow> UpdateCompanyAsync(Caller caller, Guid id, CompanyInput input, IInputErrors errors, CancellationToken ct)
    {
        Rights.Require(caller, Right.ReadCrm, "read companies");
        var company = await db.Companies.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Company", id);
        Rights.Require(caller, Right.EditCrm, "change companies");
        if (input.Name is { HasValue: true, Value: null })
        {
            errors.Invalid("name", "required", "name must not be null.");
        }

        Validate(input, errors);
        errors.ThrowIfInvalid();
        Apply(company, input);
        await db.SaveChangesAsync(ct);
        return await GetCompanyAsync(caller, id, ct);
    }

    /// <summary>Deletes a company; its contacts stay (unlinked) and projects, packages and tasks forget it. Returns it as it was.</summary>
    public async Task<CompanyRow> DeleteCompanyAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var row = await GetCompanyAsync(caller, id, ct);
        Rights.Require(caller, Right.EditCrm, "delete companies");
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Contacts.Where(c => c.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CompanyId, (Guid?)null), ct);
        await db.Projects.Where(p => p.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CompanyId, (Guid?)null).SetProperty(p => p.ChangeDate, now), ct);
        await db.Packages.Where(p => p.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CompanyId, (Guid?)null).SetProperty(p => p.ChangeDate, now), ct);
        await db.Tasks.Where(t => t.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CompanyId, (Guid?)null).SetProperty(t => t.ChangeDate, now), ct);
        await db.TagAssignments.Where(a => a.EntityId == id).ExecuteDeleteAsync(ct);
        await db.Companies.Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        return row;
    }

    public IQueryable<Contact> Contacts(Caller caller)
    {
        Rights.Require(caller, Right.ReadCrm, "read contacts");
        return db.Contacts;
    }

    public async Task<Contact> GetContactAsync(Caller caller, Guid id, CancellationToken ct) =>
        await Contacts(caller).FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw DomainException.NotFound("Contact", id);

    public async Task<Contact> CreateContactAsync(Caller caller, ContactInput input, IInputErrors errors, CancellationToken ct) =>
        (await CreateContactsAsync(caller, [(input, errors)], ct))[0];

    /// <summary>Creates all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Contact>> CreateContactsAsync(Caller caller, IReadOnlyList<(ContactInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        Rights.Require(caller, Right.EditCrm, "create contacts");
        foreach (var (input, errors) in items)
        {
            foreach (var (name, present) in new[] { ("firstName", input.FirstName.Value is not null), ("lastName", input.LastName.Value is not null) })
            {
                if (!present)
                {
                    errors.Invalid(name, "required", $"{name} is required.");
                }
            }

            await ValidateAsync(input, errors, ct);
        }

        foreach (var (_, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var contacts = items.Select(i =>
        {
            var contact = new Contact { FirstName = string.Empty, LastName = string.Empty, CreatedAt = now };
            Apply(contact, i.Input);
            return contact;
        }).ToList();
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync(ct);
        return contacts;
    }

    public async Task<Contact> UpdateContactAsync(Caller caller, Guid id, ContactInput input, IInputErrors errors, CancellationToken ct) =>
        (await UpdateContactsAsync(caller, [(id, input, errors)], ct))[0];

    /// <summary>Changes all or none (factro's atomic batch).</summary>
    public async Task<IReadOnlyList<Contact>> UpdateContactsAsync(Caller caller, IReadOnlyList<(Guid Id, ContactInput Input, IInputErrors Errors)> items, CancellationToken ct)
    {
        var contacts = new List<Contact>();
        foreach (var (id, _, _) in items)
        {
            contacts.Add(await GetContactAsync(caller, id, ct));
        }

        Rights.Require(caller, Right.EditCrm, "change contacts");
        foreach (var (_, input, errors) in items)
        {
            foreach (var (name, cleared) in new[]
            {
                ("firstName", input.FirstName is { HasValue: true, Value: null }), ("lastName", input.LastName is { HasValue: true, Value: null }),
            })
            {
                if (cleared)
                {
                    errors.Invalid(name, "required", $"{name} must not be null.");
                }
            }

            await ValidateAsync(input, errors, ct);
        }

        foreach (var (_, _, errors) in items)
        {
            errors.ThrowIfInvalid();
        }

        for (var i = 0; i < items.Count; i++)
        {
            Apply(contacts[i], items[i].Input);
        }

        await db.SaveChangesAsync(ct);
        return contacts;
    }

    /// <summary>Deletes a contact person; projects, packages and tasks forget it. Returns it.</summary>
    public async Task<Contact> DeleteContactAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var contact = await GetContactAsync(caller, id, ct);
        Rights.Require(caller, Right.EditCrm, "delete contacts");
        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Projects.Where(p => p.CompanyContactId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CompanyContactId, (Guid?)null).SetProperty(p => p.ChangeDate, now), ct);
        await db.Packages.Where(p => p.CompanyContactId == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.CompanyContactId, (Guid?)null).SetProperty(p => p.ChangeDate, now), ct);
        await db.Tasks.Where(t => t.CompanyContactId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.CompanyContactId, (Guid?)null).SetProperty(t => t.ChangeDate, now), ct);
        db.Contacts.Remove(contact);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return contact;
    }

    /// <summary>
    /// Links a company (<paramref name="companyId"/>) to a project, package or task the caller may change, or unlinks it
    /// (null). The company must be one of the cloud's (422 <c>not_found</c> at <c>/companyId</c> otherwise).
    /// </summary>
    public async Task<T> LinkCompanyAsync<T>(T item, Guid? companyId, IInputErrors errors, CancellationToken ct)
        where T : class, ICrmLinked
    {
        if (companyId is { } id && !await db.Companies.AnyAsync(c => c.Id == id, ct))
        {
            errors.Invalid("companyId", "not_found", $"No company with id \"{id}\" in this cloud.");
        }

        errors.ThrowIfInvalid();
        item.CompanyId = companyId;
        item.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return item;
    }

    /// <summary>Links a contact person to a project, package or task, or unlinks it (null); see <see cref="LinkCompanyAsync"/>.</summary>
    public async Task<T> LinkContactAsync<T>(T item, Guid? contactId, IInputErrors errors, CancellationToken ct)
        where T : class, ICrmLinked
    {
        if (contactId is { } id && !await db.Contacts.AnyAsync(c => c.Id == id, ct))
        {
            errors.Invalid("contactId", "not_found", $"No contact with id \"{id}\" in this cloud.");
        }

        errors.ThrowIfInvalid();
        item.CompanyContactId = contactId;
        item.ChangeDate = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        return item;
    }

    private static void Validate(CompanyInput input, IInputErrors errors)
    {
        if (input.Name.Value is { } name && string.IsNullOrWhiteSpace(name))
        {
            errors.Invalid("name", "required", "name must not be empty.");
        }

        errors.MaxLengths(("name", input.Name.Value?.Trim(), Company.NameMaxLength), ("shortName", input.ShortName.Value?.Trim(), Company.FieldMaxLength),
            ("description", input.Description.Value?.Trim(), Company.DescriptionMaxLength), ("companyNumber", input.CompanyNumber.Value?.Trim(), Company.FieldMaxLength),
            ("customerId", input.CustomerId.Value?.Trim(), Company.FieldMaxLength), ("emailAddress", input.EmailAddress.Value?.Trim(), Company.FieldMaxLength),
            ("phone", input.Phone.Value?.Trim(), Company.FieldMaxLength), ("website", input.Website.Value?.Trim(), Company.FieldMaxLength), ("street", input.Street.Value?.Trim(), Company.FieldMaxLength),
            ("zipCode", input.ZipCode.Value?.Trim(), Company.FieldMaxLength), ("city", input.City.Value?.Trim(), Company.FieldMaxLength));
        CheckEmail(errors, input.EmailAddress);
    }

    private async Task ValidateAsync(ContactInput input, IInputErrors errors, CancellationToken ct)
    {
        foreach (var (name, value) in new[] { ("firstName", input.FirstName), ("lastName", input.LastName) })
        {
            if (value.Value is { } text && string.IsNullOrWhiteSpace(text))
            {
                errors.Invalid(name, "required", $"{name} must not be empty.");
            }
        }

        errors.MaxLengths(("firstName", input.FirstName.Value?.Trim(), Contact.NameMaxLength), ("lastName", input.LastName.Value?.Trim(), Contact.NameMaxLength),
            ("description", input.Description.Value?.Trim(), Contact.DescriptionMaxLength), ("city", input.City.Value?.Trim(), Contact.FieldMaxLength),
            ("emailAddress", input.EmailAddress.Value?.Trim(), Contact.FieldMaxLength), ("phone", input.Phone.Value?.Trim(), Contact.FieldMaxLength),
            ("mobilePhone", input.MobilePhone.Value?.Trim(), Contact.FieldMaxLength), ("street", input.Street.Value?.Trim(), Contact.FieldMaxLength), ("zipCode", input.ZipCode.Value?.Trim(), Contact.FieldMaxLength));
        CheckEmail(errors, input.EmailAddress);
        if (input.CompanyId is { HasValue: true, Value: { } companyId } && !await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            errors.Invalid("companyId", "not_found", $"No company with id \"{companyId}\" in this cloud.");
        }
    }

    private static void CheckEmail(IInputErrors errors, Optional<string?> email)
    {
        if (email.Value is { } address && !string.IsNullOrWhiteSpace(address) && !AccountService.IsEmail(address.Trim()))
        {
            errors.Invalid("emailAddress", "invalid", $"\"{address}\" is not a valid e-mail address.");
        }
    }

    private static void Apply(Company company, CompanyInput input)
    {
        if (input.Name is { HasValue: true, Value: { } name }) company.Name = name.Trim();
        if (input.ShortName.HasValue) company.ShortName = Blank(input.ShortName.Value);
        if (input.Description.HasValue) company.Description = input.Description.Value;
        if (input.CompanyNumber.HasValue) company.CompanyNumber = Blank(input.CompanyNumber.Value);
        if (input.CustomerId.HasValue) company.CustomerId = Blank(input.CustomerId.Value);
        if (input.EmailAddress.HasValue) company.EmailAddress = Blank(input.EmailAddress.Value);
        if (input.Phone.HasValue) company.Phone = Blank(input.Phone.Value);
        if (input.Website.HasValue) company.Website = Blank(input.Website.Value);
        if (input.Street.HasValue) company.Street = Blank(input.Street.Value);
        if (input.ZipCode.HasValue) company.ZipCode = Blank(input.ZipCode.Value);
        if (input.City.HasValue) company.City = Blank(input.City.Value);
    }

    private static void Apply(Contact contact, ContactInput input)
    {
        if (input.FirstName is { HasValue: true, Value: { } first }) contact.FirstName = first.Trim();
        if (input.LastName is { HasValue: true, Value: { } last }) contact.LastName = last.Trim();
        if (input.Salutation.HasValue) contact.Salutation = input.Salutation.Value ?? Salutation.None;
        if (input.CompanyId.HasValue) contact.CompanyId = input.CompanyId.Value;
        if (input.Description.HasValue) contact.Description = input.Description.Value;
        if (input.City.HasValue) contact.City = Blank(input.City.Value);
        if (input.EmailAddress.HasValue) contact.EmailAddress = Blank(input.EmailAddress.Value);
        if (input.Phone.HasValue) contact.Phone = Blank(input.Phone.Value);
        if (input.MobilePhone.HasValue) contact.MobilePhone = Blank(input.MobilePhone.Value);
        if (input.Street.HasValue) contact.Street = Blank(input.Street.Value);
        if (input.ZipCode.HasValue) contact.ZipCode = Blank(input.ZipCode.Value);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
