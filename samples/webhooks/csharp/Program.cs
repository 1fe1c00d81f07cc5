// A Planwerk webhook receiver: ASP.NET Core and the StandardWebhooks NuGet package (docs/webhooks.md).
// PLANWERK_WEBHOOK_SECRET="whsec_…" PORT=5000 dotnet run
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

// The current secret and, for 24 hours after a rotation, the previous one too (see the note below).
var verifiers = new[] { app.Configuration["PLANWERK_WEBHOOK_SECRET"], app.Configuration["PLANWERK_PREVIOUS_WEBHOOK_SECRET"] }
    .Where(secret => !string.IsNullOrEmpty(secret))
    .Select(secret => new StandardWebhook(secret!)) // "whsec_…"
    .ToList();

// The signature is over the raw body: read and verify it before the endpoint binds it (buffering lets both read it).
app.UseWhen(context => context.Request.Path == "/planwerk/hooks", hooks => hooks.Use(async (context, next) =>
{
    context.Request.EnableBuffering();
    var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync();
    context.Request.Body.Position = 0;
    if (!verifiers.Any(webhook => Verifies(webhook, body, context.Request.Headers)))
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return;
    }

    await next(context);
}));

// The body is bound from JSON (Content-Type: application/json) like any other request.
var written = new Lock();
app.MapPost("/planwerk/hooks", (PlanwerkEvent delivery, [FromHeader(Name = "webhook-id")] string webhookId) =>
{
    // De-duplicate by webhookId (= delivery.Id), then queue the work and answer quickly; here it is only written down.
    if (app.Configuration["RECEIVED_LOG"] is { Length: > 0 } log)
    {
        lock (written) // deliveries arrive in parallel
        {
            File.AppendAllText(log, JsonSerializer.Serialize(new { id = webhookId, action = delivery.Action }) + "\n");
        }
    }

    return Results.NoContent();
});

app.Run($"http://127.0.0.1:{app.Configuration["PORT"] ?? "5000"}");

static bool Verifies(StandardWebhook webhook, string body, IHeaderDictionary headers)
{
    try
    {
        webhook.Verify(body, headers); // throws on a bad signature or a timestamp more than 5 minutes off
        return true;
    }
    catch (WebhookVerificationException)
    {
        return false;
    }
}

/// <summary>A delivery's body (docs/webhooks.md, "What a delivery looks like").</summary>
internal sealed record PlanwerkEvent(Guid Id, Guid WebhookId, string Action, PlanwerkEventContext Context, DateTimeOffset CreatedAt,
    Guid MandantId, long Sequence, int DeliveryAttempts);

/// <summary>What changed: <see cref="Changes"/> holds the changed fields' old and new values (null for created and deleted).</summary>
internal sealed record PlanwerkEventContext(Guid EntityId, string EntityType, Guid? ProjectId, Guid? ChangedBy, JsonElement? Changes);
