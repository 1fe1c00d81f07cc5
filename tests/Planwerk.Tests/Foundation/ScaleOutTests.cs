using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Foundation;

/// <summary>Instances that share a database share everything they need: nothing lives only in one process's memory.</summary>
public abstract class ScaleOutTests(PlanwerkApp app) : ProviderTest(app)
{
    [Fact]
    public async Task WhatOneInstanceProtects_AnotherInstanceOnTheSameDatabaseCanRead()
    {
        await using var database = await TestDatabase.CreateAsync(App.Provider);
        await using var first = new PlanwerkApp(App.Provider, database);
        await first.InitializeAsync();
        await using var second = new PlanwerkApp(App.Provider, database);
        await second.InitializeAsync();

        var protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookies").Protect("session of Ann");

        Assert.Equal("session of Ann", second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookies").Unprotect(protectedText));
    }

    [Fact]
    public async Task ATokenRevokedOnOneInstance_IsRefusedByAnotherOnItsNextRequest()
    {
        await using var database = await TestDatabase.CreateAsync(App.Provider);
        await using var first = new PlanwerkApp(App.Provider, database);
        await first.InitializeAsync();
        await using var second = new PlanwerkApp(App.Provider, database);
        await second.InitializeAsync();
        var cloud = await first.CreateCloudAsync();
        var (client, _) = await first.ApiClientAsync(cloud);
        var onSecond = second.ApiClient(client.DefaultRequestHeaders.GetValues("Authorization").Single());
        await (await onSecond.GetAsync("projects", Ct)).AssertStatusAsync(System.Net.HttpStatusCode.OK);

        var mine = await (await client.GetAsync("me/tokens", Ct)).AssertJsonAsync(System.Net.HttpStatusCode.OK);
        await (await client.DeleteAsync($"me/tokens/{mine[0].Id()}", Ct)).AssertStatusAsync(System.Net.HttpStatusCode.OK);

        await (await onSecond.GetAsync("projects", Ct)).AssertProblemAsync(System.Net.HttpStatusCode.Unauthorized, "invalid_token");
    }
}

public sealed class ScaleOutTestsOnSqlite(SqliteApp app) : ScaleOutTests(app), IClassFixture<SqliteApp>;

public sealed class ScaleOutTestsOnPostgres(PostgresApp app) : ScaleOutTests(app), IClassFixture<PostgresApp>;
