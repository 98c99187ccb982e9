using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Dynamics;
using ModeHop.Lab;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>Settings of data selection; <see cref="FromStep"/> null: the first checkpoint at or after the end of the first window.</summary>
public sealed record DataSelectionOptions
{
    public long? FromStep { get; init; }
    public int Steps { get; init; } = 1000;
    public double Threshold { get; init; }

    /// <exception cref="UsageException">A value out of range.</exception>
    public void Validate()
    {
        if (Steps < 1) throw new UsageException($"--steps must be 1 or more, got {Steps}.");
        if (!(Threshold >= 0 && double.IsFinite(Threshold))) throw new UsageException($"--threshold must be 0 or more, got {Threshold}.");
        if (FromStep is < 0) throw new UsageException($"--from must be a checkpoint step (0 or more), got {FromStep}.");
    }
}

/// <summary>An arm that was run: its finding, whether this call trained or scored anything, and how long it took.</summary>
public sealed record DataArmOutcome(DataArmFinding Finding, bool Trained, double Seconds);

/// <summary>An arm that was not run, and why.</summary>
public sealed record SkippedArm(string Arm, string Reason);

/// <summary>What data selection did: the windows and their labels, the arms, and the time.</summary>
public sealed record DataSelectionSummary(string RunDir, string RunName, long FromStep, int Steps, double Threshold,
    IReadOnlyList<DataWindowFinding> Windows, IReadOnlyList<DataArmOutcome> Arms, IReadOnlyList<SkippedArm> Skipped, double Seconds);

/// <summary>
/// Data selection (DESIGN.md, Applications 2): label each window of a lab run pro-general, pro-pattern or neutral by the
/// margin change it caused (<see cref="DataWindows"/>), then continue one checkpoint for the same number of steps with
/// the same seed and learning-rate schedule in three arms (<see cref="DataArm"/>): <c>uncontrolled</c> (the recipe's own
/// windows), <c>pro-pattern</c> and <c>pro-general</c> (after the start, the mixtures of the windows carrying that label
/// take turns). The first window is labelled but its mixture enters no arm: it trains from the initialisation, so its
/// margin change is the circuits forming, not what its mixture favours. Each arm's hops, final modes and held-out
/// general probability are read from its own results DB; the windows and arms are stored as findings of the main run.
/// </summary>
public static class DataSelection
{
    /// <summary>Runs data selection on the lab run in <paramref name="runDir"/> (arms already finished are reused).</summary>
    public static DataSelectionSummary Run(string runDir, DataSelectionOptions options)
    {
        options.Validate();
        var clock = Stopwatch.StartNew();
        var lab = LabRun.Open(runDir);
        var checkpoints = lab.Checkpoints();
        if (checkpoints.Count == 0) throw new InvalidDataException($"{runDir}: holds no complete checkpoint; train the run first.");
        long finalStep = checkpoints[^1].Step;
        var windows = DataWindows.Walk(lab.Recipe, finalStep);

        IReadOnlyList<DataWindowFinding> labels;
        long mainRunId;
        if (!File.Exists(lab.DbPath)) throw new FileNotFoundException($"{lab.DbPath}: no such file; expected the run's results DB (written by its monitors).", lab.DbPath);
        using (var store = ResultsStore.Open(lab.DbPath, create: false))
        {
            var run = store.FindRun(lab.Recipe.Name)
                ?? throw new InvalidDataException($"{lab.DbPath}: holds no run named '{lab.Recipe.Name}' (the name in {LabTraining.RunFile}); score the run first.");
            mainRunId = run.Id;
            labels = DataWindows.Label(windows, DataWindows.Margins(RunAnalysis.Prompted(RunAnalysis.Analyze(store, run, new ModeRule())).ToArray()), options.Threshold);
        }

        long from = options.FromStep ?? DefaultFrom(windows, checkpoints);
        lab.CheckpointDir(from); // a clear error when --from is not a checkpoint

        var arms = new List<DataArmOutcome>();
        var skipped = new List<SkippedArm>();
        foreach (string name in DataArm.Names)
        {
            IReadOnlyList<Window>? pool = null;
            if (name != DataArm.Uncontrolled)
            {
                pool = windows.Zip(labels).Skip(1).Where(x => x.Second.Label == name).Select(x => x.First.Mixture).ToArray();
                if (pool.Count == 0)
                {
                    skipped.Add(new SkippedArm(name, $"no window after the first is labelled {name}"));
                    continue;
                }
            }
            var arm = DataArm.Create(lab, name, from, options.Steps, windows, pool);
            var armClock = Stopwatch.StartNew();
            bool trained = arm.Run(lab);
            arms.Add(new DataArmOutcome(Analyze(arm, options.Steps), trained, armClock.Elapsed.TotalSeconds));
        }

        using (var store = ResultsStore.Open(lab.DbPath, create: false))
        {
            store.ReplaceFindings(mainRunId, FindingKinds.DataWindow,
                labels.Select(l => new FindingRecord(FindingKinds.DataWindow, null, null, l.ToStep, l.MarginChange, FindingJson.Write(l))).ToArray());
            store.ReplaceFindings(mainRunId, FindingKinds.DataArm,
                arms.Select(a => new FindingRecord(FindingKinds.DataArm, null, null, a.Finding.FromStep, a.Finding.FinalHeldOut, FindingJson.Write(a.Finding))).ToArray());
        }
        return new DataSelectionSummary(Path.GetFullPath(runDir), lab.Recipe.Name, from, options.Steps, options.Threshold, labels, arms, skipped, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The first checkpoint at or after the end of the first window (the end of the warm-up), else the final checkpoint.</summary>
    public static long DefaultFrom(IReadOnlyList<RunWindow> windows, IReadOnlyList<(long Step, string Dir)> checkpoints)
    {
        long end = windows.Count > 0 ? windows[0].ToStep : 0;
        foreach (var (step, _) in checkpoints)
            if (step >= end) return step;
        return checkpoints[^1].Step;
    }

    /// <summary>An arm's hops, final modes and held-out general probability from its own DB; its hops are stored there as findings.</summary>
    static DataArmFinding Analyze(DataArm arm, int steps)
    {
        using var store = ResultsStore.Open(arm.DbPath, create: false);
        var run = store.FindRun(arm.Recipe.Name) ?? throw new InvalidDataException($"{arm.DbPath}: holds no run named '{arm.Recipe.Name}'; delete {arm.Dir} and run datasel again.");
        var tasks = RunAnalysis.Analyze(store, run, new ModeRule());
        RunAnalysis.WriteFindings(store, run, tasks);
        var hops = RunAnalysis.HopsByFamily(tasks);
        var finalModes = tasks.Where(t => !t.Task.Control && t.Dynamics.Modes.Count > 0)
            .GroupBy(t => t.Task.Family).ToDictionary(g => g.Key, g => g.Last().Dynamics.Modes[^1].ToString());
        var split = SplitScores.ForRun(store, run);
        return new DataArmFinding(arm.Name, arm.FromStep, steps, arm.Recipe.Name, arm.Dir, hops.Sum(h => h.TaskHops), hops.Sum(h => h.ControlHops),
            finalModes, split.Count > 0 ? split[^1].HeldOut : double.NaN, split.Select(p => p.Step).ToArray(), split.Select(p => p.HeldOut).ToArray());
    }
}
