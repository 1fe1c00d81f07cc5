using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Planwerk.Webhooks;

/// <summary>
/// Webhook secrets and signatures as the Standard Webhooks specification (standardwebhooks.com)
/// defines them, so that receivers can verify deliveries with any Standard Webhooks library.
/// A secret is <c>whsec_</c> followed by the base64 of the HMAC key; a signature is
/// <c>v1,</c> followed by the base64 of HMAC-SHA256(key, <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>).
/// </summary>
/// <remarks>
/// This sits on the delivery hot path, so the signed content is assembled once in a stack or
/// pooled buffer and signed for every secret without building intermediate strings.
/// </remarks>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";
    public const string VersionPrefix = "v1,";

    /// <summary>The key length of the secrets Planwerk makes.</summary>
    public const int KeyLength = 32;

    /// <summary>The shortest key the Standard Webhooks specification allows (and its test vector uses).</summary>
    public const int MinKeyLength = 24;

    /// <summary>The longest key the Standard Webhooks specification allows.</summary>
    public const int MaxKeyLength = 64;

    /// <summary>The length of one signature: <c>v1,</c> and the 44 base64 characters of a SHA-256 HMAC.</summary>
    public const int SignatureLength = 3 + 44;

    private const int StackLimit = 512;

    /// <summary>A new secret: <c>whsec_</c> and the base64 of 32 bytes from a cryptographic random source.</summary>
    public static string NewSecret()
    {
        Span<byte> key = stackalloc byte[KeyLength];
        RandomNumberGenerator.Fill(key);
        Span<char> secret = stackalloc char[SecretPrefix.Length + 44];
        SecretPrefix.AsSpan().CopyTo(secret);
        Convert.TryToBase64Chars(key, secret[SecretPrefix.Length..], out _);
        CryptographicOperations.ZeroMemory(key);
        return new string(secret);
    }

    /// <summary>
    /// Whether <paramref name="secret"/> is <c>whsec_</c> followed by strict (padded, no white space)
    /// base64 of a 24- to 64-byte key, the range the Standard Webhooks specification allows.
    /// </summary>
    public static bool IsValidSecret(string? secret)
    {
        if (secret is null)
        {
            return false;
        }

        Span<byte> key = stackalloc byte[MaxKeyLength];
        var valid = TryDecodeKey(secret, key, out _);
        CryptographicOperations.ZeroMemory(key);
        return valid;
    }

    /// <summary>
    /// The <c>v1,…</c> signature of one delivery attempt under one secret.
    /// </summary>
    /// <param name="secret">A secret for which <see cref="IsValidSecret"/> holds.</param>
    /// <param name="messageId">The <c>webhook-id</c> header value (the payload id).</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header value: Unix seconds of this attempt.</param>
    /// <param name="body">The exact bytes sent as the request body.</param>
    /// <exception cref="ArgumentException">The secret is malformed or the message id is empty.</exception>
    public static string Sign(string secret, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);

        var contentLength = ContentLength(messageId, body);
        byte[]? rentedContent = null;
        Span<byte> content = contentLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rentedContent = ArrayPool<byte>.Shared.Rent(contentLength));
        try
        {
            var signed = WriteContent(messageId, timestamp, body, content);
            Span<char> signature = stackalloc char[SignatureLength];
            WriteSignature(secret, signed, signature);
            return new string(signature);
        }
        finally
        {
            if (rentedContent is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedContent);
            }
        }
    }

    /// <summary>
    /// The <c>webhook-signature</c> header value: one signature per secret, in the given order,
    /// separated by single spaces. During a secret rotation both the new and the old secret sign,
    /// so a receiver that still holds the old secret keeps verifying.
    /// </summary>
    /// <exception cref="ArgumentException">There is no secret, a secret is malformed, or the message id is empty.</exception>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);

        // Assemble the signed content once for all secrets.
        var contentLength = ContentLength(messageId, body);
        byte[]? rentedContent = null;
        Span<byte> content = contentLength <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rentedContent = ArrayPool<byte>.Shared.Rent(contentLength));

        char[]? rentedHeader = null;
        Span<char> header = stackalloc char[2 * (SignatureLength + 1)];
        try
        {
            var signed = WriteContent(messageId, timestamp, body, content);

            var headerLength = 0;
            foreach (var secret in secrets)
            {
                if (header.Length - headerLength < SignatureLength + 1)
                {
                    var larger = ArrayPool<char>.Shared.Rent(header.Length * 2);
                    header[..headerLength].CopyTo(larger);
                    if (rentedHeader is not null)
                    {
                        ArrayPool<char>.Shared.Return(rentedHeader);
                    }

                    rentedHeader = larger;
                    header = larger;
                }

                if (headerLength > 0)
                {
                    header[headerLength++] = ' ';
                }

                WriteSignature(secret, signed, header.Slice(headerLength, SignatureLength));
                headerLength += SignatureLength;
            }

            if (headerLength == 0)
            {
                throw new ArgumentException("At least one secret must sign.", nameof(secrets));
            }

            return new string(header[..headerLength]);
        }
        finally
        {
            // Neither the body nor the signatures are secret (both go over the wire), so no clearing.
            if (rentedContent is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedContent);
            }

            if (rentedHeader is not null)
            {
                ArrayPool<char>.Shared.Return(rentedHeader);
            }
        }
    }

    // The signed content is "{id}.{timestamp}.{body}" as UTF-8; 19 digits hold any non-negative long.
    private static int ContentLength(string messageId, ReadOnlySpan<byte> body) =>
        Encoding.UTF8.GetByteCount(messageId) + 1 + 19 + 1 + body.Length;

    private static ReadOnlySpan<byte> WriteContent(string messageId, long timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var position = Encoding.UTF8.GetBytes(messageId, destination);
        destination[position++] = (byte)'.';
        timestamp.TryFormat(destination[position..], out var timestampLength, default, CultureInfo.InvariantCulture);
        position += timestampLength;
        destination[position++] = (byte)'.';
        body.CopyTo(destination[position..]);
        return destination[..(position + body.Length)];
    }

    private static void WriteSignature(string secret, ReadOnlySpan<byte> signed, Span<char> destination)
    {
        Span<byte> key = stackalloc byte[MaxKeyLength];
        try
        {
            if (secret is null || !TryDecodeKey(secret, key, out var keyLength))
            {
                throw new ArgumentException("A webhook secret must be 'whsec_' followed by the base64 of a 24- to 64-byte key.", nameof(secret));
            }

            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key[..keyLength], signed, mac);
            VersionPrefix.AsSpan().CopyTo(destination);
            Convert.TryToBase64Chars(mac, destination[VersionPrefix.Length..], out _);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static bool TryDecodeKey(ReadOnlySpan<char> secret, Span<byte> key, out int keyLength)
    {
        keyLength = 0;
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret[SecretPrefix.Length..];

        // Convert skips white space inside base64; a secret is copied around, so insist on the strict form.
        foreach (var c in encoded)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '/' or '='))
            {
                return false;
            }
        }

        return Convert.TryFromBase64Chars(encoded, key, out keyLength)
            && keyLength is >= MinKeyLength and <= MaxKeyLength;
    }
}
