using Microsoft.AspNetCore.Mvc;
using Planwerk.Infrastructure.Data;
using Planwerk.Infrastructure.Errors;

namespace Planwerk.Infrastructure.Api;

/// <summary>One item's outcome in a per-item batch: its index, its own status, and the item (null when it failed) or the problem (null when it worked).</summary>
public sealed record BatchItemResult<T>(int Index, int Status, T? Item, ProblemDetails? Error)
    where T : class;

/// <summary>
/// Batch routes that are not atomic (tasks and companies, CORE-API.md) answer 200 with one result per
/// item in request order; an item that fails changes nothing and does not stop the others.
/// </summary>
public static class PerItemBatch
{
    public static async Task<List<BatchItemResult<T>>> RunAsync<T>(HttpContext http, IReadOnlyList<JsonBody> items, int successStatus,
        Func<JsonBody, Task<T>> each)
        where T : class
    {
        var db = http.RequestServices.GetRequiredService<PlanwerkDb>();
        var results = new List<BatchItemResult<T>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                results.Add(new BatchItemResult<T>(i, successStatus, await each(items[i]), null));
            }
            catch (DomainException e)
            {
                // Whatever the failed item left in the unit of work must not ride along with the next one.
                db.ChangeTracker.Clear();
                var problem = DomainExceptionHandler.FromDomain(e);
                // The same shape as a whole request's problem (ProblemDetailsSetup): type, code, message, requestId.
                problem.Type = $"urn:planwerk:error:{e.Code}";
                problem.Extensions["code"] = e.Code;
                problem.Extensions["message"] = e.Message;
                problem.Extensions["requestId"] = http.TraceIdentifier;
                results.Add(new BatchItemResult<T>(i, problem.Status!.Value, null, problem));
            }
        }

        return results;
    }
}
