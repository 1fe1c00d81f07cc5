using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;
using Planwerk.Tags;

namespace Planwerk.Companies;

/// <summary>A company as factro returns it, with the ids of its contact persons.</summary>
public sealed record CompanyDto(Guid Id, string Name, string? ShortName, string? Description, string? CompanyNumber, string? CustomerId,
    string? EmailAddress, string? Phone, string? Website, string? Street, string? ZipCode, string? City, IReadOnlyList<Guid> ContactIds, Guid MandantId)
{
    public static CompanyDto From(CompanyRow row) => new(row.Company.Id, row.Company.Name, row.Company.ShortName, row.Company.Description,
        row.Company.CompanyNumber, row.Company.CustomerId, row.Company.EmailAddress, row.Company.Phone, row.Company.Website, row.Company.Street,
        row.Company.ZipCode, row.Company.City, row.ContactIds, row.Company.CloudId);
}

/// <summary>A contact person as factro returns it.</summary>
public sealed record ContactDto(Guid Id, string FirstName, string LastName, Salutation Salutation, Guid? CompanyId, string? Description,
    string? City, string? EmailAddress, string? Phone, string? MobilePhone, string? Street, string? ZipCode, Guid MandantId)
{
    public static ContactDto From(Contact c) => new(c.Id, c.FirstName, c.LastName, c.Salutation, c.CompanyId, c.Description, c.City,
        c.EmailAddress, c.Phone, c.MobilePhone, c.Street, c.ZipCode, c.CloudId);
}

/// <summary>factro's CRM: <c>/api/core/companies…</c> (per-item batches) and <c>/api/core/contacts…</c> (atomic batches).</summary>
public static class CompaniesApi
{
    public const int BatchLimit = 500;

    public static void MapCompanies(this RouteGroupBuilder api)
    {
        var companies = api.MapGroup("/companies").WithTags("Companies").Require(Right.ReadCrm, "see companies");
        companies.MapGet("/", ListCompanies).WithName("ListCompanies").WithSummary("The cloud's companies");
        companies.MapPost("/", CreateCompany).Require(Right.EditCrm, "create companies").WithMetadata(new RequestBodyDoc(typeof(CompanyInput), Name: "CompanyWrite")).WithName("CreateCompany").WithSummary("Create a company");
        companies.MapPost("/companies", CreateCompanies).Require(Right.EditCrm, "create companies").WithMetadata(new RequestBodyDoc(typeof(CompanyInput), IsArray: true, Name: "CompanyWrite")).WithName("CreateCompanies").WithSummary("Create many companies; one result per item");
        companies.MapPut("/companies", UpdateCompanies).Require(Right.EditCrm, "change companies").WithMetadata(new RequestBodyDoc(typeof(CompanyInput), IsArray: true, Name: "CompanyWrite")).WithName("UpdateCompanies").WithSummary("Change many companies, each item with its id; one result per item");
        companies.MapTagList(TagKind.Company, Right.EditCrm);

        var company = companies.MapGroup("/{id:guid}");
        company.MapGet("/", GetCompany).WithName("GetCompany").WithSummary("One company");
        company.MapPut("/", UpdateCompany).Require(Right.EditCrm, "change companies").WithMetadata(new RequestBodyDoc(typeof(CompanyInput), Name: "CompanyWrite")).WithName("UpdateCompany").WithSummary("Change a company (only the fields sent)");
        company.MapDelete("/", DeleteCompany).Require(Right.EditCrm, "delete companies").WithName("DeleteCompany").WithSummary("Delete a company (its contacts stay, unlinked); returns it");
        company.MapTagging(TagKind.Company, Right.EditCrm);
    }

    public static void MapContacts(this RouteGroupBuilder api)
    {
        var contacts = api.MapGroup("/contacts").WithTags("Contacts").Require(Right.ReadCrm, "see contacts");
        contacts.MapGet("/", ListContacts).WithName("ListContacts").WithSummary("The cloud's contact persons");
        contacts.MapPost("/", CreateContact).Require(Right.EditCrm, "create contacts").WithMetadata(new RequestBodyDoc(typeof(ContactInput), Name: "ContactWrite")).WithName("CreateContact").WithSummary("Create a contact person");
        contacts.MapPost("/contacts", CreateContacts).Require(Right.EditCrm, "create contacts").WithMetadata(new RequestBodyDoc(typeof(ContactInput), IsArray: true, Name: "ContactWrite")).WithName("CreateContacts").WithSummary("Create many contact persons (all or none)");
        contacts.MapPut("/contacts", UpdateContacts).Require(Right.EditCrm, "change contacts").WithMetadata(new RequestBodyDoc(typeof(ContactInput), IsArray: true, Name: "ContactWrite")).WithName("UpdateContacts").WithSummary("Change many contact persons, each item with its id (all or none)");

        var contact = contacts.MapGroup("/{id:guid}");
        contact.MapGet("/", GetContact).WithName("GetContact").WithSummary("One contact person");
        contact.MapPut("/", UpdateContact).Require(Right.EditCrm, "change contacts").WithMetadata(new RequestBodyDoc(typeof(ContactInput), Name: "ContactWrite")).WithName("UpdateContact").WithSummary("Change a contact person (only the fields sent)");
        contact.MapDelete("/", DeleteContact).Require(Right.EditCrm, "delete contacts").WithName("DeleteContact").WithSummary("Delete a contact person; returns it");
    }

