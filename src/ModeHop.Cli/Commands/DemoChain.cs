using System.Globalization;
using ModeHop.Cli.Pipeline;
using ModeHop.Cli.Pipeline.Applications;
using ModeHop.Cli.Pipeline.Controls;
using ModeHop.Cli.Terminal;

namespace ModeHop.Cli.Commands;

/// <summary>
/// The demo's "explain and act" half, run on the freshly trained lab run with each analysis's defaults (data selection
/// shortened to <see cref="DataSelectionSteps"/> steps per arm): local stability, checkpoint averaging and
/// interpolation, then checkpoint selection, data selection and the generalisation predictors. Each prints what its own
/// verb prints and stores its findings in the run's DB; <see cref="Findings"/> condenses what issue 5 asks the demo to show.
/// </summary>
public sealed record DemoChain(StabilitySummary Stability, AveragingSummary Averaging, InterpolationSummary Interpolation,
    SelectionSummary Selection, DataSelectionSummary DataSelection, PredictorSummary Predictors, double Seconds)
{
    /// <summary>Steps of each data-selection arm in the demo (the verb's default is 1000).</summary>
    public const int DataSelectionSteps = 600;

    public static DemoChain Run(string runDir, string dbPath)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var lab = LabRun.Open(runDir);
        Console.WriteLine();
        var stability = LocalStability.Run(lab, new StabilityOptions(), new ProgressView());
        ControlsCommand.PrintStability(stability);
        Console.WriteLine();
        var averaging = CheckpointAveraging.Run(lab, new AveragingOptions(), new ProgressView());
        ControlsCommand.PrintAveraging(averaging);
        Console.WriteLine();
        var interpolation = Pipeline.Controls.Interpolation.Run(lab, new InterpolationOptions(), new ProgressView());
        ControlsCommand.PrintInterpolation(interpolation);
        Console.WriteLine();
        var selection = CheckpointSelection.Run(dbPath, null, new SelectionOptions(), Console.Out);
        SelectCommand.Print(selection);
        Console.WriteLine();
        var datasel = Pipeline.Applications.DataSelection.Run(runDir, new DataSelectionOptions { Steps = DataSelectionSteps });
        DataselCommand.Print(datasel);
        Console.WriteLine();
        var predictors = Pipeline.Applications.Predictors.Run(new PredictorOptions { DbPath = dbPath, Run = runDir });
        PredictorsCommand.Print(predictors);
        return new DemoChain(stability, averaging, interpolation, selection, datasel, predictors, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One line per claim: stability against hop sizes, averaging, interpolation, selection, data selection, predictors.</summary>
    public IEnumerable<string> Findings()
    {
        var s = Stability;
        string rates = string.Join(", ", s.Rows.Select(r => $"{Rate(r.LearningRate)} {r.MaxTaskAbsMarginChange:F2}"));
        yield return $"local stability: one AdamW step moves a task's margin by at most {rates} (lr: largest |Δ| over {s.Steps.Count} checkpoints × batch {string.Join("/", s.BatchSizes)}); " +
            $"a confirmed hop moves it by {s.MedianHopMarginChange:F2} (median of {s.TestHops}), neighbouring checkpoints by {s.MedianNeighbourMarginChange:F2} (mean over tasks); the run trained at lr {Rate(s.RecipeLearningRate)}";

        var hopping = Averaging.Families.Where(f => f.RawTaskHops > 0).ToArray();
        int raw = hopping.Sum(f => f.RawTaskHops), uniform = hopping.Sum(f => f.UniformTaskHops), ema = hopping.Sum(f => f.EmaTaskHops);
        string verdicts = string.Join(", ", hopping.Select(f => $"{f.Family} {f.RawTaskHops}→{f.UniformTaskHops}/{f.EmaTaskHops} ({f.UniformVerdict}/{f.EmaVerdict})"));
        yield return $"checkpoint averaging (uniform K={Averaging.Window} / EMA d={Averaging.Decay.ToString(CultureInfo.InvariantCulture)}): test hops {raw} → {uniform} / {ema}; {verdicts}";

        var curve = Interpolation.Curves.FirstOrDefault(c => !c.Control && Interpolation.HopTask is { } h && h.StartsWith(c.Family + "/", StringComparison.Ordinal))
            ?? Interpolation.Curves.Where(c => !c.Control).MaxBy(c => Math.Abs(c.Change));
        if (curve is not null)
            yield return $"interpolation step {Interpolation.FromStep} → {Interpolation.ToStep}: {curve.Family} ngp {curve.Ngp[0]:F2} → {curve.Ngp[^1]:F2}, {(curve.Monotone ? "monotone" : "not monotone")}, " +
                $"largest step {curve.LargestJump:+0.00;-0.00} at λ {curve.JumpFrom:0.##}→{curve.JumpTo:0.##}";

        var f = Selection.Finding;
        var neighbours = f.Checkpoints.Where(c => f.NeighbourSteps.Contains(c.Step)).Select(c => $"{c.Step} {c.HeldOut:F3}");
        string tuned = "";
        var pickTuned = f.FineTune.FirstOrDefault(t => t.Role == CheckpointSelection.Pick);
        var finalTuned = f.FineTune.FirstOrDefault(t => t.Role == CheckpointSelection.Final);
        if (pickTuned is not null && finalTuned is not null)
            tuned = $"; after the {f.FineTuneSteps}-step {f.FineTuneFamily} fine-tune {pickTuned.HeldOutAfter:F3} vs {finalTuned.HeldOutAfter:F3}";
        yield return $"checkpoint selection: step {f.PickStep} has held-out general probability {f.PickHeldOut:F3} vs the final step {f.FinalStep}'s {f.FinalHeldOut:F3} ({f.PickHeldOut - f.FinalHeldOut:+0.000;-0.000}); " +
            $"neighbours {string.Join(", ", neighbours)}{tuned}";

        var d = DataSelection;
        var labels = d.Windows.GroupBy(w => w.Label).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key}");
        var arms = d.Arms.Select(a => $"{a.Finding.Arm} {a.Finding.TaskHops} hops, held-out {a.Finding.FinalHeldOut:F3}");
        yield return $"data selection ({string.Join(", ", labels)} windows; {d.Steps} steps from step {d.FromStep}): {string.Join("; ", arms)}";

        var best = Predictors.Best.Select(b => $"{b.Finding.Metric} {PredictorMetrics.LayerName(b.Finding.BestLayer)} {b.Finding.Spearman:+0.00;-0.00} ({(b.BeatsBaseline ? "beats" : "within")} random p95 {b.Finding.RandomP95BestAbsSpearman:F2})");
        yield return $"predictors, best-layer Spearman ρ with the general probability over {Predictors.Steps.Count} checkpoints: {string.Join(", ", best)}";
    }

    static string Rate(double lr) => lr.ToString("0e+0", CultureInfo.InvariantCulture);
}
