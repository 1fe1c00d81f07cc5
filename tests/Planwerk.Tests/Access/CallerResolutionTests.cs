using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Planwerk.Access;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Api;

namespace Planwerk.Tests.Access;

/// <summary>
/// The caller is resolved once per request (the token handler or the page filter puts it into the request's features)
/// and every later step reads that value: claims alone grant nothing, so no door can re-parse its own version of them.
/// </summary>
public sealed class CallerResolutionTests
{
    private static readonly ClaimsPrincipal AdminClaims = new(new ClaimsIdentity(
    [
        new Claim("planwerk:cloud", Guid.NewGuid().ToString()),
        new Claim("planwerk:employee", Guid.NewGuid().ToString()),
        new Claim("planwerk:group", nameof(SecurityGroup.AllRights)),
        new Claim("planwerk:plan", nameof(Plan.Professional)),
        new Claim("planwerk:owner", "true"),
    ], "test"));

    [Fact]
    public async Task ARightIsJudgedOnTheResolvedCaller_NotOnClaims()
    {
        var requirement = new RightRequirement(Right.ManageUsers, "add users");

        var claimsOnly = new DefaultHttpContext { User = AdminClaims };
        Assert.False(await JudgeAsync(requirement, claimsOnly));

        var guest = new DefaultHttpContext { User = AdminClaims };
        guest.Features.Set(new Caller(Guid.NewGuid(), Guid.NewGuid(), SecurityGroup.GuestRights, Plan.Professional, false, "api"));
        Assert.False(await JudgeAsync(requirement, guest));

        var admin = new DefaultHttpContext { User = AdminClaims };
        admin.Features.Set(new Caller(Guid.NewGuid(), Guid.NewGuid(), SecurityGroup.AllRights, Plan.Professional, false, "api"));
        Assert.True(await JudgeAsync(requirement, admin));
    }

    [Fact]
    public void TheRequestsCaller_IsTheResolvedOne_AndThereIsNoneBeforeResolution()
    {
        var http = new DefaultHttpContext { User = AdminClaims };
        Assert.Throws<InvalidOperationException>(() => http.Caller());

        var caller = new Caller(Guid.NewGuid(), Guid.NewGuid(), SecurityGroup.BasicRights, Plan.Team, false, "ui");
        http.Features.Set(caller);
        Assert.Same(caller, http.Caller());
    }

    [Fact]
    public void TheSystemCaller_HasTheOwnersRights_AndIsAuditedAsTheCommandLine()
    {
        var system = Caller.System(Guid.NewGuid(), Plan.Basic);

        Assert.True(system.IsSystem);
        Assert.True(system.Has(Right.ManageCloud));
        Assert.Equal(Planwerk.Audit.AuditActor.Cli, system.Actor);
        Assert.False(new Caller(system.CloudId, Guid.NewGuid(), SecurityGroup.AllRights, Plan.Basic, true, "cli").IsSystem);
    }

    private static async Task<bool> JudgeAsync(RightRequirement requirement, HttpContext http)
    {
        var context = new AuthorizationHandlerContext([requirement], http.User, http);
        await new RightHandler().HandleAsync(context);
        return context.HasSucceeded;
    }
}
