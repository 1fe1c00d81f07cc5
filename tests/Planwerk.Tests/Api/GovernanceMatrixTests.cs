using Planwerk.Access;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Audit;
using Planwerk.Clouds;
using Planwerk.Employees;
using Planwerk.Infrastructure.Data;
using Planwerk.Tests.Infrastructure;
using Planwerk.Tokens;

namespace Planwerk.Tests.Api;

/// <summary>
/// The owner's switch, the plan and the security groups, for every Core API route (taken from the
/// app's own endpoint list) × every kind of token × switch × plan × group. The expectations come
/// from <see cref="RightsTable"/>, written from CORE-API.md, not from the app's metadata.
/// </summary>
public abstract partial class GovernanceMatrixTests(PlanwerkApp app) : ProviderTest(app)
{
    private static readonly Plan[] Plans = [Plan.Basic, Plan.Professional];
    private static readonly string[] Audiences = ["all", "members", "planners", "admins", "owner"];
    private static readonly HashSet<string> GovernanceCodes = ["invalid_token", "api_access_disabled", "plan_feature_unavailable", "forbidden", "rate_limited"];

    /// <summary>Who may use a route at all (route-level rights, CORE-API.md "Rights (v1)"); finer rules live in the services.</summary>
    public static (string Who, Plan? MinPlan) RightsTable(CoreRoute route)
    {
        var p = route.Pattern;
        var read = route.Method == "GET";
        if (p.StartsWith("/api/core/work-records", StringComparison.Ordinal))
        {
            return ("members", Plan.Professional); // time tracking: professional only (PRODUCT.md)
        }

        if (Regex.IsMatch(p, "/(team_)?(read|write)_rights(/|$)"))
        {
            // Per-object rights: team plan and up; everyone but guests reads who holds them, planners grant (docs/api.md).
            return (read ? "members" : "planners", Plan.Team);
        }

        if (Regex.IsMatch(p, "/comments(/|$)") || p.StartsWith("/api/core/me/", StringComparison.Ordinal))
        {
            return ("all", null); // everyone may comment on what they see, and manage their own tokens
        }

        if (p.StartsWith("/api/core/tokens", StringComparison.Ordinal))
        {
            return ("owner", null);
        }

        if (p.StartsWith("/api/core/webhook", StringComparison.Ordinal))
        {
            return ("admins", null); // AllRights users manage webhooks (their own; the owner all)
        }

        if (p.StartsWith("/api/core/audit-log", StringComparison.Ordinal))
        {
            return ("admins", null);
        }

        if (Regex.IsMatch(p, "^/api/core/users/\\{id\\}/(substitutes|substituted)"))
        {
            return ("members", null); // everyone but guests sees substitutes and chooses their own (docs/api.md)
        }

        if (p.StartsWith("/api/core/appointments", StringComparison.Ordinal) || Regex.IsMatch(p, "^/api/core/users/(\\{id\\}/)?absences"))
        {
            return (read ? "all" : "members", null); // guests read their own; everyone else keeps their own (docs/api.md)
        }

        if (p == "/api/core/users/quota")
        {
            return ("members", null);
        }

        if (p.StartsWith("/api/core/users", StringComparison.Ordinal))
        {
            return (read ? "all" : "admins", null);
        }

        if (p.StartsWith("/api/core/companies", StringComparison.Ordinal) || p.StartsWith("/api/core/contacts", StringComparison.Ordinal))
        {
            return (read ? "members" : "planners", null);
        }

        if (p.StartsWith("/api/core/teams", StringComparison.Ordinal))
        {
            return (read ? "members" : "admins", null); // everyone but guests reads teams; AllRights users manage them (docs/api.md)
        }

        if (read)
        {
            return ("all", null);
        }

        if (p.StartsWith("/api/core/tasks", StringComparison.Ordinal))
        {
            // A guest may set the state of, and tick the checklist of, tasks they execute (checked per task).
            return p.EndsWith("/state", StringComparison.Ordinal) || (route.Method == "PUT" && p.Contains("/checklist/", StringComparison.Ordinal))
                ? ("all", null)
                : ("members", null);
        }

        return ("planners", null); // projects, packages, their tags and CRM links
    }

    [Fact]
    public void EveryRoute_IsKnownToTheRightsTable_AndTheRouteListIsNotEmpty()
    {
        var routes = CoreApiRoutes.All(App.Services);
        Assert.True(routes.Count >= 30, $"only {routes.Count} routes found");
        Assert.All(routes, r => Assert.Contains(RightsTable(r).Who, Audiences));
    }

    [Fact]
    public async Task EveryRoute_WithAMissingMalformedUnknownExpiredOrRevokedToken_Answers401InvalidToken()
    {
        var cloud = await App.CreateCloudAsync();
        var owner = cloud.OwnerId;
        var valid = await App.CreateTokenAsync(cloud, owner);
        var expiring = await App.CreateTokenAsync(cloud, owner, App.Time.GetUtcNow().UtcDateTime.AddMinutes(1));
        var revoked = await App.CreateTokenAsync(cloud, owner);
        await RevokeAsync(cloud, revoked);
        App.Time.Advance(TimeSpan.FromMinutes(2));
        var tokens = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["bad checksum"] = valid[..^1] + (valid[^1] == 'a' ? 'b' : 'a'),
            ["not a token"] = "Bearer hello",
            ["unknown"] = ApiTokenFormat.Generate(),
            ["expired"] = expiring,
            ["revoked"] = revoked,
        };
        var failures = new List<string>();

