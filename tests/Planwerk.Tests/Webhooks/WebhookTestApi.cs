using System.Globalization;
using System.Net;
using System.Text.Json;
using Planwerk.Tests.Infrastructure;

namespace Planwerk.Tests.Webhooks;

/// <summary>The webhook routes as tests use them.</summary>
internal static class WebhookTestApi
{
    /// <summary>Creates a webhook through the API; returns its id and its secret.</summary>
    public static async Task<(Guid Id, string Secret)> CreateWebhookAsync(this HttpClient client, string callbackUri, params string[] actionTypes)
    {
        var hook = await (await client.PostJsonAsync("webhooks", new { callbackUri, actionTypes })).AssertJsonAsync(HttpStatusCode.Created);
        return (hook.Id(), hook.GetProperty("secret").GetString()!);
    }

    /// <summary>The delivery log of a webhook (newest first), each delivery with its attempts.</summary>
    public static async Task<IReadOnlyList<JsonElement>> DeliveriesAsync(this HttpClient client, Guid webhookId, string query = "limit=1000")
    {
        var log = await (await client.GetAsync($"webhooks/{webhookId}/deliveries?{query}")).AssertJsonAsync(HttpStatusCode.OK);
        return log.EnumerateArray().ToList();
    }

    public static async Task<JsonElement> SingleDeliveryAsync(this HttpClient client, Guid webhookId) =>
        Assert.Single(await client.DeliveriesAsync(webhookId));

    public static async Task<JsonElement> WebhookAsync(this HttpClient client, Guid webhookId) =>
        await (await client.GetAsync($"webhooks/{webhookId}")).AssertJsonAsync(HttpStatusCode.OK);

    /// <summary>Creates a project (a <c>ProjectCreated</c> event); returns its id.</summary>
    public static async Task<Guid> CreateProjectAsync(this HttpClient client, string title = "P") =>
        (await (await client.PostJsonAsync("projects", new { title })).AssertJsonAsync(HttpStatusCode.Created)).Id();

    public static string Status(this JsonElement delivery) => delivery.GetProperty("status").GetString()!;

    public static IReadOnlyList<JsonElement> Attempts(this JsonElement delivery) => delivery.GetProperty("attemptLog").EnumerateArray().ToList();

    public static DateTimeOffset Instant(this JsonElement element, string property) =>
        DateTimeOffset.Parse(element.GetProperty(property).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static long Timestamp(this ReceivedRequest request) => long.Parse(request.Headers["webhook-timestamp"], CultureInfo.InvariantCulture);

    /// <summary>Whether the request's signature verifies with <paramref name="secret"/> (the Standard Webhooks check, at the app's clock).</summary>
    public static bool VerifiesWith(this ReceivedRequest request, string secret, PlanwerkApp app) =>
        StandardWebhooksVerifier.Verify(secret, request.WebhookId, request.Timestamp(), request.Body, request.Headers["webhook-signature"],
            app.Time.GetUtcNow().ToUnixTimeSeconds());

    /// <summary>Moves the app's clock forward to <paramref name="instant"/>.</summary>
    public static void MoveTo(this PlanwerkApp app, DateTimeOffset instant) => app.Time.SetUtcNow(instant);
}
