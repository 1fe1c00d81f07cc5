using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Tests.Infrastructure;

/// <summary>One method + route pattern of the Core API, as the application itself lists it.</summary>
public sealed record CoreRoute(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The pattern with every parameter filled by <paramref name="value"/> (given the parameter's name and the segment before it).</summary>
    public string Fill(Func<string, string, string> value)
    {
        var segments = Pattern.Trim('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                var name = segments[i].Trim('{', '}').Split(':')[0];
                segments[i] = value(name, i > 0 ? segments[i - 1] : string.Empty);
            }
        }

        return "/" + string.Join('/', segments);
    }
}

public static class CoreApiRoutes
{
    /// <summary>Every token-authenticated route, from the app's endpoint data source (so a new route is covered by itself).</summary>
    public static IReadOnlyList<CoreRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CoreApiMarker>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new CoreRoute(m, "/" + e.RoutePattern.RawText!.Trim('/'))))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
}
