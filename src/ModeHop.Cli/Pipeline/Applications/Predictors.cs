using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Terminal;
using ModeHop.Dynamics;
using ModeHop.Dynamics.Statistics;
using ModeHop.Models.HuggingFace;
using ModeHop.Models.Transformer;
using ModeHop.Store;
using ModeHop.Training.Checkpoints;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>What <c>modehop predictors</c> was asked to do; the defaults are in one place.</summary>
public sealed record PredictorOptions
{
    public required string DbPath { get; init; }
    /// <summary>A run name, or a run's directory (a lab run, or a scanned series' folder); null: the DB's only run.</summary>
    public string? Run { get; init; }
    public int Examples { get; init; } = 64;
    /// <summary>Probe every K-th scored checkpoint (and always the last).</summary>
    public int Every { get; init; } = 1;
    public int RandomDraws { get; init; } = 1000;
    /// <summary>Seed of the sharpness directions and the random baseline.</summary>
    public ulong Seed { get; init; } = 1;
    public string? TokenizerPath { get; init; }
    public ProbeSettings Probe { get; init; } = new();
    /// <summary>Show a progress bar (or lines) on stdout; off for --json.</summary>
    public bool ShowProgress { get; init; } = true;
}

/// <summary>One metric's best layer beside the random-feature baseline (the stored <see cref="PredictorBestFinding"/>) and whether it clears the baseline's 95th percentile.</summary>
public sealed record PredictorBest(PredictorBestFinding Finding)
{
    public bool BeatsBaseline => double.IsFinite(Finding.Spearman) && Math.Abs(Finding.Spearman) > Finding.RandomP95BestAbsSpearman;
}

/// <summary>What <see cref="Predictors.Run"/> measured and stored.</summary>
public sealed record PredictorSummary(string RunName, IReadOnlyList<long> Steps, IReadOnlyList<double> GeneralProbability, int Examples, int Blocks,
    IReadOnlyList<PredictorFinding> Series, IReadOnlyList<PredictorBest> Best, int BackwardPassesPerCheckpoint, double Seconds)
{
    public double SecondsPerCheckpoint => Steps.Count == 0 ? 0 : Seconds / Steps.Count;
}

