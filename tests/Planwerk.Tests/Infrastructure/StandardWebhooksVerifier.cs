using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Planwerk.Tests.Infrastructure;

/// <summary>A receiver's check written from the Standard Webhooks specification, independent of the signer.</summary>
public static class StandardWebhooksVerifier
{
    public static bool Verify(string secret, string id, long timestamp, byte[] body, string header, long now)
    {
        if (Math.Abs(now - timestamp) > 5 * 60)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(key, signed);
        foreach (var versioned in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = versioned.Split(',', 2);
            if (parts.Length == 2 && parts[0] == "v1"
                && CryptographicOperations.FixedTimeEquals(expected, Convert.FromBase64String(parts[1])))
            {
                return true;
            }
        }

        return false;
    }
}
