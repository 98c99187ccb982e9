using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Pipeline.FineTuning;
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

    /// <summary>Score only this many checkpoints, spread evenly over the series (first and last included); null: all.</summary>
    public int? Checkpoints { get; init; }

    /// <summary>Changes to the fine-tuning families' fixed protocol (null: the suite's own).</summary>
    public FineTuneOverrides? FineTune { get; init; }

    /// <summary>Where adapter fine-tunes save their adapters (default: an <c>adapters</c> folder beside the DB).</summary>
    public string? AdapterDir { get; init; }
}

/// <summary>One fine-tune set over the checkpoints of a scan: how many ran, their mean seconds and mean first and last loss.</summary>
public sealed record FineTuneCost(string Set, int Checkpoints, double SecondsPerCheckpoint, double FirstLoss, double LastLoss);

/// <summary>How a scan went: checkpoints scored now, found already scored, and passed over (with the reason).</summary>
public sealed record ScanOutcome(string RunName, int Scored, int AlreadyScored, IReadOnlyList<string> Skipped, double Seconds,
    IReadOnlyList<FineTuneCost> FineTunes)
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
        if (options.Suite == ScanSuite.Toy) checkpoints = OwnCheckpoints(checkpoints, options.Paths);
        // The whole series names the run, also when only some of its checkpoints are scored.
        string source = CheckpointDiscovery.CommonFolder(checkpoints);
        if (options.Checkpoints is int wanted) checkpoints = Spread(checkpoints, wanted);
        var suite = ScanSuite.Resolve(options.Suite, checkpoints, options.TokenizerPath, options.Families, options.FineTune);
        if (suite.Tasks.Count == 0) throw new UsageException($"--suite {options.Suite}: no tasks to score.");
        var suiteOptions = new SuiteOptions(Seeds: options.Seeds ?? suite.DefaultSeeds, MaxItems: options.MaxItems);
        // The series' folder names the run (a lone checkpoint: its own folder).
        // A lab run keeps its recipe's name and its kind, so the scores join those its monitors wrote during training.
        string runName = options.RunName ?? suite.Lab?.Recipe.Name ?? Path.GetFileName(source);
        var config = FirstConfig(checkpoints);

        using var store = ResultsStore.Open(options.DbPath);
        long runId = store.UpsertRun(suite.Lab is { } lab
            ? new RunRecord(runName, "lab", Path.GetFullPath(lab.Dir), lab.Recipe.Json)
            : new RunRecord(runName, "scan", source, null));
        var monitor = new SuiteMonitor(store, runId, suite.Tasks, suite.Tokenizer, suiteOptions, config, model => new CheckpointFineTuner(model, suite.Tokenizer));
        string adapterRoot = Path.Combine(options.AdapterDir ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DbPath))!, "adapters"), runName);
        int perCheckpoint = monitor.RequestsPerCheckpoint;
        Console.WriteLine($"scan: {checkpoints.Count} checkpoints of '{runName}' ({config.Family} L={config.Layers} C={config.Channels} V={config.VocabSize}), " +
            $"suite {suite.Name}: {suite.Tasks.Count} tasks, {perCheckpoint} requests per checkpoint → {store.Path}");
        foreach (var s in skipped) Console.WriteLine($"scan: skipped {s}");
        var sets = suite.Tasks.SelectMany(t => new[] { t.FineTune, t.Contrast }).OfType<FineTuneSet>().Distinct().ToArray();
        if (sets.Length > 0)
            Console.WriteLine($"scan: {sets.Length} fixed fine-tunes per checkpoint: {string.Join("; ", sets.Select(Describe))}");
        var costs = new Dictionary<string, List<FineTuneOutcome>>(StringComparer.Ordinal);
        var familyOf = suite.Tasks.SelectMany(t => new[] { t.FineTune, t.Contrast }.OfType<FineTuneSet>().Select(f => (f.Name, t.Family)))
            .DistinctBy(p => p.Name).ToDictionary(p => p.Name, p => p.Family, StringComparer.Ordinal);

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
                if (monitor.FineTuner is CheckpointFineTuner tuner) tuner.AdapterDirectory = Path.Combine(adapterRoot, name);
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
                    foreach (var f in monitor.LastFineTunes)
                    {
                        if (!costs.TryGetValue(f.Set, out var list)) costs[f.Set] = list = [];
                        list.Add(f);
                    }
                    if (monitor.LastFineTunes.Count > 0) KeepFineTunes(store, runId, c.Step, monitor.LastFineTunes, familyOf);
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
        var fineTunes = costs.Select(c => new FineTuneCost(c.Key, c.Value.Count, c.Value.Average(f => f.Seconds), c.Value.Average(f => f.FirstLoss), c.Value.Average(f => f.LastLoss))).ToArray();
        var outcome = new ScanOutcome(runName, scored, already, skipped, clock.Elapsed.TotalSeconds, fineTunes);
        Console.WriteLine($"scan: {scored} checkpoints scored, {already} already in the DB, {skipped.Count} skipped; " +
            $"{outcome.Seconds:F1} s in all{(scored > 0 ? $", {scoringSeconds / scored:F1} s per checkpoint scored" : "")} → {store.Path}");
        if (fineTunes.Length > 0)
            Console.WriteLine($"scan: fine-tuning cost per checkpoint: {fineTunes.Sum(f => f.SecondsPerCheckpoint):F2} s — " +
                string.Join(", ", fineTunes.Select(f => $"{f.Set} {f.SecondsPerCheckpoint:F2} s (loss {f.FirstLoss:F2} → {f.LastLoss:F2})")));
        if (scored + already == 0)
            throw new UsageException($"scan: none of the {checkpoints.Count} checkpoints could be scored; the first problem: {skipped[0]}");
        return outcome;
    }

    /// <summary>
    /// For the toy suite: a path that is a lab run directory (it holds recipe.json) gives its own checkpoints only, not
    /// those of the runs nested in it (data selection's arms under <c>datasel/</c>), which belong to other runs.
    /// </summary>
    static IReadOnlyList<FoundCheckpoint> OwnCheckpoints(IReadOnlyList<FoundCheckpoint> checkpoints, IReadOnlyList<string> paths)
    {
        var runs = paths.Where(p => File.Exists(Path.Combine(p, LabTraining.RunFile))).Select(p => Path.GetFullPath(p).TrimEnd(Path.DirectorySeparatorChar)).ToArray();
        if (runs.Length == 0) return checkpoints;
        return checkpoints.Where(c =>
        {
            string dir = Path.GetFullPath(c.Dir);
            string? run = runs.FirstOrDefault(r => dir.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal));
            return run is null || Path.GetDirectoryName(dir) == run;
        }).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> checkpoints spread evenly over the series by position, the first and the last always
    /// among them: position round(i·(n − 1)/(count − 1)) for i = 0…count − 1 (all when count ≥ n).
    /// </summary>
    internal static IReadOnlyList<FoundCheckpoint> Spread(IReadOnlyList<FoundCheckpoint> checkpoints, int count)
    {
        if (count < 1) throw new UsageException($"--checkpoints must be at least 1, got {count}.");
        int n = checkpoints.Count;
        if (count >= n) return checkpoints;
        if (count == 1) return [checkpoints[^1]];
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(i * (n - 1.0) / (count - 1))).Distinct().Select(i => checkpoints[i]).ToArray();
    }

    /// <summary>
    /// Stores the fine-tunes of the checkpoint at <paramref name="step"/> as <see cref="FindingKinds.FineTuneRun"/> findings,
    /// replacing that checkpoint's earlier rows of the same sets and keeping every other row.
    /// </summary>
    static void KeepFineTunes(ResultsStore store, long runId, long step, IReadOnlyList<FineTuneOutcome> outcomes, IReadOnlyDictionary<string, string> familyOf)
    {
        var sets = outcomes.Select(o => o.Set).ToHashSet(StringComparer.Ordinal);
        var kept = store.Findings(runId).Where(f => f.Kind == FindingKinds.FineTuneRun && !(f.Step == step && sets.Contains(f.Task ?? "")))
            .Select(f => new FindingRecord(f.Kind, f.Family, f.Task, f.Step, f.Value, f.Json));
        var added = outcomes.Select(o => new FindingRecord(FindingKinds.FineTuneRun, familyOf[o.Set], o.Set, step, o.Seconds,
            FindingJson.Write(new FineTuneRunFinding(familyOf[o.Set], o.Set, step, o.Steps, o.FirstLoss, o.LastLoss, o.Seconds))));
        store.ReplaceFindings(runId, FindingKinds.FineTuneRun, kept.Concat(added).ToArray());
    }

    /// <summary>"fresh_functions: 60 steps × 16 examples, lr 0.001, every weight" (or "rank-1 adapters").</summary>
    static string Describe(FineTuneSet set) =>
        $"{set.Name}: {set.Steps} steps × {set.Batch} examples of {set.Examples.Count}, lr {set.LearningRate:G3}, " +
        (set.UsesAdapters ? $"rank-{set.AdapterRank} adapters" : "every weight");

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
