using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>One item's outcome in a per-item batch: its index, its own status, and the item or the problem.</summary>
public sealed record BatchItemResult(int Index, int Status, object? Item, ProblemDetails? Error);

/// <summary>
/// Batch routes that are not atomic (tasks and companies, CORE-API.md) answer 200 with one result per
/// item in request order; an item that fails changes nothing and does not stop the others.
/// </summary>
public static class PerItemBatch
{
    public static async Task<List<BatchItemResult>> RunAsync(HttpContext http, IReadOnlyList<JsonBody> items, int successStatus,
        Func<JsonBody, Task<object>> each)
    {
        var db = http.RequestServices.GetRequiredService<PlanwerkDb>();
        var results = new List<BatchItemResult>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                results.Add(new BatchItemResult(i, successStatus, await each(items[i]), null));
            }
            catch (DomainException e)
            {
                // Whatever the failed item left in the unit of work must not ride along with the next one.
                db.ChangeTracker.Clear();
                var problem = DomainExceptionHandler.FromDomain(e);
                problem.Extensions["code"] = e.Code;
                problem.Extensions["message"] = e.Message;
                results.Add(new BatchItemResult(i, e.Status, null, problem));
            }
        }

        return results;
    }
}
