using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>
/// Thin doors (issue 13): no Razor page and no endpoint handler takes <see cref="PlanwerkDb"/>; what they do goes
/// through the capability's service, so a rule (visibility, rights, the owner's switches) has one place. The doors come
/// from the app's own endpoint list, so a new page or route is checked by itself.
/// </summary>
public sealed class ThinDoorsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public void NoPageModel_TakesTheContext()
    {
        var pages = Endpoints().Select(e => e.Metadata.GetMetadata<CompiledPageActionDescriptor>()?.ModelTypeInfo?.AsType())
            .OfType<Type>().Distinct().ToList();

        Assert.True(pages.Count >= 20, $"only {pages.Count} page models found");
        Assert.Empty(pages.SelectMany(ContextUses));
    }

    [Fact]
    public void NoEndpointHandler_TakesTheContext()
    {
        var handlers = Endpoints().Where(e => e.Metadata.GetMetadata<CompiledPageActionDescriptor>() is null)
            .Select(e => (Route: e.RoutePattern.RawText ?? "", Method: e.Metadata.GetMetadata<MethodInfo>()))
            .Where(h => h.Method is not null).ToList();

        Assert.True(handlers.Count >= 150, $"only {handlers.Count} endpoint handlers found");
        Assert.Empty(handlers.Where(h => h.Method!.GetParameters().Any(p => IsContext(p.ParameterType)))
            .Select(h => $"{h.Route} ({h.Method!.DeclaringType?.Name}.{h.Method.Name})"));
    }

    /// <summary>The check itself finds a page that takes the context, also through its base class.</summary>
    [Fact]
    public void TheCheck_FindsAPageThatTakesTheContext()
    {
        Assert.NotEmpty(ContextUses(typeof(PageWithContext)));
        Assert.NotEmpty(ContextUses(typeof(PageDerivedFromOneWithContext)));
        Assert.Empty(ContextUses(typeof(PageWithoutContext)));
    }

    private List<RouteEndpoint> Endpoints() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

    /// <summary>Constructor parameters and fields (primary-constructor captures included) of the type and its bases.</summary>
    private static IEnumerable<string> ContextUses(Type page)
    {
        for (var type = page; type is not null && type != typeof(PageModel); type = type.BaseType)
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var constructor in type.GetConstructors(all).Where(c => c.GetParameters().Any(p => IsContext(p.ParameterType))))
            {
                yield return $"{page.Name}: constructor of {type.Name}";
            }

            foreach (var field in type.GetFields(all).Where(f => IsContext(f.FieldType)))
            {
                yield return $"{page.Name}: field {field.Name} of {type.Name}";
            }
        }
    }

    private static bool IsContext(Type type) => typeof(PlanwerkDb).IsAssignableFrom(type);

    private sealed class PageWithContext(PlanwerkDb db) : PageModel
    {
        public Guid Cloud => db.CurrentCloudId;
    }

    private class BaseWithContext(PlanwerkDb db) : PageModel
    {
        protected PlanwerkDb Db => db;
    }

    private sealed class PageDerivedFromOneWithContext(PlanwerkDb db) : BaseWithContext(db);

    private sealed class PageWithoutContext : PageModel;
}