        foreach (var route in CoreApiRoutes.All(App.Services))
        {
            foreach (var (kind, token) in tokens)
            {
                using var response = await SendAsync(token, route);
                var (status, code) = await ReadAsync(response);
                // RFC 6750 §3.1: no credentials → the scheme only; bad credentials → error="invalid_token".
                var challenge = response.Headers.WwwAuthenticate.ToString();
                var challengeRight = token is null ? challenge == "Bearer" : challenge == "Bearer error=\"invalid_token\"";
                if (status != 401 || code != "invalid_token" || !challengeRight)
                {
                    failures.Add($"{route} with {kind} token: {status} {code}, WWW-Authenticate: {challenge}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryRoute_WhenTheOwnerSwitchedApiAccessOff_Answers403ApiAccessDisabled_ForEveryPlanAndGroup()
    {
        var failures = new List<string>();
        foreach (var plan in Plans)
        {
            var (cloud, users) = await CloudWithEveryGroupAsync(plan);
            await App.SetSwitchAsync(cloud, api: false);
            foreach (var route in CoreApiRoutes.All(App.Services))
            {
                foreach (var (group, token) in users)
                {
                    using var response = await SendAsync(token, route);
                    var (status, code) = await ReadAsync(response);
                    if (status != 403 || code != "api_access_disabled")
                    {
                        failures.Add($"{route} as {group} on {plan}: {status} {code}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryRoute_WhenApiAccessIsOn_AnswersWhatThePlanAndTheSecurityGroupAllow()
    {
        var failures = new List<string>();
        foreach (var plan in Plans)
        {
            var (cloud, users) = await CloudWithEveryGroupAsync(plan);
            foreach (var route in CoreApiRoutes.All(App.Services))
            {
                var (who, minPlan) = RightsTable(route);
                foreach (var (group, token) in users)
                {
                    using var response = await SendAsync(token, route);
                    var (status, code) = await ReadAsync(response);
                    var expected = minPlan is { } min && plan < min ? (403, "plan_feature_unavailable")
                        : !Allowed(who, group) ? (403, "forbidden")
                        : ((int, string)?)null;
                    if (expected is { } e && (status, code) != e)
                    {
                        failures.Add($"{route} as {group} on {plan}: expected {e.Item1} {e.Item2}, got {status} {code}");
                    }
                    else if (expected is null && (status >= 500 || status == 401 || (code is not null && GovernanceCodes.Contains(code) && !(code == "forbidden" && IsEntityLevel(route)))))
                    {
                        failures.Add($"{route} as {group} on {plan}: expected the route to be open, got {status} {code}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    /// <summary>Routes whose finer, per-entity rules may still say 403 after the route-level check (e.g. a comment of someone else).</summary>
    private static bool IsEntityLevel(CoreRoute route) => route.Method == "DELETE" && route.Pattern.Contains("/comments/", StringComparison.Ordinal);

    private static bool Allowed(string who, SecurityGroup group) => who switch
    {
        "all" => true,
        "members" => group != SecurityGroup.GuestRights,
        "planners" => group is SecurityGroup.AllRights or SecurityGroup.AdvancedRights,
        "admins" or "owner" => group == SecurityGroup.AllRights, // the AllRights user of the matrix is the owner
        _ => false,
    };

    /// <summary>A cloud whose users cover all four groups (on basic, two of them are written past the plan check, as a downgrade could leave them).</summary>
    private async Task<(TestCloud Cloud, Dictionary<SecurityGroup, string> Tokens)> CloudWithEveryGroupAsync(Plan plan)
    {
        var cloud = await App.CreateCloudAsync(plan);
        var tokens = new Dictionary<SecurityGroup, string> { [SecurityGroup.AllRights] = await App.CreateTokenAsync(cloud, cloud.OwnerId) };
        foreach (var group in new[] { SecurityGroup.AdvancedRights, SecurityGroup.BasicRights, SecurityGroup.GuestRights })
        {
            Guid employeeId;
            if (plan.Allows(group))
            {
                employeeId = (await App.CreateUserAsync(cloud, group)).Id;
            }
            else
            {
                var allowed = await App.CreateUserAsync(cloud, SecurityGroup.GuestRights);
                employeeId = allowed.Id;
                await App.InCloudAsync(cloud.Id, async db =>
                {
                    var employee = await db.Employees.FindAsync([employeeId], Ct);
                    employee!.SecurityGroup = group;
                    return await db.SaveChangesAsync(Ct);
                });
            }

            tokens[group] = await App.CreateTokenAsync(cloud, employeeId);
        }

        return (cloud, tokens);
    }

    private async Task RevokeAsync(TestCloud cloud, string token)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<PlanwerkDb>();
        db.UseCloud(cloud.Id);
        var hash = ApiTokenFormat.Hash(token);
        var id = db.ApiTokens.Single(t => t.SecretHash == hash).Id;
        await scope.ServiceProvider.GetRequiredService<TokenService>().RevokeAsync(Caller.System(cloud.Id, cloud.Plan), id, TokenScope.Cloud, Ct);
    }

    private async Task<HttpResponseMessage> SendAsync(string? token, CoreRoute route)
    {
        using var client = App.CreateClient();
        var url = route.Fill((name, _) => name == "startDate" ? "2026-01-01" : name == "actionType" ? "TaskCreated" : Guid.CreateVersion7().ToString());
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", token);
        }

        if (route.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<(int Status, string? Code)> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : "(no code)";
        }
        else if ((int)response.StatusCode >= 400)
        {
            code = $"(not problem+json: {response.Content.Headers.ContentType})";
        }

        return ((int)response.StatusCode, code);
    }
}

public sealed class GovernanceMatrixTestsOnSqlite(SqliteApp app) : GovernanceMatrixTests(app), IClassFixture<SqliteApp>;

public sealed class GovernanceMatrixTestsOnPostgres(PostgresApp app) : GovernanceMatrixTests(app), IClassFixture<PostgresApp>;
