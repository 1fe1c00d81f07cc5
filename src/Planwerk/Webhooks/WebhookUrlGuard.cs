using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Planwerk.Webhooks;

/// <summary>
/// Keeps webhook deliveries away from internal services (server-side request forgery). A callback
/// URI is checked when a webhook is created or changed (<see cref="ValidateAsync"/>) and again on
/// every connection (<see cref="CreateHandler"/>), because the DNS answer for a name can change after
/// the check: the handler resolves the name itself and connects only to the addresses it checked.
/// </summary>
/// <remarks>
/// Two tiers: <see cref="IsAlwaysForbidden"/> addresses (link-local with the cloud metadata services,
/// multicast, unspecified, broadcast, reserved) are never reachable; <see cref="IsPrivate"/> addresses
/// (loopback, RFC 1918, CGNAT, unique-local, documentation and benchmarking ranges) are reachable only
/// when the setting <c>Planwerk:Webhooks:AllowPrivateNetworks</c> is on, for intranet receivers. Everything else
/// is global unicast and allowed. IPv6 addresses that carry an IPv4 address (IPv4-mapped, IPv4-translated, NAT64
/// and 6to4) are judged by that IPv4 address; tunnels and local-use translation (Teredo, 64:ff9b:1::/48) are never
/// global. docs/webhooks.md states the rule.
/// </remarks>
public sealed class WebhookUrlGuard
{
    public const int MaxUriLength = 2048;

    // Never reachable: IPv4 ranges as (network, prefix length).
    private static readonly (uint Network, int Prefix)[] AlwaysForbiddenV4 =
    [
        (0x00000000, 8),  // 0.0.0.0/8 "this network"; Linux connects 0.0.0.0 to the local host
        (0xA9FE0000, 16), // 169.254.0.0/16 link-local, where cloud metadata services answer
        (0xE0000000, 4),  // 224.0.0.0/4 multicast
        (0xF0000000, 4),  // 240.0.0.0/4 reserved, including the broadcast address 255.255.255.255
    ];

    // Reachable only with AllowPrivateNetworks: the host itself, internal networks, and ranges that
    // are never on the public internet, so a receiver there can only be an internal one.
    private static readonly (uint Network, int Prefix)[] PrivateV4 =
    [
        (0x7F000000, 8),  // 127.0.0.0/8 loopback
        (0x0A000000, 8),  // 10.0.0.0/8 RFC 1918
        (0xAC100000, 12), // 172.16.0.0/12 RFC 1918
        (0xC0A80000, 16), // 192.168.0.0/16 RFC 1918
        (0x64400000, 10), // 100.64.0.0/10 carrier-grade NAT (RFC 6598), often a provider's internal network
        (0xC0000000, 24), // 192.0.0.0/24 IETF protocol assignments (DS-Lite, NAT64 discovery)
        (0xC0000200, 24), // 192.0.2.0/24 TEST-NET-1 documentation
        (0xC0586300, 24), // 192.88.99.0/24 deprecated 6to4 relay anycast
        (0xC6120000, 15), // 198.18.0.0/15 benchmarking, used for internal lab networks
        (0xC6336400, 24), // 198.51.100.0/24 TEST-NET-2 documentation
        (0xCB007100, 24), // 203.0.113.0/24 TEST-NET-3 documentation
    ];

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    /// <summary>A guard that resolves names with the system resolver.</summary>
    public WebhookUrlGuard()
        : this(Dns.GetHostAddressesAsync)
    {
    }

