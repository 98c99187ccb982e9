using System.Diagnostics;
using ModeHop.Cli.Findings;
using ModeHop.Cli.Terminal;
using ModeHop.Dynamics.Statistics;
using ModeHop.Lab;
using ModeHop.Store;
using ModeHop.Tensors;
using ModeHop.Training;
using ModeHop.Training.Checkpoints;
using ModeHop.Training.Optim;

namespace ModeHop.Cli.Pipeline.Controls;

/// <summary>Settings of <see cref="LocalStability"/>; the defaults are those of <c>modehop controls stability</c>.</summary>
public sealed record StabilityOptions
{
    /// <summary>Checkpoint steps to start from; null: the from-checkpoints of the largest test hops (see <see cref="LocalStability.DefaultSteps"/>).</summary>
    public IReadOnlyList<long>? Steps { get; init; }

    /// <summary>Learning rates of the one step (each ≥ 0; 0 leaves the weights unchanged).</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-5, 1e-4, 1e-3, 1e-2];

    /// <summary>Rows of the one step's batch; null: 1, 8 and the recipe's batch size.</summary>
    public IReadOnlyList<int>? BatchSizes { get; init; }

    /// <summary>Seeds the choice of the batch's step (see <see cref="LocalStability.BatchStep"/>).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>How many checkpoints the default choice takes.</summary>
    public int DefaultCheckpoints { get; init; } = 4;
}

/// <summary>
/// The largest change one step made at one learning rate, over the checkpoints and batch sizes tried: of the mean over
/// the test tasks (at <paramref name="AtStep"/>, <paramref name="AtBatchSize"/>), and of a single test task
/// (<paramref name="MaxTask"/>, the comparable quantity to a hop, which is one task's margin change).
/// </summary>
public sealed record StabilityRow(double LearningRate, double MaxMeanAbsMarginChange, double MaxMeanAbsNgpChange, long AtStep, int AtBatchSize,
    double MaxTaskAbsMarginChange, string MaxTask, double RatioToNeighbour, double RatioToHop, double TaskRatioToHop);

/// <summary>
/// A confirmed test hop that starts at a chosen checkpoint, and how much of it one step does: per learning rate, the
/// largest over batch sizes of the task's one-step margin change along the hop's direction, divided by the hop's
/// margin change (1 = the whole hop in one step; negative = the step went the other way).
/// </summary>
public sealed record StabilityHop(string Family, string Task, long FromStep, long ToStep, string From, string To, double MarginChange,
    IReadOnlyList<double> ShareByLearningRate);

/// <summary>
/// What <see cref="LocalStability.Run"/> found: one finding per (checkpoint, learning rate, batch size), the largest
/// change per learning rate, the median change between the chosen checkpoints and their neighbours, the median
/// |margin change| of the run's confirmed test hops (NaN when it has none), and the share of each hop starting at a
/// chosen checkpoint that one step does.
/// </summary>
public sealed record StabilitySummary(string Run, IReadOnlyList<long> Steps, IReadOnlyList<double> LearningRates, IReadOnlyList<int> BatchSizes,
    IReadOnlyList<StabilityFinding> Findings, IReadOnlyList<StabilityRow> Rows, double MedianNeighbourMarginChange, double MedianHopMarginChange,
    int TestHops, IReadOnlyList<StabilityHop> Hops, double RecipeLearningRate, double Seconds);

