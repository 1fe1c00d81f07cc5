using CsCheck;
using Planwerk.Tokens;

namespace Planwerk.Tests.Tokens;

public sealed class ApiTokenFormatTests
{
    [Fact]
    public void GeneratedTokens_ArePrefixedChecksummedAndOfFixedLength()
    {
        for (var i = 0; i < 1_000; i++)
        {
            var token = ApiTokenFormat.Generate();
            Assert.StartsWith("pw_", token, StringComparison.Ordinal);
            Assert.Equal(ApiTokenFormat.Length, token.Length);
            Assert.True(ApiTokenFormat.IsWellFormed(token), token);
        }
    }

    [Fact]
    public void GeneratedTokens_DoNotRepeat()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => ApiTokenFormat.Generate()).ToHashSet();
        Assert.Equal(10_000, tokens.Count);
    }

    [Fact]
    public void ChangingAnyOneCharacter_BreaksTheChecksumOrTheShape()
    {
        var alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-!";
        Gen.Select(Gen.Int[3, ApiTokenFormat.Length - 1], Gen.Char[alphabet]).Sample((position, replacement) =>
        {
            var token = ApiTokenFormat.Generate();
            if (token[position] == replacement)
            {
                return true;
            }

            var changed = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1));
            return !ApiTokenFormat.IsWellFormed(changed);
        }, iter: 20_000);
    }

    [Fact]
    public void ArbitraryStrings_AreNotWellFormed_AndNeverThrow()
    {
        Gen.String.Sample(s => !ApiTokenFormat.IsWellFormed(s) || s.StartsWith("pw_", StringComparison.Ordinal), iter: 20_000);
    }

    [Fact]
    public void TheHash_IsSha256OfTheUtf8Text()
    {
        var token = ApiTokenFormat.Generate();
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), ApiTokenFormat.Hash(token));
    }

    [Fact]
    public void TheHint_ShowsOnlyTenOfTheTokensCharacters()
    {
        var token = ApiTokenFormat.Generate();
        var hint = ApiTokenFormat.Hint(token);
        Assert.Equal(token[..6] + "…" + token[^4..], hint);
    }
}
