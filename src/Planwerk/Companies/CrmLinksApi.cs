using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Companies;

/// <summary>
/// <c>PUT|DELETE {item}/company</c> (<c>{"companyId"}</c>) and <c>PUT|DELETE {item}/contact</c>
/// (<c>{"contactId"}</c>) on projects, packages and tasks; each answers the changed item. The item's own
/// service looks it up (visibility, closed tasks); <see cref="CompanyService"/> links it.
/// </summary>
public static class CrmLinksApi
{
    public static void MapCrmLinks<T, TDto>(this RouteGroupBuilder item, string name, Func<HttpContext, Guid, CancellationToken, Task<T>> load,
        Right editors, Func<T, TDto> map)
        where T : class, ICrmLinked
    {
        var title = char.ToUpperInvariant(name[0]) + name[1..];
        item.MapPut("/company", async Task<Ok<TDto>> (Guid id, JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct) =>
            {
                var entity = await load(http, id, ct);
                var input = JsonBody.Of(body);
                var target = input.Guid("companyId", required: true);
                return TypedResults.Ok(map(await crm.LinkCompanyAsync(entity, target.Value, input, ct)));
            })
            .Require(editors, $"change this {name}").WithMetadata(new RequestBodyDoc(typeof(CrmLinkWrite))).WithName($"Set{title}Company").WithSummary($"Link a company to the {name}");
        item.MapDelete("/company", async Task<Ok<TDto>> (Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
                TypedResults.Ok(map(await crm.LinkCompanyAsync(await load(http, id, ct), null, JsonBody.Empty(), ct))))
            .Require(editors, $"change this {name}").WithName($"Remove{title}Company").WithSummary($"Unlink the {name}'s company");
        item.MapPut("/contact", async Task<Ok<TDto>> (Guid id, JsonElement body, HttpContext http, CompanyService crm, CancellationToken ct) =>
            {
                var entity = await load(http, id, ct);
                var input = JsonBody.Of(body);
                var target = input.Guid("contactId", required: true);
                return TypedResults.Ok(map(await crm.LinkContactAsync(entity, target.Value, input, ct)));
            })
            .Require(editors, $"change this {name}").WithMetadata(new RequestBodyDoc(typeof(CrmLinkWrite))).WithName($"Set{title}Contact").WithSummary($"Link a contact person to the {name}");
        item.MapDelete("/contact", async Task<Ok<TDto>> (Guid id, HttpContext http, CompanyService crm, CancellationToken ct) =>
                TypedResults.Ok(map(await crm.LinkContactAsync(await load(http, id, ct), null, JsonBody.Empty(), ct))))
            .Require(editors, $"change this {name}").WithName($"Remove{title}Contact").WithSummary($"Unlink the {name}'s contact person");
    }
}
