using Spectre.Console;

namespace Planwerk.Import;

/// <summary>What one import run did: per kind, what it added and what was there already; what it dropped, and why.</summary>
public sealed class ImportReport
{
    private readonly SortedDictionary<string, int> added = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> present = new(StringComparer.Ordinal);
    private readonly SortedDictionary<(string Kind, string Reason), int> dropped = new();

    public IReadOnlyDictionary<string, int> Added => added;
    public IReadOnlyDictionary<string, int> AlreadyPresent => present;
    public IReadOnlyDictionary<(string Kind, string Reason), int> Dropped => dropped;

    /// <summary>The sections the source would not give, with its answer.</summary>
    public Dictionary<string, string> SourceRefused { get; } = new(StringComparer.Ordinal);

    public int TotalAdded => added.Values.Sum();

    public int DroppedOf(string kind) => dropped.Where(d => d.Key.Kind == kind).Sum(d => d.Value);

    internal void Add(string kind) => added[kind] = added.GetValueOrDefault(kind) + 1;
    internal void Present(string kind) => present[kind] = present.GetValueOrDefault(kind) + 1;
    internal void Drop(string kind, string reason) => dropped[(kind, reason)] = dropped.GetValueOrDefault((kind, reason)) + 1;

    public async Task WriteToAsync(TextWriter output)
    {
        await output.WriteLineAsync($"Imported {TotalAdded} item(s); {present.Values.Sum()} were there from an earlier run.");
        foreach (var kind in CloudSnapshot.Kinds.Where(k => added.ContainsKey(k) || present.ContainsKey(k)))
        {
            await output.WriteLineAsync($"  {kind,-18} {added.GetValueOrDefault(kind),6} added {present.GetValueOrDefault(kind),6} already there");
        }

        foreach (var (kind, reason) in SourceRefused)
        {
            await output.WriteLineAsync($"  {kind,-18} not read: the source answered {reason}");
        }

        if (dropped.Count == 0)
        {
            await output.WriteLineAsync("Nothing was dropped.");
            return;
        }

        await output.WriteLineAsync($"Dropped ({dropped.Values.Sum()}):");
        foreach (var ((kind, reason), count) in dropped)
        {
            await output.WriteLineAsync($"  {kind,-18} {count,6}  {reason}");
        }
    }
}

/// <summary>Told what an import is doing, for a progress bar per kind.</summary>
public interface IImportProgress
{
    /// <summary>The source is being read (<paramref name="what"/>, e.g. <c>tasks</c>).</summary>
    void Reading(string what);

    void Start(string kind, int total);

    void Advance(string kind);

    void Done(string kind);
}

/// <summary>Progress that goes nowhere (tests, the API).</summary>
public sealed class NoImportProgress : IImportProgress
{
    public static readonly NoImportProgress Instance = new();

    public void Reading(string what) { }
    public void Start(string kind, int total) { }
    public void Advance(string kind) { }
    public void Done(string kind) { }
}

/// <summary>
/// The CLI's progress: on a terminal a live bar per kind (Spectre.Console), redirected (a log, a pipe) one plain line per
/// kind, so logs stay readable.
/// </summary>
public static class ConsoleImportProgress
{
    /// <summary>Runs <paramref name="work"/> with a progress display on <paramref name="output"/>; the display has ended when this returns.</summary>
    public static async Task<T> RunAsync<T>(TextWriter output, Func<IImportProgress, Task<T>> work)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
        {
            return await work(new PlainLines(output));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return await console.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new Bars(context)));
    }

    /// <summary>A Spectre.Console task per kind (and an indeterminate one while the source is read).</summary>
    private sealed class Bars(ProgressContext context) : IImportProgress
    {
        private readonly Dictionary<string, ProgressTask> tasks = [];
        private ProgressTask? reading;

        public void Reading(string what)
        {
            StopReading();
            reading = context.AddTask(Markup.Escape($"reading {what}"), maxValue: 1).IsIndeterminate();
        }

        public void Start(string kind, int total)
        {
            StopReading();
            tasks[kind] = context.AddTask(Markup.Escape(kind), maxValue: Math.Max(total, 1));
        }

        public void Advance(string kind)
        {
            if (tasks.TryGetValue(kind, out var task))
            {
                task.Increment(1);
            }
        }

        public void Done(string kind)
        {
            if (tasks.TryGetValue(kind, out var task))
            {
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }

        private void StopReading()
        {
            if (reading is { } task)
            {
                task.IsIndeterminate(false).Value = task.MaxValue;
                task.StopTask();
                reading = null;
            }
        }
    }

    /// <summary>One line per source read and per kind done.</summary>
    private sealed class PlainLines(TextWriter output) : IImportProgress
    {
        private readonly Dictionary<string, (int Done, int Total)> counts = [];

        public void Reading(string what) => output.WriteLine($"reading {what} …");

        public void Start(string kind, int total) => counts[kind] = (0, total);

        public void Advance(string kind) => counts[kind] = counts.TryGetValue(kind, out var c) ? (c.Done + 1, c.Total) : (1, 0);

        public void Done(string kind) =>
            output.WriteLine(counts.TryGetValue(kind, out var c) ? $"{kind,-18} {c.Done}/{c.Total}" : $"{kind,-18} done");
    }
}
