using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Companies;

/// <summary>
/// <c>PUT|DELETE {item}/company</c> (<c>{"companyId"}</c>) and <c>PUT|DELETE {item}/contact</c>
/// (<c>{"contactId"}</c>) on projects and tasks; each answers the changed item.
/// </summary>
public static class CrmLinksApi
{
    public static void MapCrmLinks<T, TDto>(this RouteGroupBuilder item, string name, Func<HttpContext, Guid, CancellationToken, Task<T>> load,
        SecurityGroup[] editors, Func<T, TDto> map)
        where T : class, ICrmLinked
    {
        var title = char.ToUpperInvariant(name[0]) + name[1..];
        item.MapPut("/company", (Guid id, JsonElement body, HttpContext http, PlanwerkDb db, TimeProvider time, CancellationToken ct) =>
                LinkAsync(id, body, "companyId", http, db, time, (entity, value) => entity.CompanyId = value,
                    (value, c) => db.Companies.AnyAsync(x => x.Id == value, c), ct))
            .RequireGroups($"change this {name}", editors).WithMetadata(new RequestBodyDoc(typeof(CrmLinkWrite))).WithName($"Set{title}Company").WithSummary($"Link a company to the {name}");
        item.MapDelete("/company", (Guid id, HttpContext http, PlanwerkDb db, TimeProvider time, CancellationToken ct) =>
                UnlinkAsync(id, http, db, time, entity => entity.CompanyId = null, ct))
            .RequireGroups($"change this {name}", editors).WithName($"Remove{title}Company").WithSummary($"Unlink the {name}'s company");
        item.MapPut("/contact", (Guid id, JsonElement body, HttpContext http, PlanwerkDb db, TimeProvider time, CancellationToken ct) =>
                LinkAsync(id, body, "contactId", http, db, time, (entity, value) => entity.CompanyContactId = value,
                    (value, c) => db.Contacts.AnyAsync(x => x.Id == value, c), ct))
            .RequireGroups($"change this {name}", editors).WithMetadata(new RequestBodyDoc(typeof(CrmLinkWrite))).WithName($"Set{title}Contact").WithSummary($"Link a contact person to the {name}");
        item.MapDelete("/contact", (Guid id, HttpContext http, PlanwerkDb db, TimeProvider time, CancellationToken ct) =>
                UnlinkAsync(id, http, db, time, entity => entity.CompanyContactId = null, ct))
            .RequireGroups($"change this {name}", editors).WithName($"Remove{title}Contact").WithSummary($"Unlink the {name}'s contact person");

        async Task<Ok<TDto>> LinkAsync(Guid id, JsonElement body, string field, HttpContext http, PlanwerkDb db, TimeProvider time,
            Action<T, Guid?> set, Func<Guid, CancellationToken, Task<bool>> exists, CancellationToken ct)
        {
            var entity = await load(http, id, ct);
            var input = JsonBody.Of(body);
            var target = input.Guid(field, required: true);
            if (target.Value is { } value && !await exists(value, ct))
            {
                input.Invalid(field, "not_found", $"No {field[..^2]} with id \"{value}\" in this cloud.");
            }

            input.ThrowIfInvalid();
            set(entity, target.Value);
            entity.ChangeDate = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(map(entity));
        }

        async Task<Ok<TDto>> UnlinkAsync(Guid id, HttpContext http, PlanwerkDb db, TimeProvider time, Action<T> clear, CancellationToken ct)
        {
            var entity = await load(http, id, ct);
            clear(entity);
            entity.ChangeDate = time.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(map(entity));
        }
    }
}