    private static Task<Listed<CompanyDto>> ListCompanies(HttpContext http, CompanyService crm, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, crm.Companies(http.Caller()), r => CompanyDto.From(r), limit, cursor, ct);

    private static async Task<Ok<CompanyDto>> GetCompany(Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
        TypedResults.Ok(CompanyDto.From(await crm.GetCompanyAsync(http.Caller(), id, ct)));

    private static async Task<Created<CompanyDto>> CreateCompany(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var company = await crm.CreateCompanyAsync(http.Caller(), ReadCompany(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/companies/{company.Id}", CompanyDto.From(company));
    }

    private static async Task<Ok<List<BatchItemResult<CompanyDto>>>> CreateCompanies(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        return TypedResults.Ok(await PerItemBatch.RunAsync(http, items, StatusCodes.Status201Created,
            async item => CompanyDto.From(await crm.CreateCompanyAsync(http.Caller(), ReadCompany(item), item, ct))));
    }

    private static async Task<Ok<CompanyDto>> UpdateCompany(Guid id, JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(CompanyDto.From(await crm.UpdateCompanyAsync(http.Caller(), id, ReadCompany(input), input, ct)));
    }

    private static async Task<Ok<List<BatchItemResult<CompanyDto>>>> UpdateCompanies(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        return TypedResults.Ok(await PerItemBatch.RunAsync(http, items, StatusCodes.Status200OK, async item =>
        {
            var id = item.Guid("id", required: true);
            var input = ReadCompany(item);
            item.ThrowIfInvalid();
            return CompanyDto.From(await crm.UpdateCompanyAsync(http.Caller(), id.Value!.Value, input, item, ct));
        }));
    }

    private static async Task<Ok<CompanyDto>> DeleteCompany(Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
        TypedResults.Ok(CompanyDto.From(await crm.DeleteCompanyAsync(http.Caller(), id, ct)));

    private static Task<Listed<ContactDto>> ListContacts(HttpContext http, CompanyService crm, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, crm.Contacts(http.Caller()), c => ContactDto.From(c), limit, cursor, ct);

    private static async Task<Ok<ContactDto>> GetContact(Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
        TypedResults.Ok(ContactDto.From(await crm.GetContactAsync(http.Caller(), id, ct)));

    private static async Task<Created<ContactDto>> CreateContact(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var contact = await crm.CreateContactAsync(http.Caller(), ReadContact(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/contacts/{contact.Id}", ContactDto.From(contact));
    }

    private static async Task<Created<List<ContactDto>>> CreateContacts(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await crm.CreateContactsAsync(http.Caller(), items.Select(i => (ReadContact(i), (IInputErrors)i)).ToList(), ct);
        return TypedResults.Created($"{CoreApi.BasePath}/contacts", created.Select(ContactDto.From).ToList());
    }

    private static async Task<Ok<ContactDto>> UpdateContact(Guid id, JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(ContactDto.From(await crm.UpdateContactAsync(http.Caller(), id, ReadContact(input), input, ct)));
    }

    private static async Task<Ok<List<ContactDto>>> UpdateContacts(JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: ReadContact(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await crm.UpdateContactsAsync(http.Caller(), changes.Select(c => (c.Id.Value!.Value, c.Input, (IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(ContactDto.From).ToList());
    }

    private static async Task<Ok<ContactDto>> DeleteContact(Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
        TypedResults.Ok(ContactDto.From(await crm.DeleteContactAsync(http.Caller(), id, ct)));

    internal static CompanyInput ReadCompany(JsonBody body) => new()
    {
        Name = body.String("name"),
        ShortName = body.String("shortName"),
        Description = body.String("description"),
        CompanyNumber = body.String("companyNumber"),
        CustomerId = body.String("customerId"),
        EmailAddress = body.String("emailAddress"),
        Phone = body.String("phone"),
        Website = body.String("website"),
        Street = body.String("street"),
        ZipCode = body.String("zipCode"),
        City = body.String("city"),
    };

    internal static ContactInput ReadContact(JsonBody body) => new()
    {
        FirstName = body.String("firstName"),
        LastName = body.String("lastName"),
        Salutation = body.Enum("salutation", WireNames.Salutations),
        CompanyId = body.Guid("companyId"),
        Description = body.String("description"),
        City = body.String("city"),
        EmailAddress = body.String("emailAddress"),
        Phone = body.String("phone"),
        MobilePhone = body.String("mobilePhone"),
        Street = body.String("street"),
        ZipCode = body.String("zipCode"),
    };
}
