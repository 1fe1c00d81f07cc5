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
/// A bar per kind on a terminal (redrawn in place), or one plain line per kind when the output is redirected (a log,
/// a pipe), so logs stay readable.
/// </summary>
public sealed class ConsoleImportProgress(TextWriter output, bool interactive) : IImportProgress
{
    private const int Width = 30;
    private string? kind;
    private int total;
    private int done;

    public void Reading(string what) => output.WriteLine($"reading {what} …");

    public void Start(string kind, int total)
    {
        (this.kind, this.total, done) = (kind, total, 0);
        Draw();
    }

    public void Advance(string kind)
    {
        done++;
        if (interactive && (done == total || done % 10 == 0))
        {
            Draw();
        }
    }

    public void Done(string kind)
    {
        if (interactive)
        {
            Draw();
            output.WriteLine();
        }
        else
        {
            output.WriteLine($"{kind,-18} {done}/{total}");
        }
    }

    private void Draw()
    {
        if (!interactive)
        {
            return;
        }

        var filled = total == 0 ? Width : (int)((long)Width * done / total);
        output.Write($"\r{kind,-18} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
    }
}
