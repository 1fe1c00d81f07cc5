using System.Net;
using System.Net.Sockets;
using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Planwerk.Webhooks;

namespace Planwerk.Tests.Webhooks;

public sealed class WebhookUrlGuardTests
{
    private static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.216.34");

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://10.0.0.1")]
    [InlineData("http://172.16.5.4")]
    [InlineData("http://192.168.1.1")]
    [InlineData("http://100.64.0.1")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://0.0.0.0")]
    [InlineData("http://[::1]")]
    [InlineData("http://[fe80::1]")]
    [InlineData("http://[fc00::1]")]
    [InlineData("http://[::ffff:127.0.0.1]")]
    [InlineData("http://[::ffff:169.254.169.254]")]
    [InlineData("http://[::ffff:0:127.0.0.1]/hook")]          // IPv4-translated loopback
    [InlineData("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/")] // Teredo
    [InlineData("http://[2002:c0a8:101::1]/")]                  // 6to4 of 192.168.1.1
    [InlineData("http://[64:ff9b::10.0.0.1]/")]                 // NAT64 of 10.0.0.1
    [InlineData("http://[64:ff9b:1::8.8.8.8]/")]                // local-use NAT64
    [InlineData("http://2130706433/")] // 127.0.0.1 written as one number
    [InlineData("http://0x7f.1/")]     // 127.0.0.1 in hexadecimal shorthand
    [InlineData("ftp://x")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://user:pw@example.com")]
    [InlineData("/relative/hook")]
    [InlineData("example.com/hook")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("http://loopback.test/hook")] // the fake resolver maps it to 127.0.0.1
    [InlineData("http://unknown.test/hook")]  // the fake resolver does not know it
    [InlineData("http://nowhere.test/hook")]  // the fake resolver answers with no address
    public async Task CreationTimeCheck_RefusesInternalAndMalformedUris_WhenPrivateNetworksAreNotAllowed(string? uri)
    {
        var reason = await Guard().ValidateAsync(uri, allowPrivateNetworks: false, TestContext.Current.CancellationToken);
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.EndsWith(".", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreationTimeCheck_RefusesAUriLongerThan2048Characters()
    {
        var prefix = "https://receiver.test/";
        var fits = prefix + new string('a', WebhookUrlGuard.MaxUriLength - prefix.Length);
        var tooLong = fits + "a";
        Assert.Equal(2_049, tooLong.Length);

        Assert.Null(await Guard().ValidateAsync(fits, allowPrivateNetworks: false, TestContext.Current.CancellationToken));
        Assert.Equal(
            "The callback URI is longer than 2,048 characters.",
            await Guard().ValidateAsync(tooLong, allowPrivateNetworks: false, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task CreationTimeCheck_RefusesAName_WhenAnyOfItsAddressesIsInternal()
    {
        var guard = new WebhookUrlGuard((_, _) => Task.FromResult(new[] { PublicAddress, IPAddress.Parse("10.1.2.3") }));
        Assert.NotNull(await guard.ValidateAsync("https://mixed.test/", allowPrivateNetworks: false, TestContext.Current.CancellationToken));
        Assert.Null(await guard.ValidateAsync("https://mixed.test/", allowPrivateNetworks: true, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("https://receiver.test/hooks/planwerk?x=1")]
    [InlineData("http://receiver.test:8443")]
    [InlineData("https://93.184.216.34/hook")]
    [InlineData("https://[2606:2800:220:1:248:1893:25c8:1946]/hook")]
    public async Task CreationTimeCheck_AllowsPublicReceivers(string uri)
    {
        Assert.Null(await Guard().ValidateAsync(uri, allowPrivateNetworks: false, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://10.0.0.1")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://loopback.test/hook")]
    [InlineData("http://intranet.test/hook")]
    public async Task WithPrivateNetworksAllowed_LoopbackAndPrivateReceiversAreAllowed(string uri)
    {
        Assert.Null(await Guard().ValidateAsync(uri, allowPrivateNetworks: true, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fe80::1]")]
    [InlineData("http://[ff02::1]")]
    [InlineData("http://224.0.0.1")]
    [InlineData("http://255.255.255.255")]
    [InlineData("http://metadata.test/")] // the fake resolver maps it to 169.254.169.254
    public async Task WithPrivateNetworksAllowed_LinkLocalAndMulticastAreStillRefused(string uri)
    {
        Assert.NotNull(await Guard().ValidateAsync(uri, allowPrivateNetworks: true, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("224.0.0.251")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::ffff:224.0.0.1")]
    [InlineData("64:ff9b::169.254.169.254")] // NAT64 of the metadata address
    [InlineData("2002:a9fe:a9fe::1")]        // 6to4 of the metadata address
    [InlineData("::127.0.0.1")]              // deprecated IPv4-compatible form
    [InlineData("::ffff:0:169.254.169.254")] // IPv4-translated (RFC 2765) form of the metadata address
    [InlineData("::ffff:0:0.0.0.0")]
    [InlineData("64:ff9b:1::169.254.169.254")]        // local-use NAT64 (/96) of the metadata address
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")] // Teredo whose client is 169.254.169.254 (obfuscated)
    [InlineData("2001:0:a9fe:a9fe::1")]                // Teredo whose server is the metadata address
    [InlineData("4000::1")]                  // unassigned, outside global unicast 2000::/3
    [InlineData("5f00::1")]                  // SRv6 segment identifiers (RFC 9602)
    [InlineData("1::1")]
    public void AlwaysForbiddenAddresses_AreNeverAllowed(string text)
    {
        var address = IPAddress.Parse(text);
        Assert.True(WebhookUrlGuard.IsAlwaysForbidden(address));
        Assert.False(WebhookUrlGuard.IsPrivate(address));
        Assert.False(WebhookUrlGuard.IsAllowed(address, allowPrivateNetworks: false));
        Assert.False(WebhookUrlGuard.IsAllowed(address, allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fec0::1")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:c0a8:101::1")]          // 6to4 of 192.168.1.1
    [InlineData("::ffff:0:127.0.0.1")]        // IPv4-translated loopback
    [InlineData("::ffff:0:10.0.0.1")]
    [InlineData("64:ff9b:1::8.8.8.8")]        // local-use NAT64 is never global, whatever it carries
    [InlineData("64:ff9b:1:ab00:808:8:800::")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo (RFC 4380's example), a tunnel to anywhere
    [InlineData("2001:2::1")]                 // benchmarking 2001:2::/48
    [InlineData("2001:10::1")]                // ORCHID, in IETF protocol assignments 2001::/23
    [InlineData("2001:1ff::1")]
    [InlineData("3fff::1")]                   // documentation (RFC 9637)
    [InlineData("3fff:fff:ffff::1")]
    [InlineData("100::1")]                    // discard-only
    [InlineData("100:0:0:1::1")]              // dummy prefix (RFC 9780)
    public void PrivateAddresses_AreAllowedOnlyWithPrivateNetworks(string text)
    {
        var address = IPAddress.Parse(text);
        Assert.True(WebhookUrlGuard.IsPrivate(address));
        Assert.False(WebhookUrlGuard.IsAlwaysForbidden(address));
        Assert.False(WebhookUrlGuard.IsAllowed(address, allowPrivateNetworks: false));
        Assert.True(WebhookUrlGuard.IsAllowed(address, allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("223.255.255.255")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("::ffff:0:8.8.8.8")]          // IPv4-translated form of a public address
    [InlineData("2002:808:808::1")]           // 6to4 of 8.8.8.8
    [InlineData("2001:200::1")]               // just past 2001::/23
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2a00:1450:4001::200e")]
    [InlineData("3fff:1000::1")]              // just past 3fff::/20
    [InlineData("3ffe::1")]
    public void PublicAddresses_AreAllowed(string text)
    {
        var address = IPAddress.Parse(text);
        Assert.True(WebhookUrlGuard.IsGlobal(address));
        Assert.False(WebhookUrlGuard.IsAlwaysForbidden(address));
        Assert.False(WebhookUrlGuard.IsPrivate(address));
        Assert.True(WebhookUrlGuard.IsAllowed(address, allowPrivateNetworks: false));
    }

    [Fact]
    public void AnIPv4MappedIPv6Address_IsJudgedLikeItsIPv4Address()
    {
        Gen.UInt.Sample(value =>
        {
            var v4 = new IPAddress(BitConverter.GetBytes(value));
            var mapped = v4.MapToIPv6();
            return WebhookUrlGuard.IsAlwaysForbidden(v4) == WebhookUrlGuard.IsAlwaysForbidden(mapped)
                && WebhookUrlGuard.IsPrivate(v4) == WebhookUrlGuard.IsPrivate(mapped)
                && !(WebhookUrlGuard.IsAlwaysForbidden(v4) && WebhookUrlGuard.IsPrivate(v4));
        }, iter: 20_000);
    }

    [Fact]
    public void EveryIPv6FormThatCarriesAnIPv4Address_IsJudgedLikeThatIPv4Address()
    {
        // ::ffff:0:a.b.c.d (IPv4-translated), 64:ff9b::a.b.c.d (NAT64) and 2002:aabb:ccdd:: (6to4) reach the IPv4 address.
        Gen.UInt.Sample(value =>
        {
            var v4 = BitConverter.GetBytes(value);
            var v4Address = new IPAddress(v4);
            byte[] translated = [0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, .. v4];
            byte[] nat64 = [0, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0, .. v4];
            byte[] sixToFour = [0x20, 0x02, .. v4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
            return new[] { translated, nat64, sixToFour }.Select(bytes => new IPAddress(bytes)).All(v6 =>
                WebhookUrlGuard.IsAlwaysForbidden(v6) == WebhookUrlGuard.IsAlwaysForbidden(v4Address)
                && WebhookUrlGuard.IsPrivate(v6) == WebhookUrlGuard.IsPrivate(v4Address)
                && WebhookUrlGuard.IsGlobal(v6) == WebhookUrlGuard.IsGlobal(v4Address));
        }, iter: 20_000);
    }

    [Fact]
    public void AnIPv6AddressOutsideGlobalUnicast_IsNeverGlobal_AndInsideIt_OnlyTheSpecialPurposeRangesAreNot()
    {
        Gen.Byte.Array[16].Sample(b =>
        {
            var global = WebhookUrlGuard.IsGlobal(new IPAddress(b));
            var carriesIPv4 = b[..10].All(x => x == 0) || (b[..8].All(x => x == 0) && b[8] == 0xFF) || b.AsSpan(0, 4).SequenceEqual((ReadOnlySpan<byte>)[0, 0x64, 0xFF, 0x9B]);
            if ((b[0] & 0xE0) != 0x20)
            {
                return carriesIPv4 || !global; // outside 2000::/3
            }

            var special = (b[0] == 0x20 && b[1] == 0x01 && b[2] < 0x02) // 2001::/23
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // 2001:db8::/32
                || (b[0] == 0x20 && b[1] == 0x02) // 2002::/16, judged by its IPv4 address
                || (b[0] == 0x3F && b[1] == 0xFF && b[2] < 0x10); // 3fff::/20
            return special || global;
        }, iter: 50_000);
    }

    [Fact]
    public void TheDeliveryHandler_FollowsNoRedirects_UsesNoProxy_AndRenewsPooledConnections()
    {
        using var handler = Guard().CreateHandler(allowPrivateNetworks: false, TimeSpan.FromSeconds(5));
        Assert.False(handler.AllowAutoRedirect);
        Assert.False(handler.UseProxy);
        Assert.Equal(TimeSpan.FromMinutes(2), handler.PooledConnectionLifetime);
        Assert.Equal(TimeSpan.FromSeconds(5), handler.ConnectTimeout);
        Assert.NotNull(handler.ConnectCallback);
    }

    [Fact]
    public async Task AtConnectTime_ANameResolvingToLoopback_IsRefused()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var guard = new WebhookUrlGuard(Resolver(("receiver.test", IPAddress.Loopback)));
        using var client = new HttpClient(guard.CreateHandler(allowPrivateNetworks: false, TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(
            () => client.GetAsync(new Uri($"http://receiver.test:{receiver.Port}/"), TestContext.Current.CancellationToken));
        Assert.True(WebhookUrlNotAllowedException.IsCauseOf(error), error.ToString());
        Assert.Equal(0, receiver.Requests);
    }

    [Fact]
    public async Task AtConnectTime_ALoopbackLiteral_IsRefused()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        using var client = new HttpClient(Guard().CreateHandler(allowPrivateNetworks: false, TimeSpan.FromSeconds(5)));

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(
            () => client.GetAsync(new Uri($"http://127.0.0.1:{receiver.Port}/"), TestContext.Current.CancellationToken));
        Assert.True(WebhookUrlNotAllowedException.IsCauseOf(error), error.ToString());
        Assert.Equal(0, receiver.Requests);
    }

    [Fact]
    public async Task AtConnectTime_WithPrivateNetworksAllowed_ALoopbackReceiverIsReached()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var guard = new WebhookUrlGuard(Resolver(("receiver.test", IPAddress.Loopback)));
        using var client = new HttpClient(guard.CreateHandler(allowPrivateNetworks: true, TimeSpan.FromSeconds(5)));

        using var response = await client.GetAsync(new Uri($"http://receiver.test:{receiver.Port}/"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, receiver.Requests);
    }

    [Fact]
    public async Task ANameThatWasPublicAtCreation_AndNowResolvesToLoopback_IsRefusedAtConnectTime()
    {
        await using var receiver = await LoopbackReceiver.StartAsync();
        var lookups = 0;
        var guard = new WebhookUrlGuard((_, _) =>
            Task.FromResult(Interlocked.Increment(ref lookups) == 1 ? new[] { PublicAddress } : [IPAddress.Loopback]));
        var uri = $"http://rebinding.test:{receiver.Port}/";

        Assert.Null(await guard.ValidateAsync(uri, allowPrivateNetworks: false, TestContext.Current.CancellationToken));

        using var client = new HttpClient(guard.CreateHandler(allowPrivateNetworks: false, TimeSpan.FromSeconds(5)));
        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(
            () => client.GetAsync(new Uri(uri), TestContext.Current.CancellationToken));
        Assert.True(WebhookUrlNotAllowedException.IsCauseOf(error), error.ToString());
        Assert.Equal(2, lookups);
        Assert.Equal(0, receiver.Requests);
    }

    private static WebhookUrlGuard Guard() => new(Resolver(
        ("receiver.test", PublicAddress),
        ("loopback.test", IPAddress.Loopback),
        ("intranet.test", IPAddress.Parse("10.20.30.40")),
        ("metadata.test", IPAddress.Parse("169.254.169.254"))));

    // Like Dns.GetHostAddressesAsync: unknown names fail with HostNotFound; "nowhere.test" has no addresses.
    private static Func<string, CancellationToken, Task<IPAddress[]>> Resolver(params (string Host, IPAddress Address)[] names) =>
        (host, _) => host == "nowhere.test"
            ? Task.FromResult(Array.Empty<IPAddress>())
            : names.Where(n => n.Host == host).Select(n => n.Address).ToArray() is { Length: > 0 } addresses
                ? Task.FromResult(addresses)
                : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));

    /// <summary>A real Kestrel server on 127.0.0.1 and a free port, answering "ok" and counting requests.</summary>
    private sealed class LoopbackReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private LoopbackReceiver(WebApplication app) => _app = app;

        public int Port => new Uri(_app.Urls.Single()).Port;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<LoopbackReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var receiver = new LoopbackReceiver(app);
            app.MapGet("/", () =>
            {
                Interlocked.Increment(ref receiver._requests);
                return "ok";
            });
            await app.StartAsync(TestContext.Current.CancellationToken);
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
