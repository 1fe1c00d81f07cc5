using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Tests.Infrastructure;

/// <summary>
/// One method + route pattern of the Core API, as the application itself lists it. <see cref="Pattern"/> is written
/// without route constraints (<c>{id}</c>, as the docs and the OpenAPI document spell it); <see cref="GuidParameters"/>
/// names the parameters the route constrains to UUIDs.
/// </summary>
public sealed partial record CoreRoute(string Method, string Pattern, string GuidParameters = "")
{
    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The parameters constrained to UUIDs (<c>{id:guid}</c>), in path order.</summary>
    public IReadOnlyList<string> GuidParameterNames => GuidParameters.Length == 0 ? [] : GuidParameters.Split(',');

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

    /// <summary>A route's raw pattern as the app lists it, e.g. <c>/api/core/projects/{id:guid}/tags</c>.</summary>
    public static CoreRoute From(string method, string rawPattern)
    {
        var raw = "/" + rawPattern.Trim('/');
        var guids = Constraint().Matches(raw).Where(m => m.Groups[2].Value == "guid").Select(m => m.Groups[1].Value);
        return new CoreRoute(method, Constraint().Replace(raw, "{$1}"), string.Join(',', guids));
    }

    [GeneratedRegex(@"\{(\w+):([^}]+)\}")]
    private static partial Regex Constraint();
}

public static class CoreApiRoutes
{
    /// <summary>Every token-authenticated route, from the app's endpoint data source (so a new route is covered by itself).</summary>
    public static IReadOnlyList<CoreRoute> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<CoreApiMarker>() is not null)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => CoreRoute.From(m, e.RoutePattern.RawText!)))
            .Distinct()
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ToList();
}
