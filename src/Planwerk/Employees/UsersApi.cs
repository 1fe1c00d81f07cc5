using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Errors;
using Planwerk.Tags;

namespace Planwerk.Employees;

/// <summary>A user as factro returns it; <c>securityGroup</c> keeps factro's PascalCase, <c>emailAddress</c> comes from the account.</summary>
public sealed record UserDto(Guid Id, string FirstName, string LastName, string? EmailAddress, string SecurityGroup, bool IsActive,
    bool Anonymized, int EmployeeNumber, Guid AccountId, Salutation Salutation, string? Street, string? ZipCode, string? City, Guid MandantId)
{
    public static UserDto From(Employee e) => new(e.Id, e.FirstName, e.LastName, e.Account?.Email, e.SecurityGroup.ToString(), e.IsActive,
        e.Anonymized, e.EmployeeNumber, e.AccountId, e.Salutation, e.Street, e.ZipCode, e.City, e.CloudId);
}

/// <summary>factro's users (the employees of the cloud): <c>/api/core/users…</c>.</summary>
public static class UsersApi
{
    public const int BatchLimit = 200;

    /// <summary>Who changes users (<see cref="Right.ManageUsers"/>) also changes the cloud's user tags and tags users.</summary>
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Users");
        const string AlreadyAUser = "The e-mail address is already a user of this cloud. Code: already_a_user.";
        users.MapGet("/", List).WithName("ListUsers").WithSummary("The users of the cloud (a guest sees only themselves)");
        users.MapPost("/", Create).Require(Right.ManageUsers, "add users").WithMetadata(new RequestBodyDoc(typeof(UserInput), Name: "UserWrite")).DocumentsError(StatusCodes.Status409Conflict, AlreadyAUser).WithName("CreateUser").WithSummary("Add a user to the cloud");
        users.MapPost("/users", CreateMany).Require(Right.ManageUsers, "add users").WithMetadata(new RequestBodyDoc(typeof(UserInput), IsArray: true, Name: "UserWrite")).DocumentsError(StatusCodes.Status409Conflict, AlreadyAUser).WithName("CreateUsers").WithSummary("Add many users (all or none)");
        users.MapPut("/users", UpdateMany).Require(Right.ManageUsers, "change users").WithMetadata(new RequestBodyDoc(typeof(UserInput), IsArray: true, Name: "UserWrite")).WithName("UpdateUsers").WithSummary("Change many users, each item with its id (all or none)");
        users.MapGet("/quota", Quota).Require(Right.ReadSeats, "see the seat quota").WithName("GetUserQuota").WithSummary("The cloud's user seats and how many are taken");

        users.MapTagList(TagKind.User, Right.ManageUsers);

        var user = users.MapGroup("/{id:guid}");
        user.MapGet("/", Get).WithName("GetUser").WithSummary("One user");
        user.MapPut("/", Update).Require(Right.ManageUsers, "change users").WithMetadata(new RequestBodyDoc(typeof(UserInput), Name: "UserWrite")).WithName("UpdateUser").WithSummary("Change a user (only the fields sent)");
        user.MapDelete("/", Delete).Require(Right.ManageUsers, "remove users").WithName("DeleteUser").WithSummary("Remove a user from the cloud (deactivates it); returns it");
        user.MapTagging(TagKind.User, Right.ManageUsers);
    }

    private static Task<Listed<UserDto>> List(HttpContext http, EmployeeService employees, int? limit, string? cursor, CancellationToken ct) =>
        Listing.ListAsync(http, employees.Visible(http.Caller()), e => UserDto.From(e), limit, cursor, ct);

    private static async Task<Ok<UserDto>> Get(Guid id, HttpContext http, EmployeeService employees, CancellationToken ct) =>
        TypedResults.Ok(UserDto.From(await employees.GetAsync(http.Caller(), id, ct)));

    private static async Task<Ok<UserQuota>> Quota(HttpContext http, EmployeeService employees, CancellationToken ct) =>
        TypedResults.Ok(await employees.QuotaAsync(http.Caller(), ct));

    private static async Task<Created<UserDto>> Create(JsonElement body, HttpContext http, EmployeeService employees, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        var user = await employees.CreateAsync(http.Caller(), Read(input), input, ct);
        return TypedResults.Created($"{CoreApi.BasePath}/users/{user.Id}", UserDto.From(user));
    }

    private static async Task<Created<List<UserDto>>> CreateMany(JsonElement body, HttpContext http, EmployeeService employees, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var created = await employees.CreateManyAsync(http.Caller(), items.Select(i => (Read(i), (IInputErrors)i)).ToList(), ct);
        return TypedResults.Created($"{CoreApi.BasePath}/users", created.Select(UserDto.From).ToList());
    }

    private static async Task<Ok<UserDto>> Update(Guid id, JsonElement body, HttpContext http, EmployeeService employees, CancellationToken ct)
    {
        var input = JsonBody.Of(body);
        return TypedResults.Ok(UserDto.From(await employees.UpdateAsync(http.Caller(), id, Read(input), input, ct)));
    }

    private static async Task<Ok<List<UserDto>>> UpdateMany(JsonElement body, HttpContext http, EmployeeService employees, CancellationToken ct)
    {
        var items = JsonBody.Items(body, BatchLimit);
        var changes = items.Select(i => (Id: i.Guid("id", required: true), Input: Read(i), Errors: i)).ToList();
        foreach (var item in changes)
        {
            item.Errors.ThrowIfInvalid();
        }

        var updated = await employees.UpdateManyAsync(http.Caller(), changes.Select(c => (c.Id.Value!.Value, c.Input, (IInputErrors)c.Errors)).ToList(), ct);
        return TypedResults.Ok(updated.Select(UserDto.From).ToList());
    }

    private static async Task<Ok<UserDto>> Delete(Guid id, HttpContext http, EmployeeService employees, CancellationToken ct) =>
        TypedResults.Ok(UserDto.From(await employees.DeactivateAsync(http.Caller(), id, ct)));

    internal static UserInput Read(JsonBody body) => new()
    {
        EmailAddress = body.String("emailAddress"),
        FirstName = body.String("firstName"),
        LastName = body.String("lastName"),
        SecurityGroup = body.Enum("securityGroup", WireNames.SecurityGroups),
        IsActive = body.Bool("isActive"),
        Salutation = body.Enum("salutation", WireNames.Salutations),
        Street = body.String("street"),
        ZipCode = body.String("zipCode"),
        City = body.String("city"),
    };
}
