using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Planwerk.Infrastructure.Hosting;

namespace Planwerk.Accounts;

/// <summary>The sign-in and sign-up throttle's settings (section <c>Planwerk:Logins</c>; docs/deploy.md).</summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Planwerk:Logins";

    /// <summary>Failed sign-ins on one account (any address) before its back-off starts.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int AccountFreeAttempts { get; set; } = 5;

    /// <summary>Failed sign-ins from one client address (any account) before its back-off starts.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int AddressFreeAttempts { get; set; } = 20;

    /// <summary>Sign-up and invitation posts from one client address before their back-off starts.</summary>
    [Range(0, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int SignupFreeAttempts { get; set; } = 20;

    /// <summary>The first wait; each further failure doubles it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A key's failures are forgotten this long after its last one (and never before its wait is over).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an address an account signed in from stays exempt from that account's back-off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "10675199.02:48:05.4775807", ParseLimitsInInvariantCulture = true, ErrorMessage = Settings.AtLeast)]
    public TimeSpan KnownAddressFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At most this many keys per counter are kept in memory (the oldest and least telling go first).</summary>
    [Range(1, int.MaxValue, ErrorMessage = Settings.AtLeast)]
    public int MaxEntries { get; set; } = 100_000;
}

/// <summary>What one failed sign-in did to the account's back-off.</summary>
/// <param name="Failures">The account's failures in a row (as its key counts them).</param>
/// <param name="NextWait">How long the account now waits for its next attempt from an address that failed on it.</param>
/// <param name="Escalated">True when this failure started the account's back-off or brought it to the longest wait: worth an audit row.</param>
public readonly record struct SignInFailure(int Failures, TimeSpan NextWait, bool Escalated);

/// <summary>
/// Throttles sign-ins and sign-ups by exponential back-off, in memory (per instance: behind a load balancer each
/// instance counts for itself; docs/deploy.md). No account is ever locked: after the free attempts each further
/// failure doubles the wait (1 s, 2 s, 4 s … up to 15 min) before the next attempt is even checked.
/// <list type="bullet">
/// <item>Per client address (any e-mail): stops one address from trying many accounts.</item>
/// <item>Per account, keyed by the e-mail as typed (the same for an e-mail without an account, so the throttle
/// tells nothing about which exist). The owner is not locked out by someone else's failures: an address the
/// account signed in from in the last 30 days is exempt from the account's back-off, and an address that has not
/// failed on the account waits at most the first step (1 s).</item>
/// <item>Sign-up and invitation posts per client address.</item>
/// </list>
/// IPv6 addresses count per /64 network (what one subscriber usually gets).
/// </summary>
public sealed class LoginThrottle
{
    private readonly TimeProvider time;
    private readonly LoginThrottleOptions options;
    private readonly Backoff addresses;
    private readonly Backoff accounts;
    private readonly Backoff accountAddresses;
    private readonly Backoff signups;
    private readonly ConcurrentDictionary<string, DateTimeOffset> knownAddresses = new(StringComparer.Ordinal);

    public LoginThrottle(TimeProvider time, IOptions<LoginThrottleOptions> options)
    {
        this.time = time;
        this.options = options.Value;
        addresses = new Backoff(this.options, this.options.AddressFreeAttempts);
        accounts = new Backoff(this.options, this.options.AccountFreeAttempts);
        accountAddresses = new Backoff(this.options, this.options.AccountFreeAttempts);
        signups = new Backoff(this.options, this.options.SignupFreeAttempts);
    }

    /// <summary>How long a sign-in for <paramref name="email"/> from <paramref name="address"/> must wait; zero: check it now.</summary>
    public TimeSpan SignInWait(string email, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var (account, client) = (AccountKey(email), AddressKey(address));
        var wait = addresses.Wait(client, now);
        if (!IsKnown(account, client, now))
        {
            var failedHere = accountAddresses.Failures(account + " " + client, now) > 0;
            wait = Max(wait, accounts.Wait(account, now, failedHere ? null : options.FirstDelay));
        }

        return wait;
    }

    /// <summary>Counts a failed sign-in.</summary>
    public SignInFailure SignInFailed(string email, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var (account, client) = (AccountKey(email), AddressKey(address));
        addresses.Fail(client, now);
        accountAddresses.Fail(account + " " + client, now);
        var failures = accounts.Fail(account, now);
        var wait = accounts.Delay(failures);
        var escalated = failures == options.AccountFreeAttempts
            || (wait == options.MaxDelay && accounts.Delay(failures - 1) < options.MaxDelay);
        return new SignInFailure(failures, wait, escalated);
    }

    /// <summary>A successful sign-in: the account's back-off ends, and this address is known for it.</summary>
    public void SignInSucceeded(string email, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var (account, client) = (AccountKey(email), AddressKey(address));
        accounts.Reset(account);
        accountAddresses.Reset(account + " " + client);
        knownAddresses[account + " " + client] = now;
        if (knownAddresses.Count > options.MaxEntries)
        {
            var keep = options.MaxEntries / 10 * 9;
            foreach (var old in knownAddresses.OrderBy(k => k.Value).Take(knownAddresses.Count - keep).Select(k => k.Key).ToList())
            {
                knownAddresses.TryRemove(old, out _);
            }
        }
    }

    /// <summary>
    /// A sign-up or invitation post from <paramref name="address"/>: zero when it may go on (and it is counted),
    /// else how long to wait (and it is not counted).
    /// </summary>
    public TimeSpan SignupAttempt(IPAddress? address)
    {
        var now = time.GetUtcNow();
        var client = AddressKey(address);
        var wait = signups.Wait(client, now);
        if (wait == TimeSpan.Zero)
        {
            signups.Fail(client, now);
        }

        return wait;
    }

    /// <summary>The key of a client address: IPv4 as it is, IPv6 by its /64 network, no address as <c>unknown</c>.</summary>
    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }

    private static string AccountKey(string email) => email.Trim().ToUpperInvariant();

    private bool IsKnown(string account, string client, DateTimeOffset now) =>
        knownAddresses.TryGetValue(account + " " + client, out var at) && now - at <= options.KnownAddressFor;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Failures in a row per key, each with the time of the last one.</summary>
    private sealed class Backoff(LoginThrottleOptions options, int freeAttempts)
    {
        private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

        /// <summary>The wait after <paramref name="failures"/> failures: none for the free ones, then doubling up to the longest.</summary>
        public TimeSpan Delay(int failures)
        {
            if (failures < freeAttempts)
            {
                return TimeSpan.Zero;
            }

            var steps = Math.Min(failures - freeAttempts, 40);
            var ticks = options.FirstDelay.Ticks * Math.Pow(2, steps);
            return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
        }

        /// <summary>What is left of the wait after the last failure, that wait being at most <paramref name="atMost"/>.</summary>
        public TimeSpan Wait(string key, DateTimeOffset now, TimeSpan? atMost = null)
        {
            if (!entries.TryGetValue(key, out var entry) || Forgotten(entry, now))
            {
                return TimeSpan.Zero;
            }

            var delay = Delay(entry.Failures);
            var until = entry.Last + (atMost < delay ? atMost.Value : delay);
            return until > now ? until - now : TimeSpan.Zero;
        }

        public int Failures(string key, DateTimeOffset now) =>
            entries.TryGetValue(key, out var entry) && !Forgotten(entry, now) ? entry.Failures : 0;

        public int Fail(string key, DateTimeOffset now)
        {
            var entry = entries.AddOrUpdate(key, _ => new Entry(1, now),
                (_, old) => Forgotten(old, now) ? new Entry(1, now) : new Entry(old.Failures + 1, now));
            if (entries.Count > options.MaxEntries)
            {
                Trim(now);
            }

            return entry.Failures;
        }

        public void Reset(string key) => entries.TryRemove(key, out _);

        private bool Forgotten(Entry entry, DateTimeOffset now)
        {
            var delay = Delay(entry.Failures);
            return now - entry.Last >= (options.ForgetAfter > delay ? options.ForgetAfter : delay);
        }

        /// <summary>
        /// Drops forgotten keys, then those not (yet) waiting, then the oldest, down to nine tenths of the limit
        /// (so a full store is trimmed once per tenth, not on every failure).
        /// </summary>
        private void Trim(DateTimeOffset now)
        {
            var target = options.MaxEntries / 10 * 9;
            foreach (var key in entries.Where(e => Forgotten(e.Value, now)).Select(e => e.Key).ToList())
            {
                entries.TryRemove(key, out _);
            }

            if (entries.Count > target)
            {
                foreach (var key in entries.Where(e => e.Value.Failures < freeAttempts).Select(e => e.Key).ToList())
                {
                    entries.TryRemove(key, out _);
                }
            }

            if (entries.Count > target)
            {
                foreach (var key in entries.OrderBy(e => e.Value.Last).Take(entries.Count - target).Select(e => e.Key).ToList())
                {
                    entries.TryRemove(key, out _);
                }
            }
        }

        private readonly record struct Entry(int Failures, DateTimeOffset Last);
    }
}
