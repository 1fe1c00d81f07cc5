using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.BrowserTests;

/// <summary>Everyday work in the browser, and the webhooks and plan rules it meets, against a real server.</summary>
public sealed class WorkflowTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AWebhookMadeInTheUi_GetsTheSignedDeliveryOfATaskMadeInTheUi_AndItCanBeRedelivered()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        await using var receiver = await WebhookReceiver.StartAsync();
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Hooks");

        await page.GotoAsync("/settings/integrations/webhooks");
        await page.ClickAsync("#new-webhook");
        await page.GetByLabel("Callback URL").FillAsync(receiver.Url + "/planwerk");
        await page.GetByLabel("TaskCreated").CheckAsync();
        await Expect(page.GetByLabel("WorkRecordCreated")).ToHaveCountAsync(0); // basic plan: no time tracking actions
        await BrowserApp.ScreenshotAsync(page, "webhook-new");
        await page.ClickAsync("#save-webhook");
        await page.WaitForURLAsync("**/settings/integrations/webhooks/*-*");
        var webhookPage = page.Url;
        await page.ClickAsync("#reveal-secret");
        var secret = await page.InputValueAsync("#webhook-secret");
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);

        var projectUrl = await CreateProjectAndTaskAsync(page, "Launch", "Write the press release");
        await receiver.WaitForAsync(1);

        var delivery = Assert.Single(receiver.Requests);
        Assert.Equal("/planwerk", delivery.Path);
        var timestamp = long.Parse(delivery.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);
        Assert.True(StandardWebhooksVerifier.Verify(secret, delivery.Headers["webhook-id"], timestamp, delivery.Body, delivery.Headers["webhook-signature"],
            DateTimeOffset.UtcNow.ToUnixTimeSeconds()), "the signature does not verify");
        var payload = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("TaskCreated", payload.GetProperty("action").GetString());
        Assert.Equal(page.Url.Split('/')[^1], payload.GetProperty("context").GetProperty("entityId").GetString());

        await page.GotoAsync(webhookPage);
        var rows = page.Locator("#deliveries tbody tr");
        // The receiver has the request; the outcome is recorded just after it answered, so the log may still say
        // "delivering" when the page is rendered: reload until it says what happened ("succeeded", the API's word).
        await BrowserApp.ReloadUntilAsync(page, rows, "succeeded");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("TaskCreated");
        await Expect(rows.First).ToContainTextAsync("succeeded");
        await Expect(rows.First).ToContainTextAsync("HTTP 200");
        await BrowserApp.ScreenshotAsync(page, "webhook-delivery-log");

        await rows.First.GetByRole(AriaRole.Button, new() { Name = "Redeliver" }).ClickAsync();
        await receiver.WaitForAsync(2);
        Assert.Equal(delivery.Headers["webhook-id"], receiver.Requests[1].Headers["webhook-id"]); // the same event, so receivers can de-duplicate
        // The redeliver form redirects back to this page; the new delivery row exists before that redirect, so the page
        // it lands on lists both. (A reload here raced with that navigation once deliveries got faster.)
        await Expect(rows).ToHaveCountAsync(2);

        await page.GotoAsync(projectUrl);
        await Expect(page.Locator("#project-tree")).ToContainTextAsync("Write the press release");
        await BrowserApp.ScreenshotAsync(page, "project-tree");
    }

    [Fact]
    public async Task ABasicCloud_ShowsNoOfficerAndNoTimeBooking_AProfessionalOneShowsBoth()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        var page = await app.NewPersonAsync(timezone: "Europe/Berlin");
        await People.SignUpAsync(page, "Plans");

        await page.GotoAsync("/projects/new");
        await Expect(page.Locator("#project-title")).ToBeVisibleAsync();
        await Expect(page.Locator("#officer")).ToHaveCountAsync(0);
        await Expect(page.Locator("#project-draft")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "project-new-basic");
        await CreateProjectAndTaskAsync(page, "Basic project", "A task");
        await Expect(page.Locator("#book-time")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Work records" })).ToHaveCountAsync(0);
        var taskUrl = page.Url;
        Assert.NotEqual(200, (await page.GotoAsync("/work-records"))!.Status);

        await page.GotoAsync("/settings/plan");
        await page.Locator("#plan-select").SelectOptionAsync("professional");
        await page.ClickAsync("#change-plan");
        await Expect(page.Locator("#current-plan")).ToHaveTextAsync("Professional");

        await page.GotoAsync("/projects/new");
        await Expect(page.Locator("#officer")).ToBeVisibleAsync();
        await page.GotoAsync(taskUrl);
        await page.Locator("#booking-minutes").FillAsync("45");
        await page.Locator("#booking-description").FillAsync("Kick-off call");
        await page.ClickAsync("#book-time");
        await Expect(page.Locator("#task-work-records")).ToContainTextAsync("Kick-off call");
        await BrowserApp.ScreenshotAsync(page, "task-professional");

        var token = await People.CreateTokenAsync(page, "time");
        using var api = app.ApiClient(token);
        var records = await api.GetAsync("work-records", Ct);
        Assert.Equal(HttpStatusCode.OK, records.StatusCode);
        var record = Assert.Single(JsonDocument.Parse(await records.Content.ReadAsStringAsync(Ct)).RootElement.EnumerateArray());
        Assert.Equal(45, record.GetProperty("minutesWorked").GetInt32());
        Assert.Equal(60, record.GetProperty("utcOffset").GetInt32()); // the booker's time zone (Berlin in December), sent by the browser

        await page.GotoAsync("/work-records");
        await Expect(page.Locator("main")).ToContainTextAsync("Kick-off call");
        await BrowserApp.ScreenshotAsync(page, "work-records");
        await page.GotoAsync("/settings/audit");
        await Expect(page.Locator("#audit")).ToContainTextAsync("cloud.plan_changed");
        await BrowserApp.ScreenshotAsync(page, "audit");
        await page.GotoAsync("/settings/plan");
        await BrowserApp.ScreenshotAsync(page, "plan");
    }

    [Fact]
    public async Task TheOwnersWebhookSwitch_CancelsWhatIsPending_AndBlocksManagementUntilItIsOnAgain()
    {
        Assert.SkipUnless(BrowserApp.Available, BrowserApp.SkipReason);
        await using var receiver = await WebhookReceiver.StartAsync();
        var page = await app.NewPersonAsync();
        await People.SignUpAsync(page, "Switch");
        await page.GotoAsync("/settings/integrations/webhooks/new");
        await page.GetByLabel("Callback URL").FillAsync(receiver.Url);
        await page.GetByLabel("All actions").CheckAsync();
        await page.ClickAsync("#save-webhook");
        await page.WaitForURLAsync("**/settings/integrations/webhooks/*-*");

        await page.GotoAsync("/settings/integrations/webhooks");
        await page.ClickAsync("#webhooks-switch-button");
        await Expect(page.Locator("#webhooks-status")).ToHaveTextAsync("Off");
        await Expect(page.Locator("#new-webhook")).ToHaveCountAsync(0);
        await BrowserApp.ScreenshotAsync(page, "webhooks-off");
        Assert.Equal(403, (await page.GotoAsync("/settings/integrations/webhooks/new"))!.Status);

        await CreateProjectAndTaskAsync(page, "Quiet", "Nobody hears this");
        await page.GotoAsync("/settings/integrations/webhooks");
        await page.ClickAsync("#webhooks-switch-button");
        await Expect(page.Locator("#webhooks-status")).ToHaveTextAsync("On");
        await CreateProjectAndTaskAsync(page, "Loud", "Everybody hears this");
        await receiver.WaitForAsync(2); // ProjectCreated and TaskCreated of the second project only
        Assert.Equal(["ProjectCreated", "TaskCreated"], receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("action").GetString()).Order());
    }

    /// <summary>Creates a project and a task in it through the forms; returns the project's URL (the page is left on the task).</summary>
    private static async Task<string> CreateProjectAndTaskAsync(IPage page, string project, string task)
    {
        await page.GotoAsync("/projects");
        await page.ClickAsync("#new-project");
        await page.Locator("#project-title").FillAsync(project);
        await page.ClickAsync("#save-project");
        await page.WaitForURLAsync("**/projects/*-*");
        var projectUrl = page.Url;
        await page.ClickAsync("#new-task");
        await page.Locator("#task-title").FillAsync(task);
        await page.ClickAsync("#create-task");
        await page.WaitForURLAsync("**/tasks/*-*");
        return projectUrl;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
