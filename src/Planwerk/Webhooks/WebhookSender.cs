using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Data;

namespace Planwerk.Webhooks;

/// <summary>
/// Sends one attempt of a claimed delivery: through the cloud's send gate and a last database check, signed
/// (Standard Webhooks), as <c>POST</c> with <c>Content-Type: application/json</c>; then classifies what came back
/// (status, timeout, refused connection, TLS, address not allowed, redirect — never followed — and Retry-After).
/// What the outcome means is <see cref="WebhookDeliveryPolicy"/>'s to say.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly TimeProvider time;
    private readonly WebhookSendGate gate;
    private readonly WebhookOptions options;
    private readonly HttpClient http;

    // The queries every delivery runs, compiled once (docs/benchmarks.md, "Webhook delivery").
    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, CancellationToken, Task<Webhook?>>> FindWebhook = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid webhookId, CancellationToken ct) => db.Webhooks.AsNoTracking().FirstOrDefault(w => w.Id == webhookId)));

    private static readonly CompiledQuery<Func<PlanwerkDb, Guid, Guid?, Guid, Guid, CancellationToken, Task<bool>>> IsSendable = new(() => EF.CompileAsyncQuery(
        (PlanwerkDb db, Guid deliveryId, Guid? leaseOwner, Guid cloudId, Guid webhookId, CancellationToken ct) => db.WebhookDeliveries.Any(d =>
            d.Id == deliveryId && d.Status == DeliveryStatus.Delivering && d.LeaseOwner == leaseOwner
            && db.Clouds.Any(c => c.Id == cloudId && c.WebhooksEnabled)
            && db.Webhooks.Any(w => w.Id == webhookId && w.IsActive))));

    public WebhookSender(TimeProvider time, WebhookSendGate gate, IOptions<WebhookOptions> options, WebhookUrlGuard guard)
    {
        this.time = time;
        this.gate = gate;
        this.options = options.Value;
        // No per-host connection limit: webhooks are bounded per webhook (MaxInFlightPerWebhook) and per worker
        // (MaxInFlight) already, and a limit per host would let one slow webhook hold up every other webhook on that host.
        var handler = guard.CreateHandler(this.options.AllowPrivateNetworks, TimeSpan.FromSeconds(this.options.TimeoutSeconds));
        http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Planwerk-Webhooks", "1.0"));
    }

    public void Dispose() => http.Dispose();

    /// <summary>The delivery's webhook as it stands now; null once deleted (its deliveries went with it).</summary>
    public static Task<Webhook?> FindWebhookAsync(PlanwerkDb db, Guid webhookId, CancellationToken ct) => FindWebhook.For(db)(db, webhookId, ct);

    /// <summary>
    /// One HTTP attempt, or null when the delivery must not be sent (switch off, webhook inactive, lease lost).
    /// Cancelling <paramref name="ct"/> abandons the request; it then ends in an <see cref="OperationCanceledException"/>, with no outcome.
    /// </summary>
    public async Task<AttemptOutcome?> SendAsync(PlanwerkDb db, WebhookDelivery delivery, Webhook webhook, CancellationToken ct)
    {
        if (!gate.TryEnter(delivery.CloudId))
        {
            return null;
        }

        var exited = 0;
        void Exit()
        {
            if (Interlocked.Exchange(ref exited, 1) == 0)
            {
                gate.Exit(delivery.CloudId);
            }
        }

        try
        {
            // The database has the last word: a switch changed by the CLI or another instance, a paused webhook, a lost lease.
            var sendable = await IsSendable.For(db)(db, delivery.Id, delivery.LeaseOwner, delivery.CloudId, delivery.WebhookId, ct);
            if (!sendable)
            {
                return null;
            }

            var number = delivery.Attempts + 1;
            var body = WebhookPayload.Build(delivery.Event!, webhook.Id, number);
            var started = time.GetUtcNow().UtcDateTime;
            using var request = NewRequest(delivery, webhook, body, started, Exit);
            var sentHeaders = AttemptHeaders.OfRequest(request, webhook.AuthenticationHeaderName);
            var clock = time.GetTimestamp();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.TimeoutSeconds), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, ct);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                Exit();
                var text = await ReadPrefixAsync(response, linked.Token);
                var status = (int)response.StatusCode;
                var ok = status is >= 200 and < 300;
                var retryAfter = response.Headers.RetryAfter is { } ra
                    ? ra.Delta ?? (ra.Date is { } date ? date - time.GetUtcNow() : null)
                    : null;
                return new AttemptOutcome(number, started, Elapsed(clock), status, ok ? null : status is >= 300 and < 400 ? "redirect" : "status", text, ok, retryAfter)
                {
                    RequestHeaders = sentHeaders, ResponseHeaders = AttemptHeaders.OfResponse(response),
                };
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return new AttemptOutcome(number, started, Elapsed(clock), null, "timeout", null, false, null) { RequestHeaders = sentHeaders };
            }
            catch (HttpRequestException e)
            {
                var kind = WebhookUrlNotAllowedException.IsCauseOf(e) ? "not_allowed"
                    : e.InnerException is System.Security.Authentication.AuthenticationException ? "tls" : "connection";
                return new AttemptOutcome(number, started, Elapsed(clock), null, kind, e.Message.Length > 500 ? e.Message[..500] : e.Message, false, null)
                {
                    RequestHeaders = sentHeaders,
                };
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>The signed POST; <paramref name="sent"/> is called once its body has been handed to the network.</summary>
    private HttpRequestMessage NewRequest(WebhookDelivery delivery, Webhook webhook, byte[] body, DateTime started, Action sent)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        // During a rotation the secrets rotated out sign first (oldest first): receivers that have not switched yet are the
        // ones the overlap is for, and some verifiers (StandardWebhooks 1.1.2 for .NET) only check the first signature.
        var secrets = webhook.SigningSecrets(started);

        var request = new HttpRequestMessage(HttpMethod.Post, webhook.CallbackUri)
        {
            Content = new StartSignallingContent(body, sent),
        };
        var id = delivery.Event!.Id.ToString();
        request.Headers.TryAddWithoutValidation("webhook-id", id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(secrets, id, timestamp, body));
        if (webhook.AuthenticationHeaderName is { Length: > 0 } name)
        {
            request.Headers.TryAddWithoutValidation(name, webhook.AuthenticationHeaderValue ?? string.Empty);
        }

        return request;
    }

    private int Elapsed(long since) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(since).TotalMilliseconds);

    private static async Task<string?> ReadPrefixAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var buffer = new byte[4096];
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
        {
            read += n;
        }

        return read == 0 ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The JSON body of an attempt (<c>Content-Type: application/json</c>, which body parsers need); calls <c>started</c> once it is sent.</summary>
    private sealed class StartSignallingContent : HttpContent
    {
        private readonly byte[] body;
        private readonly Action started;

        public StartSignallingContent(byte[] body, Action started)
        {
            this.body = body;
            this.started = started;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(body);
            await stream.FlushAsync();
            started();
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }

        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new MemoryStream(body));
    }
}
