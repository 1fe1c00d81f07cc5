using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace Planwerk.Tokens;

/// <summary>
/// The shape of a Planwerk API token: <c>pw_</c>, 30 random base62 characters, and a 6-character
/// base62 CRC-32 of those 30 characters. The prefix lets secret scanners spot a leaked token; the
/// checksum lets them (and us) reject typos and fakes without a database look-up.
/// </summary>
public static class ApiTokenFormat
{
    public const string Prefix = "pw_";
    public const int RandomLength = 30;
    public const int ChecksumLength = 6;
    public const int Length = 3 + RandomLength + ChecksumLength;

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Makes a new token from a cryptographic random source (≈178 bits of entropy).</summary>
    public static string Generate()
    {
        Span<char> token = stackalloc char[Length];
        Prefix.AsSpan().CopyTo(token);
        var random = token.Slice(Prefix.Length, RandomLength);
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        WriteChecksum(random, token[(Prefix.Length + RandomLength)..]);
        return new string(token);
    }

    /// <summary>Whether <paramref name="token"/> has the right prefix, length, alphabet and checksum.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> token)
    {
        if (token.Length != Length || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var random = token.Slice(Prefix.Length, RandomLength);
        foreach (var c in token[Prefix.Length..])
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        Span<char> expected = stackalloc char[ChecksumLength];
        WriteChecksum(random, expected);
        return expected.SequenceEqual(token[(Prefix.Length + RandomLength)..]);
    }

    /// <summary>The SHA-256 of the token's UTF-8 bytes: the only form in which a token is stored.</summary>
    public static byte[] Hash(ReadOnlySpan<char> token)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length)];
        var written = Encoding.UTF8.GetBytes(token, utf8);
        return SHA256.HashData(utf8[..written]);
    }

    /// <summary>A display hint that identifies a token without revealing it, e.g. <c>pw_Ab3…x9Qz</c>.</summary>
    public static string Hint(string token) => string.Concat(token.AsSpan(0, 6), "…", token.AsSpan(token.Length - 4));

    private static void WriteChecksum(ReadOnlySpan<char> random, Span<char> destination)
    {
        Span<byte> ascii = stackalloc byte[random.Length];
        for (var i = 0; i < random.Length; i++)
        {
            ascii[i] = (byte)random[i];
        }

        var crc = Crc32.HashToUInt32(ascii);
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = Alphabet[(int)(crc % 62)];
            crc /= 62;
        }
    }
}
