using System.Diagnostics;
using ModeHop.Cli.Terminal;
using ModeHop.Models.HuggingFace;
using ModeHop.Store;
using ModeHop.Suite;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline;

/// <summary>What <c>modehop scan</c> was asked to do; the defaults keep a checkpoint cheap.</summary>
public sealed record ScanOptions
{
    public required IReadOnlyList<string> Paths { get; init; }
    public required string DbPath { get; init; }
    public string Suite { get; init; } = ScanSuite.English;
    public IReadOnlyList<string>? Families { get; init; }
    public int? Seeds { get; init; }
    public int? MaxItems { get; init; } = ScanJob.DefaultMaxItems;
    public string? RunName { get; init; }
    public long? TokensPerStep { get; init; }
    public string? TokenizerPath { get; init; }
}

/// <summary>How a scan went: checkpoints scored now, found already scored, and passed over (with the reason).</summary>
public sealed record ScanOutcome(string RunName, int Scored, int AlreadyScored, IReadOnlyList<string> Skipped, double Seconds)
{
    public double SecondsPerCheckpoint => Scored == 0 ? 0 : Seconds / Scored;
}

/// <summary>
/// <c>modehop scan</c>: scores a suite on every checkpoint of a series into the results DB, in step order. The store
/// keeps each checkpoint in one transaction and skips tasks already scored, so a killed scan re-run with the same
/// arguments continues where it stopped; a checkpoint that cannot be read is reported and skipped.
/// </summary>
public static class ScanJob
{
    public const int DefaultMaxItems = 24;

    public static ScanOutcome Run(ScanOptions options)
    {
        var clock = Stopwatch.StartNew();
        var discovery = CheckpointDiscovery.Find(options.Paths, options.TokensPerStep);
        var skipped = new List<string>(discovery.Skipped);
        var checkpoints = discovery.Checkpoints;
        if (checkpoints.Count == 0)
            throw new UsageException($"{string.Join(", ", options.Paths)}: no checkpoint directory found (a directory holding config.json){(skipped.Count > 0 ? "; " + skipped[0] : "")}.");
        var suite = ScanSuite.Resolve(options.Suite, checkpoints, options.TokenizerPath, options.Families);
        if (suite.Tasks.Count == 0) throw new UsageException($"--suite {options.Suite}: no tasks to score.");
        var suiteOptions = new SuiteOptions(Seeds: options.Seeds ?? suite.DefaultSeeds, MaxItems: options.MaxItems);
        // The series' folder names the run (a lone checkpoint: its own folder).
        string source = CheckpointDiscovery.CommonFolder(checkpoints);
        string runName = options.RunName ?? Path.GetFileName(source);
        var config = FirstConfig(checkpoints);

        using var store = ResultsStore.Open(options.DbPath);
        long runId = store.UpsertRun(new RunRecord(runName, "scan", source, null));
        var monitor = new SuiteMonitor(store, runId, suite.Tasks, suite.Tokenizer, suiteOptions, config);
        int perCheckpoint = monitor.RequestsPerCheckpoint;
        Console.WriteLine($"scan: {checkpoints.Count} checkpoints of '{runName}' ({config.Family} L={config.Layers} C={config.Channels} V={config.VocabSize}), " +
            $"suite {suite.Name}: {suite.Tasks.Count} tasks, {perCheckpoint} requests per checkpoint → {store.Path}");
        foreach (var s in skipped) Console.WriteLine($"scan: skipped {s}");

        int scored = 0, already = 0;
        double scoringSeconds = 0;
        new ProgressView().Run("scan", (long)checkpoints.Count * perCheckpoint, report =>
        {
            for (int i = 0; i < checkpoints.Count; i++)
            {
                var c = checkpoints[i];
                long before = (long)i * perCheckpoint;
                string name = Path.GetFileName(c.Dir);
                var pace = Stopwatch.StartNew();
                var progress = new SyncProgress(done => report(before + done, Status(name, i, checkpoints.Count, scoringSeconds + pace.Elapsed.TotalSeconds, scored, done, perCheckpoint)));
                try
                {
                    var results = monitor.Score(c.Dir, c.Step, c.Tokens, progress);
                    if (results.Count == 0) already++;
                    else
                    {
                        scored++;
                        scoringSeconds += pace.Elapsed.TotalSeconds;
                    }
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
                {
                    skipped.Add($"{c.Dir}: {e.Message}");
                    Console.WriteLine($"scan: skipped {c.Dir}: {e.Message}");
                }
                if (!progress.Reached(perCheckpoint)) report(before + perCheckpoint, Status(name, i + 1, checkpoints.Count, scoringSeconds, scored, 0, perCheckpoint));
            }
            return 0;
        }, unit: "requests");
        var outcome = new ScanOutcome(runName, scored, already, skipped, clock.Elapsed.TotalSeconds);
        Console.WriteLine($"scan: {scored} checkpoints scored, {already} already in the DB, {skipped.Count} skipped; " +
            $"{outcome.Seconds:F1} s in all{(scored > 0 ? $", {scoringSeconds / scored:F1} s per checkpoint scored" : "")} → {store.Path}");
        if (scored + already == 0)
            throw new UsageException($"scan: none of the {checkpoints.Count} checkpoints could be scored; the first problem: {skipped[0]}");
        return outcome;
    }

    /// <summary>"step3000 (4/10) 312/1344 requests · ETA 95 s": the ETA from this process's pace per checkpoint.</summary>
    static string Status(string name, int index, int count, double seconds, int scored, int requestsDone, int perCheckpoint)
    {
        double fraction = scored + (double)requestsDone / Math.Max(1, perCheckpoint);
        string eta = fraction > 0 ? $"ETA {seconds / fraction * (count - index - (double)requestsDone / Math.Max(1, perCheckpoint)):F0} s" : "ETA …";
        return $"{name} ({Math.Min(index + 1, count)}/{count}) {requestsDone}/{perCheckpoint} requests · {eta}";
    }

    /// <summary>The model shape: the first checkpoint whose config.json reads (one that differs is skipped later).</summary>
    static ModeHop.Models.Transformer.ModelConfig FirstConfig(IReadOnlyList<FoundCheckpoint> checkpoints)
    {
        string? firstProblem = null;
        foreach (var c in checkpoints)
        {
            try
            {
                return HfCheckpoint.ReadConfig(c.Dir);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                firstProblem ??= e.Message;
            }
        }
        throw new UsageException($"{checkpoints[0].Dir}: no checkpoint has a readable config.json; {firstProblem}");
    }

    /// <summary>A synchronous progress sink (Progress&lt;T&gt; would post to the thread pool and report late).</summary>
    sealed class SyncProgress(Action<int> onReport) : IProgress<int>
    {
        int last;

        public void Report(int value) => onReport(last = value);

        public bool Reached(int value) => last >= value;
    }
}