/// <summary>
/// Application 3, generalisation predictors (DESIGN.md, Applications): at every probed checkpoint of a run, each
/// <see cref="PredictorMetrics"/> metric at each of its layers on a fixed probe batch (<see cref="ProbeExamples"/>,
/// <see cref="LayerProbe"/>); the Spearman correlation of each (metric, layer) series with the run's general
/// probability across those checkpoints; per metric the best layer (largest |ρ|) beside the
/// <see cref="RandomFeatureBaseline"/>. Stores findings <c>predictor</c> and <c>predictor_best</c>.
/// </summary>
public static class Predictors
{
    public static PredictorSummary Run(PredictorOptions options)
    {
        if (options.Examples < 2) throw new UsageException($"--examples must be at least 2 (pairs of gradients, a covariance), got {options.Examples}.");
        if (options.Every < 1) throw new UsageException($"--every must be at least 1, got {options.Every}.");
        if (options.RandomDraws < 1) throw new UsageException($"--random-draws must be at least 1, got {options.RandomDraws}.");
        var clock = Stopwatch.StartNew();
        using var store = ResultsStore.Open(options.DbPath, create: false);
        var (run, runDir) = ResolveRun(store, options.Run);

        var (gpSteps, _, gpValues) = RunAnalysis.GeneralProbability(RunAnalysis.Analyze(store, run, new ModeRule()));
        var general = gpSteps.Select((s, i) => (s, gpValues[i])).ToDictionary(p => p.s, p => p.Item2);
        var scored = store.Checkpoints(run.Id).Where(c => general.ContainsKey(c.Step)).ToArray();
        var picked = scored.Where((_, i) => i % options.Every == 0 || i == scored.Length - 1).ToArray();
        if (picked.Length < 3)
            throw new UsageException($"{store.Path}: run '{run.Name}' has {scored.Length} scored checkpoints, {picked.Length} of them with --every {options.Every}; a rank correlation needs at least 3 (lower --every, or score more checkpoints).");
        var target = picked.Select(c => general[c.Step]).ToArray();
        if (target.All(v => v == target[0]))
            throw new InvalidDataException($"{store.Path}: run '{run.Name}' has the same general probability ({target[0]:F4}) at every probed checkpoint; there is nothing to correlate with.");

        var dirs = picked.Select(c => CheckpointDir(c, runDir)).ToArray();
        var config = HfCheckpoint.ReadConfig(dirs[0]);
        var model = new TransformerModel(config);
        foreach (var dir in dirs) HfCheckpoint.Verify(dir, model);                 // every shape, before hours of work
        var tokenizer = ScanSuite.CheckpointTokenizer(picked.Select((c, i) => new FoundCheckpoint(dirs[i], c.Step, c.Tokens)).ToArray(), options.TokenizerPath);
        var examples = ProbeExamples.Draw(store, run, options.Examples, tokenizer, config.VocabSize, config.MaxSeqLen);
        var probe = new LayerProbe(model, examples, options.Probe with { Seed = options.Seed });
        int L = config.Layers;
        var keys = PredictorMetrics.All.SelectMany(m => PredictorMetrics.Layers(m, L).Select(l => (Metric: m, Layer: l))).ToArray();
        var series = keys.ToDictionary(k => k, _ => new double[picked.Length]);
        if (options.ShowProgress)
            Console.WriteLine($"predictors: run '{run.Name}', {picked.Length} of {scored.Length} checkpoints (every {options.Every}), {examples.Count} probe examples, " +
                $"{config.Family} L={L} C={config.Channels}, {config.ParameterCount():N0} parameters");

        void Work(Action<long, string> report)
        {
            var pace = Stopwatch.StartNew();
            for (int i = 0; i < picked.Length; i++)
            {
                string name = $"step {picked[i].Step} ({i + 1}/{picked.Length})";
                Checkpoint.LoadWeights(dirs[i], model);
                int passes = Math.Max(1, probe.BackwardPasses);                  // the previous checkpoint's: the same work
                var (values, _) = probe.Measure(done => report(i, $"{name} gradients {done}/{(i == 0 ? "…" : passes)} · {Eta(pace.Elapsed.TotalSeconds, i, done / (double)passes, picked.Length)}"));
                foreach (var k in keys) series[k][i] = values[k];
                report(i + 1, $"{name} · {Eta(pace.Elapsed.TotalSeconds, i + 1, 0, picked.Length)}");
            }
        }
        if (options.ShowProgress) new ProgressView().Run("predictors", picked.Length, report => { Work(report); return 0; }, unit: "checkpoints");
        else Work((_, _) => { });

        var steps = picked.Select(c => c.Step).ToArray();
        var findings = keys.Select(k => new PredictorFinding(k.Metric, k.Layer, steps, series[k], Spearman(series[k], target))).ToArray();
        var best = new List<PredictorBest>();
        var baselines = new Dictionary<int, (double Mean, double P95)>();          // by row count: the draws depend on it alone
        foreach (var metric in PredictorMetrics.All)
        {
            var rows = findings.Where(f => f.Metric == metric).ToArray();
            var (row, rho) = BestCorrelation.Select(rows.Select(f => f.Values.ToArray()).ToArray(), target);
            if (!baselines.TryGetValue(rows.Length, out var baseline))
                baselines[rows.Length] = baseline = RandomFeatureBaseline.BestAbsSpearman(target, rows.Length, options.RandomDraws, options.Seed);
            var (mean, p95) = baseline;
            best.Add(new PredictorBest(new PredictorBestFinding(metric, row < 0 ? PredictorMetrics.WholeModel : rows[row].Layer, rho, mean, p95, options.RandomDraws)));
        }
        WriteFindings(store, run, findings, best);
        return new PredictorSummary(run.Name, steps, target, examples.Count, L, findings, best, probe.BackwardPasses, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Spearman's ρ of a metric series with the target; NaN when the series is constant or not finite.</summary>
    static double Spearman(IReadOnlyList<double> values, double[] target) =>
        values.All(double.IsFinite) ? Correlation.Spearman(values.ToArray(), target) : double.NaN;

    static void WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<PredictorFinding> series, IReadOnlyList<PredictorBest> best)
    {
        store.ReplaceFindings(run.Id, FindingKinds.Predictor,
            series.Select(f => new FindingRecord(FindingKinds.Predictor, null, null, null, FindingValue.OrNull(f.Spearman), FindingJson.Write(f))).ToArray());
        store.ReplaceFindings(run.Id, FindingKinds.PredictorBest,
            best.Select(b => new FindingRecord(FindingKinds.PredictorBest, null, null, null, FindingValue.OrNull(b.Finding.Spearman), FindingJson.Write(b.Finding))).ToArray());
    }

    /// <summary>"ETA 42 s" from the pace so far: <paramref name="done"/> checkpoints plus a <paramref name="fraction"/> of the next.</summary>
    static string Eta(double seconds, int done, double fraction, int total)
    {
        double progress = done + Math.Clamp(fraction, 0, 1);
        return progress <= 0 ? "ETA …" : $"ETA {seconds / progress * (total - progress):F0} s";
    }

    /// <summary>
    /// The run and the directory its checkpoints are in now. By directory: the run whose source is that directory,
    /// else for a lab run directory (one with recipe.json) the run named after its recipe, as a copied or moved lab run
    /// is. By name (or the DB's only run): for a lab run, its directory as <see cref="LabRunLocator"/> finds it (the DB's
    /// own directory, a lab run keeping its results.db beside its checkpoints, else the recorded source), so a copied or
    /// moved lab run reads its own checkpoints; otherwise none (the paths the DB recorded).
    /// </summary>
    static (RunRow Run, string? Dir) ResolveRun(ResultsStore store, string? run)
    {
        if (run is null || !Directory.Exists(run))
        {
            var named = RunAnalysis.PickRun(store, run);
            return (named, LabRunLocator.Dir(store.Path, named));
        }
        string dir = Path.GetFullPath(run).TrimEnd(Path.DirectorySeparatorChar);
        var bySource = store.Runs().FirstOrDefault(r => r.Source.TrimEnd(Path.DirectorySeparatorChar) == dir);
        if (bySource is not null) return (bySource, dir);
        if (LabRunLocator.RecipeName(dir) is { } name)
            return (store.FindRun(name) ?? throw new UsageException($"{dir}: a lab run of recipe '{name}', but {store.Path} has no run of that name; runs here: {string.Join(", ", store.Runs().Select(r => r.Name))}."), dir);
        throw new UsageException($"{dir}: no run of {store.Path} comes from this directory and it holds no {LabTraining.RunFile}; pass a run name ({string.Join(", ", store.Runs().Select(r => r.Name))}).");
    }

    /// <summary>
    /// Where a checkpoint is now: the folder of its name in the run's directory (<see cref="ResolveRun"/>) when there is
    /// one, else the path the DB recorded.
    /// </summary>
    static string CheckpointDir(CheckpointRow checkpoint, string? runDir)
    {
        string name = Path.GetFileName(checkpoint.Path.TrimEnd(Path.DirectorySeparatorChar));
        string? moved = runDir is null ? null : Path.Combine(runDir, name);
        if (moved is not null && Directory.Exists(moved)) return moved;
        if (Directory.Exists(checkpoint.Path)) return checkpoint.Path;
        throw new DirectoryNotFoundException($"{checkpoint.Path}: checkpoint of step {checkpoint.Step} not found{(moved is null ? "" : $" (nor {moved})")}; the predictors load every probed checkpoint: restore it, or pass --run DIR where the run now lives.");
    }
}
