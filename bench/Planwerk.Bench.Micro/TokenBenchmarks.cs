using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Planwerk.Tokens;

namespace Planwerk.Bench.Micro;

/// <summary>What every Core API request pays before its database look-up: shape and checksum, then SHA-256.</summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private readonly string token = ApiTokenFormat.Generate();
    private readonly string typo = ApiTokenFormat.Generate()[..^1] + "x";
    private byte[] stored = [];

    [GlobalSetup]
    public void Setup() => stored = ApiTokenFormat.Hash(token);

    [Benchmark]
    public bool IsWellFormed() => ApiTokenFormat.IsWellFormed(token);

    [Benchmark]
    public bool IsWellFormedTypo() => ApiTokenFormat.IsWellFormed(typo);

    [Benchmark]
    public byte[] Hash() => ApiTokenFormat.Hash(token);

    /// <summary>The whole check of CoreApiTokenAuthentication without the database: format, hash, constant-time compare.</summary>
    [Benchmark(Baseline = true)]
    public bool Verify() => ApiTokenFormat.IsWellFormed(token) && CryptographicOperations.FixedTimeEquals(ApiTokenFormat.Hash(token), stored);
}
