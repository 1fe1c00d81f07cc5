using System.Globalization;
using System.Runtime.InteropServices;

namespace Planwerk.Bench;

/// <summary>
/// Samples a process's resident memory (<c>/proc/PID/status</c>: VmRSS, and the kernel's own peak VmHWM) every
/// <c>--interval-ms</c> until the process ends or this one is told to stop (SIGTERM/SIGINT), rewriting
/// <c>--out</c> after every sample so that a stop at any moment leaves a complete record:
/// <c>start_kb</c>, <c>max_rss_kb</c>, <c>hwm_kb</c>, <c>samples</c>.
/// </summary>
internal static class MemorySampler
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var pid = args["pid"];
        var output = args["out"];
        var interval = TimeSpan.FromMilliseconds(args.Int("interval-ms", 50));
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        long? start = null;
        long max = 0;
        var samples = 0;
        while (!stop.IsCancellationRequested && Read(pid) is var (rss, hwm))
        {
            start ??= rss;
            max = Math.Max(max, rss);
            samples++;
            await File.WriteAllTextAsync(output + ".tmp", string.Create(CultureInfo.InvariantCulture,
                $"start_kb={start}\nmax_rss_kb={max}\nhwm_kb={hwm}\nsamples={samples}\n"), CancellationToken.None);
            File.Move(output + ".tmp", output, overwrite: true);
            try
            {
                await Task.Delay(interval, stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return 0;
    }

    private static (long Rss, long Hwm)? Read(string pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kb(line);
                }
            }

            return (rss, hwm);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