    /// <summary>A guard that resolves names with <paramref name="resolve"/> (tests pass a fake).</summary>
    public WebhookUrlGuard(Func<string, CancellationToken, Task<IPAddress[]>> resolve)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        _resolve = resolve;
    }

    /// <summary>
    /// Whether webhooks may never reach <paramref name="address"/>, whatever the settings:
    /// unspecified (0.0.0.0/8, ::), link-local (169.254.0.0/16, fe80::/10), multicast (224.0.0.0/4, ff00::/8),
    /// reserved and broadcast (240.0.0.0/4), the deprecated IPv4-compatible IPv6 form (::a.b.c.d), IPv6 space
    /// outside global unicast (2000::/3) such as SRv6 SIDs (5f00::/16) and unassigned space, and any IPv6 form (mapped, translated, NAT64,
    /// 6to4, Teredo) that carries such an IPv4 address.
    /// </summary>
    public static bool IsAlwaysForbidden(IPAddress address) => Classify(address) == Reach.Forbidden;

    /// <summary>
    /// Whether <paramref name="address"/> is not globally reachable but belongs to the host or an internal network
    /// (IANA's special-purpose registries, "globally reachable: false"): loopback (127.0.0.0/8, ::1), RFC 1918
    /// (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10), unique-local (fc00::/7), deprecated site-local
    /// (fec0::/10), IETF protocol assignments (192.0.0.0/24, 2001::/23 with Teredo 2001::/32), local-use NAT64
    /// (64:ff9b:1::/48), benchmarking (198.18/15), documentation (192.0.2/24, 198.51.100/24, 203.0.113/24,
    /// 2001:db8::/32, 3fff::/20), the 6to4 relay anycast (192.88.99/24), discard-only
    /// (100::/64) and the dummy prefix (100:0:0:1::/64), and IPv6 forms that carry such an IPv4 address.
    /// </summary>
    public static bool IsPrivate(IPAddress address) => Classify(address) == Reach.Private;

    /// <summary>Whether <paramref name="address"/> is global unicast: neither <see cref="IsAlwaysForbidden"/> nor <see cref="IsPrivate"/>.</summary>
    public static bool IsGlobal(IPAddress address) => Classify(address) == Reach.Global;

    /// <summary>Whether a delivery may connect to <paramref name="address"/>.</summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        Reach.Global => true,
        Reach.Private => allowPrivateNetworks,
        _ => false,
    };

    /// <summary>
    /// The create-time check of a callback URI: <see langword="null"/> when it is fine, otherwise a
    /// sentence saying why not (for a 422 <c>webhook_url_not_allowed</c>). The URI must be absolute
    /// <c>http</c>/<c>https</c>, carry no credentials, be at most 2,048 characters, and its host must be an
    /// allowed address or a name whose every resolved address is allowed.
    /// </summary>
    /// <remarks>Reasons never name the resolved addresses, so the check cannot be used to map internal DNS.</remarks>
    public async Task<string?> ValidateAsync(string? uri, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            return "The callback URI is required.";
        }

        if (uri.Length > MaxUriLength)
        {
            return "The callback URI is longer than 2,048 characters.";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return "The callback URI must be an absolute http or https URI.";
        }

        if (parsed.UserInfo.Length > 0)
        {
            return "The callback URI must not contain credentials; use the authentication header instead.";
        }

        if (parsed.Host.Length == 0)
        {
            return "The callback URI has no host.";
        }

        IPAddress[] addresses;
        if (parsed.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            addresses = [IPAddress.Parse(parsed.DnsSafeHost)];
        }
        else
        {
            try
            {
                addresses = await _resolve(parsed.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                return "The callback URI's host name could not be resolved.";
            }

            if (addresses.Length == 0)
            {
                return "The callback URI's host name resolves to no address.";
            }
        }

        foreach (var address in addresses)
        {
            if (IsAlwaysForbidden(address))
            {
                return "The callback URI points to a link-local, multicast, unspecified or reserved address, which webhooks may never reach.";
            }

            if (!allowPrivateNetworks && IsPrivate(address))
            {
                return "The callback URI points to a loopback, private or otherwise internal address, which this installation does not allow.";
            }
        }

        return null;
    }

    /// <summary>
    /// A handler for delivery clients whose every new connection resolves the host with this guard's
    /// resolver, refuses with <see cref="WebhookUrlNotAllowedException"/> when any resolved address is not
    /// allowed, and otherwise connects to the resolved addresses in order. Redirects are not followed,
    /// no proxy is used (a proxy would connect on our behalf, past this check), and pooled connections
    /// are renewed every two minutes so DNS changes are noticed. <c>MaxConnectionsPerServer</c> is the
    /// caller's to set. Send HTTP/1.1 or HTTP/2 only: HTTP/3 (QUIC) connects without the connect callback.
    /// </summary>
    public SocketsHttpHandler CreateHandler(bool allowPrivateNetworks, TimeSpan connectTimeout) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = connectTimeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context.DnsEndPoint, allowPrivateNetworks, cancellationToken),
    };

    private async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = endPoint.Host.StartsWith('[') && endPoint.Host.EndsWith(']') ? endPoint.Host[1..^1] : endPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolve(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"'{host}' resolves to no address.");
        }

        foreach (var address in addresses)
        {
            if (!IsAllowed(address, allowPrivateNetworks))
            {
                throw new WebhookUrlNotAllowedException($"'{host}' is or resolves to an address webhooks may not reach.");
            }
        }

        Exception? lastError = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                lastError = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }

    private enum Reach
    {
        Global,
        Private,
        Forbidden,
    }

    private static Reach Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(b, out _);
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return Reach.Forbidden; // neither IPv4 nor IPv6: nothing a webhook could be sent to
        }

        address.TryWriteBytes(b, out _);
        return ClassifyV6(b);
    }

    private static Reach ClassifyV4(uint v4) =>
        InAny(v4, AlwaysForbiddenV4) ? Reach.Forbidden : InAny(v4, PrivateV4) ? Reach.Private : Reach.Global;

    private static Reach ClassifyV6(ReadOnlySpan<byte> b)
    {
        // Forms that carry an IPv4 address the network would reach are judged by that address.
        if (b[..10].IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xFF && b[11] == 0xFF)
        {
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b[12..])); // ::ffff:0:0/96 IPv4-mapped
        }

        if (b[..8].IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0)
        {
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b[12..])); // ::ffff:0:0:0/96 IPv4-translated (RFC 2765)
        }

        if (b[..4].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x64, 0xFF, 0x9B]) && b[4..12].IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b[12..])); // 64:ff9b::/96 well-known NAT64
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b[2..])); // 2002::/16 6to4
        }

        if (b[..6].SequenceEqual((ReadOnlySpan<byte>)[0x00, 0x64, 0xFF, 0x9B, 0x00, 0x01]))
        {
            // 64:ff9b:1::/48 local-use NAT64 is never global. Used with a /96 prefix (RFC 8215's example), it is forbidden
            // when the IPv4 address in its last 32 bits is; other prefix lengths place it elsewhere (RFC 6052) and stay private.
            return b[6..12].IndexOfAnyExcept((byte)0) < 0 && ClassifyV4(BinaryPrimitives.ReadUInt32BigEndian(b[12..])) == Reach.Forbidden
                ? Reach.Forbidden
                : Reach.Private;
        }

        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            // 2001::/32 Teredo: a tunnel, never global; forbidden when its server or (obfuscated) client address is.
            var server = BinaryPrimitives.ReadUInt32BigEndian(b[4..]);
            var client = ~BinaryPrimitives.ReadUInt32BigEndian(b[12..]);
            return ClassifyV4(server) == Reach.Forbidden || ClassifyV4(client) == Reach.Forbidden ? Reach.Forbidden : Reach.Private;
        }

        if (b[..15].IndexOfAnyExcept((byte)0) < 0 && b[15] == 1)
        {
            return Reach.Private; // ::1 loopback
        }

        if ((b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF)
        {
            return Reach.Forbidden; // fe80::/10 link-local, ff00::/8 multicast
        }

        if ((b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0))
        {
            return Reach.Private; // fc00::/7 unique-local, fec0::/10 deprecated site-local
        }

        if (b[0] == 0x01 && b[1] == 0x00 && b[2..6].IndexOfAnyExcept((byte)0) < 0 && b[6] == 0 && b[7] is 0 or 1)
        {
            return Reach.Private; // 100::/64 discard-only, 100:0:0:1::/64 dummy prefix (RFC 9780)
        }

        if ((b[0] & 0xE0) != 0x20)
        {
            return Reach.Forbidden; // outside 2000::/3: unspecified, IPv4-compatible (::a.b.c.d), SRv6 SIDs (5f00::/16), unassigned
        }

        return (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02)                           // 2001::/23 IETF protocol assignments
            || b[..4].SequenceEqual((ReadOnlySpan<byte>)[0x20, 0x01, 0x0D, 0xB8])      // 2001:db8::/32 documentation
            || (b[0] == 0x3F && b[1] == 0xFF && (b[2] & 0xF0) == 0)                      // 3fff::/20 documentation (RFC 9637)
            ? Reach.Private
            : Reach.Global;
    }

    private static bool InAny(uint address, (uint Network, int Prefix)[] ranges)
    {
        foreach (var (network, prefix) in ranges)
        {
            var mask = uint.MaxValue << (32 - prefix);
            if ((address & mask) == network)
            {
                return true;
            }
        }

        return false;
    }
}