/// <summary>
/// Local stability: is a hop something one optimiser step could do? From a lab checkpoint, restore its weights and
/// AdamW moments, take ONE training step (clipped as in training) on a random training batch at each learning rate
/// and batch size, re-score the suite, and compare the change with the change between the checkpoint and its
/// neighbour and with the run's hop sizes. Every (checkpoint, lr, batch) starts again from the restored state.
/// </summary>
public static class LocalStability
{
    /// <summary>
    /// Runs the control and replaces the run's <see cref="FindingKinds.Stability"/> findings. Changes are
    /// |after − before| of each task's seed-averaged log_prob_margin and ngp, "before" being the restored checkpoint
    /// re-scored; the means are over the test tasks (controls left out), the per-task list holds every task.
    /// </summary>
    public static StabilitySummary Run(LabRun lab, StabilityOptions options, ProgressView? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var recipe = lab.Recipe;
        var preset = recipe.Training;
        var lrs = options.LearningRates.Distinct().ToArray();
        var batchSizes = (options.BatchSizes ?? [1, 8, preset.BatchSize]).Distinct().ToArray();
        if (lrs.Length == 0 || lrs.Any(lr => !(lr >= 0 && lr <= 1)))
            throw new UsageException($"learning rates (--lrs) must be in [0, 1], got {string.Join(", ", lrs)}.");
        if (batchSizes.Length == 0 || batchSizes.Any(b => b is < 1 or > 4096))
            throw new UsageException($"batch sizes (--batch-sizes) must be between 1 and 4096, got {string.Join(", ", batchSizes)}.");
        using var control = ControlRun.Open(lab);
        var steps = options.Steps is { } given ? given.Distinct().ToArray() : DefaultSteps(control, options.DefaultCheckpoints);
        if (steps.Length == 0) throw new UsageException($"{lab.Dir}: no checkpoint to start from; give --steps.");
        var indices = steps.Select(control.IndexOf).ToArray();

        var model = control.Monitor.Model;
        var optimizer = new AdamW(model.Parameters, preset.Optimizer);
        var trainStep = new TrainStep(model, optimizer, preset.ClipNorm);
        var corpus = new LabCorpus(recipe, lab.World);
        int T = preset.SeqLen, maxRows = batchSizes.Max();
        var inputs = new int[maxRows * T];
        var targets = new int[maxRows * T];
        var findings = new List<StabilityFinding>();
        long total = (long)indices.Length * (1 + lrs.Length * batchSizes.Length);

        int Work(Action<long, string> report)
        {
            long done = 0;
            foreach (int i in indices)
            {
                var c = control.Checkpoints[i];
                int neighbour = i + 1 < control.Checkpoints.Count ? i + 1 : i - 1;
                void Restore()
                {
                    Checkpoint.LoadWeights(c.Dir, model);
                    Checkpoint.LoadOptimizer(c.Dir, model, optimizer);
                }
                Restore();
                var before = control.Evaluate(c.Step, c.Tokens);
                report(++done, $"step {c.Step}");
                // One batch per checkpoint: its first b rows are the batch of size b (LabCorpus rows are independent streams).
                corpus.Fill(BatchStep(control, i, options.Seed), maxRows, T, inputs, targets);
                var (neighbourMargin, neighbourNgp) = neighbour >= 0 ? NeighbourChange(control, c.Step, control.Checkpoints[neighbour].Step) : (0, 0);
                foreach (double lr in lrs)
                    foreach (int b in batchSizes)
                    {
                        Restore();
                        trainStep.Run(inputs[..(b * T)], targets[..(b * T)], b, T, (float)lr);
                        var after = control.Evaluate(c.Step, c.Tokens);
                        var tasks = before.Zip(after, (x, y) => new TaskChange(x.Task.Family, x.Task.Name, x.Task.Control,
                            x.Ngp, y.Ngp, x.Point.LogProbMargin, y.Point.LogProbMargin)).ToArray();
                        var test = tasks.Where(t => !t.Control).ToArray();
                        findings.Add(new StabilityFinding(c.Step, neighbour >= 0 ? control.Checkpoints[neighbour].Step : c.Step, lr, b,
                            test.Average(t => Math.Abs(t.MarginAfter - t.MarginBefore)), test.Average(t => Math.Abs(t.NgpAfter - t.NgpBefore)),
                            neighbourMargin, neighbourNgp, tasks));
                        report(++done, $"step {c.Step} lr {lr:G3} batch {b}");
                    }
            }
            return 0;
        }
        if (progress is null) Work((_, _) => { });
        else progress.Run("stability", total, Work, unit: "scorings");

        control.Store.ReplaceFindings(control.Run.Id, FindingKinds.Stability, findings
            .Select(f => new FindingRecord(FindingKinds.Stability, null, null, f.CheckpointStep, f.MeanAbsMarginChange, FindingJson.Write(f))).ToArray());

        var hops = control.Analysis.Where(a => !a.Task.Control).SelectMany(a => a.Dynamics.Candidates.Where(h => h.Confirmed)).ToArray();
        double medianHop = OrderStatistics.Median(hops.Select(h => Math.Abs(h.MarginChange)));
        double medianNeighbour = OrderStatistics.Median(findings.GroupBy(f => f.CheckpointStep).Select(g => g.First().NeighbourMeanAbsMarginChange));
        var rows = lrs.Select(lr =>
        {
            var atRate = findings.Where(f => f.LearningRate == lr).ToArray();
            var largest = atRate.MaxBy(f => f.MeanAbsMarginChange)!;
            var task = atRate.SelectMany(f => f.Tasks.Where(t => !t.Control)).MaxBy(t => Math.Abs(t.MarginAfter - t.MarginBefore))!;
            double taskChange = Math.Abs(task.MarginAfter - task.MarginBefore);
            return new StabilityRow(lr, largest.MeanAbsMarginChange, atRate.Max(f => f.MeanAbsNgpChange), largest.CheckpointStep, largest.BatchSize,
                taskChange, $"{task.Family}/{task.Task}", largest.MeanAbsMarginChange / medianNeighbour, largest.MeanAbsMarginChange / medianHop, taskChange / medianHop);
        }).ToArray();
        var chosen = steps.ToHashSet();
        var hopShares = control.Analysis.Where(a => !a.Task.Control)
            .SelectMany(a => a.Dynamics.Candidates.Where(h => h.Confirmed && chosen.Contains(h.FromStep)).Select(h => (a.Task, Hop: h)))
            .OrderBy(x => steps.AsSpan().IndexOf(x.Hop.FromStep)).ThenByDescending(x => Math.Abs(x.Hop.MarginChange))
            .Select(x => new StabilityHop(x.Task.Family, x.Task.Task, x.Hop.FromStep, x.Hop.ToStep, x.Hop.From.ToString(), x.Hop.To.ToString(), x.Hop.MarginChange,
                lrs.Select(lr => findings.Where(f => f.CheckpointStep == x.Hop.FromStep && f.LearningRate == lr)
                    .SelectMany(f => f.Tasks.Where(t => !t.Control && t.Family == x.Task.Family && t.Task == x.Task.Task))
                    .Max(t => (t.MarginAfter - t.MarginBefore) / x.Hop.MarginChange)).ToArray()))
            .ToArray();
        return new StabilitySummary(control.Run.Name, steps, lrs, batchSizes, findings, rows, medianNeighbour, medianHop, hops.Length, hopShares, preset.LearningRate, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The default checkpoints: the from-checkpoint of each of the largest confirmed hops of the test tasks (by
    /// |margin change|), distinct, at most <paramref name="count"/>; for a run without hops, <paramref name="count"/>
    /// checkpoints evenly spaced over the run (first and last included).
    /// </summary>
    public static long[] DefaultSteps(ControlRun control, int count)
    {
        var onDisk = control.Checkpoints.Select(c => c.Step).ToHashSet();
        var fromHops = control.Analysis.Where(a => !a.Task.Control)
            .SelectMany(a => a.Dynamics.Candidates.Where(h => h.Confirmed))
            .OrderByDescending(h => Math.Abs(h.MarginChange)).ThenBy(h => h.FromStep)
            .Select(h => h.FromStep).Where(onDisk.Contains).Distinct().Take(count).ToArray();
        if (fromHops.Length > 0) return fromHops;
        int n = control.Checkpoints.Count;
        if (count <= 1 || n == 1) return [control.Checkpoints[n - 1].Step];
        return Enumerable.Range(0, count).Select(k => control.Checkpoints[(int)Math.Round(k * (n - 1) / (double)(count - 1))].Step).Distinct().ToArray();
    }

    /// <summary>
    /// The training step whose batch the one step takes from checkpoint <paramref name="index"/>: drawn uniformly
    /// (stream (seed, checkpoint step)) from the steps the run trained on right after that checkpoint, [s, s′) with s′
    /// the next checkpoint (after the last one, as many steps past it as the gap before it), so the batch comes from the
    /// training distribution of that moment.
    /// </summary>
    public static long BatchStep(ControlRun control, int index, ulong seed)
    {
        var c = control.Checkpoints;
        long step = c[index].Step;
        long gap = index + 1 < c.Count ? c[index + 1].Step - step : index > 0 ? step - c[index - 1].Step : 1;
        var rng = Rng.ForStream(seed, 0x57AB, (ulong)step);
        return step + rng.NextInt((int)Math.Min(Math.Max(gap, 1), int.MaxValue));
    }

    /// <summary>Mean over the test tasks of |margin| and |ngp| change between two checkpoints, as the DB scored them.</summary>
    static (double Margin, double Ngp) NeighbourChange(ControlRun control, long step, long neighbour)
    {
        var test = Enumerable.Range(0, control.Lab.Tasks.Count).Where(t => !control.Lab.Tasks[t].Control).ToArray();
        double margin = test.Average(t => Math.Abs(control.Stored(t, neighbour).Point.LogProbMargin - control.Stored(t, step).Point.LogProbMargin));
        double ngp = test.Average(t => Math.Abs(control.Stored(t, neighbour).Ngp - control.Stored(t, step).Ngp));
        return (margin, ngp);
    }
}
