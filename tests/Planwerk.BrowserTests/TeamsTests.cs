using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Planwerk.BrowserTests;

/// <summary>The teams page in Chromium: what an owner does with a team, from creating it to deleting it.</summary>
public sealed class TeamsTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task AnOwner_CreatesATeam_AddsAndRemovesAMember_RenamesIt_AndDeletesItAfterConfirming()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Crew");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Teams", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/teams");
        await Expect(page.Locator("#no-teams")).ToBeVisibleAsync();

        var team = await People.CreateTeamAsync(page, "Night shift", "Green", "Olga Owner");
        await Expect(team.Locator("li[data-member]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Olga Owner"));
        await Expect(team.Locator(".team-color")).ToHaveTextAsync("Green");
        await BrowserApp.ScreenshotAsync(page, "teams");

        await team.GetByRole(AriaRole.Button, new() { Name = "Remove Olga Owner from the team" }).ClickAsync();
        await Expect(page.Locator("li[data-member]")).ToHaveCountAsync(0);

        await page.GetByText("Rename, colour, deactivate").ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).Last.FillAsync("Day shift");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Day shift" })).ToBeVisibleAsync();

        await page.GetByText("Rename, colour, deactivate").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete team" }).ClickAsync(); // the confirm() is accepted
        await Expect(page.Locator(".flash")).ToContainTextAsync("Team \"Day shift\" deleted.");
        await Expect(page.Locator("#no-teams")).ToBeVisibleAsync();
    }
}
