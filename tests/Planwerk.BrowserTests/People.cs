using Microsoft.Playwright;

namespace Planwerk.BrowserTests;

/// <summary>What a person does in the UI, step by step, as a test reads it.</summary>
public static class People
{
    public const string Password = "correct horse battery";

    /// <summary>Signs up with a new account and cloud (basic plan); returns the e-mail used.</summary>
    public static async Task<string> SignUpAsync(IPage page, string cloudName)
    {
        var email = $"{cloudName.ToLowerInvariant()}-{Guid.NewGuid().ToString("N")[..6]}@example.test";
        await page.GotoAsync("/signup");
        await page.GetByLabel("First name").FillAsync("Olga");
        await page.GetByLabel("Last name").FillAsync("Owner");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Name of your cloud").FillAsync(cloudName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/projects");
        return email;
    }

    /// <summary>
    /// Signs up (then professional), makes a project, a task with booked time and a document, a webhook with a test delivery and an API
    /// token, and returns the main pages a signed-in owner has, with those objects' own pages: what the page-by-page
    /// checks (labels, content security policy, phone layout) walk through. Every list page has a row, so a table's
    /// layout is checked with content in it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SignUpWithOneOfEverythingAsync(IPage page, string cloudName)
    {
        await SignUpAsync(page, cloudName);
        await page.GotoAsync("/settings/plan");
        await page.Locator("#plan-select").SelectOptionAsync("professional");
        await page.ClickAsync("#change-plan");
        await page.GotoAsync("/projects/new");
        await page.Locator("#project-title").FillAsync($"{cloudName} project");
        await page.ClickAsync("#save-project");
        await page.WaitForURLAsync("**/projects/*-*");
        var project = page.Url;
        await page.ClickAsync("#new-task");
        await page.Locator("#task-title").FillAsync($"{cloudName} task");
        await page.ClickAsync("#create-task");
        await page.WaitForURLAsync("**/tasks/*-*");
        var task = page.Url;
        await page.Locator("#booking-minutes").FillAsync("30");
        await page.Locator("#booking-description").FillAsync($"{cloudName} kick-off");
        await page.ClickAsync("#book-time");
        await page.Locator("#task-work-records").WaitForAsync();
        await page.Locator("#document-file").SetInputFilesAsync(new FilePayload
        {
            Name = $"{cloudName} minutes.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes("Kick-off minutes"),
        });
        await page.ClickAsync("#upload-document");
        await page.Locator("#document-list").WaitForAsync();
        await page.GotoAsync("/settings/integrations/webhooks/new");
        await page.GetByLabel("Callback URL").FillAsync("http://127.0.0.1:9/hook");
        await page.GetByLabel("TaskCreated").CheckAsync();
        await page.ClickAsync("#save-webhook");
        await page.WaitForURLAsync("**/settings/integrations/webhooks/*-*");
        var webhook = page.Url;
        await page.ClickAsync("#send-test");
        await page.Locator("#deliveries").WaitForAsync();
        await CreateTokenAsync(page, $"{cloudName} walk");
        await CreateTeamAsync(page, $"{cloudName} team", "Blue", "Olga Owner");
        var person = await AddAbsenceAndAppointmentAsync(page, $"{cloudName} review");
        return
        [
            "/projects", "/projects/new", project, project + "/board", project + "/edit", task, task + "/edit", "/work-records",
            "/settings/integrations", "/settings/integrations/api", "/settings/integrations/webhooks", "/settings/integrations/webhooks/new",
            webhook, webhook + "/edit", "/settings/users", "/settings/plan", "/settings/audit", "/account/password", "/teams",
            person,
        ];
    }

    public static async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/projects");
    }

    /// <summary>Creates a team on the teams page with a colour of the palette and one member; returns the team's section.</summary>
    public static async Task<ILocator> CreateTeamAsync(IPage page, string name, string color, string member)
    {
        await page.GotoAsync("/teams");
        await page.Locator("#team-name").FillAsync(name);
        await page.Locator("#team-color").SelectOptionAsync(new SelectOptionValue { Label = color });
        await page.ClickAsync("#create-team");
        var team = page.Locator("section[data-team]").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }) });
        await team.GetByLabel("Add member").SelectOptionAsync(new SelectOptionValue { Label = member });
        await team.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await team.Locator("li[data-member]").WaitForAsync();
        return team;
    }

    /// <summary>Opens the owner's own page from the users page, adds an absence and an appointment there; returns the page's address.</summary>
    public static async Task<string> AddAbsenceAndAppointmentAsync(IPage page, string subject)
    {
        await page.GotoAsync("/settings/users");
        await page.Locator("#users a[href^='/users/']").First.ClickAsync();
        await page.WaitForURLAsync("**/users/*-*");
        var person = new Uri(page.Url).AbsolutePath;
        await page.GetByLabel("First day").FillAsync("2030-01-07");
        await page.GetByLabel("Last day").FillAsync("2030-01-11");
        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "Unplanned" });
        await page.ClickAsync("#add-absence");
        await page.Locator("#absence-list tr[data-absence]").WaitForAsync();
        await page.Locator("#appointment-subject").FillAsync(subject);
        await page.Locator("#appointment-start").FillAsync("2030-01-14T09:00");
        await page.Locator("#appointment-end").FillAsync("2030-01-14T10:30");
        await page.Locator("#appointment-location").FillAsync("Room 4");
        await page.ClickAsync("#create-appointment");
        await page.Locator("#appointment-list tr[data-appointment]").WaitForAsync();
        return person;
    }

    /// <summary>Creates an API token on the Core API page and returns it as shown (once).</summary>
    public static async Task<string> CreateTokenAsync(IPage page, string name)
    {
        await page.GotoAsync("/settings/integrations/api");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Description").FillAsync("made by a browser test");
        await page.ClickAsync("#create-token");
        return await page.InputValueAsync("#token-secret");
    }
}
