using System.Text;
using BenchmarkDotNet.Attributes;
using Planwerk.Webhooks;

namespace Planwerk.Bench.Micro;

/// <summary>Signing a delivery (Standard Webhooks, HMAC-SHA256), once per attempt; bodies of a typical and a large change.</summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    private readonly string secret = WebhookSignature.NewSecret();
    private readonly string previous = WebhookSignature.NewSecret();
    private readonly string messageId = Guid.CreateVersion7().ToString();
    private byte[] body = [];

    [Params(400, 8_000)]
    public int BodyBytes { get; set; }

    [GlobalSetup]
    public void Setup() => body = Encoding.UTF8.GetBytes(new string('x', BodyBytes));

    [Benchmark(Baseline = true)]
    public string Sign() => WebhookSignature.Sign(secret, messageId, 1_764_547_200, body);

    [Benchmark]
    public string HeaderOneSecret() => WebhookSignature.Header([secret], messageId, 1_764_547_200, body);

    /// <summary>During a secret rotation both secrets sign.</summary>
    [Benchmark]
    public string HeaderRotation() => WebhookSignature.Header([previous, secret], messageId, 1_764_547_200, body);

    [Benchmark]
    public bool IsValidSecret() => WebhookSignature.IsValidSecret(secret);
}
