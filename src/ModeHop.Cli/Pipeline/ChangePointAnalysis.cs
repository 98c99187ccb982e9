using ModeHop.Cli.Findings;
using ModeHop.Dynamics.ChangePoints;
using ModeHop.Dynamics.Statistics;
using ModeHop.Store;

namespace ModeHop.Cli.Pipeline;

/// <summary>How the change points of a task's ngp series are found.</summary>
/// <param name="Beta">β of the penalty β · σ̂² · ln n. The BIC of the l2 cost is 2σ² · ln n; 3 asks a little more, and
/// sits where the demo run's change points stop moving with β (docs/report.md gives the counts for β = 2 … 4).</param>
/// <param name="MinSize">The shortest segment, in checkpoints: 2, so every segment's mean rests on two checkpoints at
/// least (a lone outlier shows as a short segment with a neighbour, never as a segment of its own).</param>
/// <param name="NoiseFloor">The smallest σ̂ used, in ngp. A task that sits still (saturated at 0 or 1, σ̂ ≈ 0.001) would
/// otherwise get a penalty near 0 and a change point at every wobble of a hundredth. 0.03 is about the sampling error of
/// a mean over the suite's 64 items (per-item ngp spreads ≈ 0.25), and 7 px on the report's 0..1 axis.</param>
public sealed record ChangePointOptions(double Beta = 3, int MinSize = 2, double NoiseFloor = 0.03);

/// <summary>
/// Change points of every task's normalized general probability over checkpoints: PELT with the l2 cost (mean
/// shifts), penalty β · σ̂² · ln n with the noise σ̂ estimated robustly from the series itself, stored as findings of
/// kind <c>changepoint</c> (<see cref="ChangePointFinding"/>) beside the hops.
/// </summary>
/// <remarks>
/// σ̂ = 1.4826 · median |dᵢ| / √2 over the first differences dᵢ = xᵢ₊₁ − xᵢ: a difference of two values of noise σ
/// has standard deviation √2 · σ, and the median absolute value (× 1.4826, its ratio to σ for a centred Normal)
/// ignores the few large differences at the changes themselves, so the jumps do not inflate the noise that prices
/// them. The differences are not centred on their median on purpose: a steady drift (every dᵢ alike) would centre out
/// to σ̂ ≈ 0 and be cut into a staircase; uncentred, it raises σ̂ and so the shift a change point must explain.
/// σ̂ is floored at <see cref="ChangePointOptions.NoiseFloor"/>.
/// </remarks>
public static class ChangePointAnalysis
{
    /// <summary>1 / Φ⁻¹(3/4): the median absolute deviation of a Normal is 0.6745 σ.</summary>
    const double MadToSigma = 1.4826;

    /// <summary>σ̂ of <paramref name="series"/> (see the remarks); 0 for fewer than two values.</summary>
    public static double NoiseSigma(IReadOnlyList<double> series)
    {
        if (series.Count < 2)
            return 0;
        var differences = new double[series.Count - 1];
        for (int i = 0; i < differences.Length; i++)
            differences[i] = series[i + 1] - series[i];
        return MadToSigma * OrderStatistics.Median(differences.Select(Math.Abs)) / Math.Sqrt(2);
    }

    /// <summary>β · max(σ̂, floor)² · ln n, the price of one more segment of <paramref name="series"/>.</summary>
    public static double Penalty(IReadOnlyList<double> series, ChangePointOptions options)
    {
        double sigma = Math.Max(NoiseSigma(series), options.NoiseFloor);
        return options.Beta * sigma * sigma * Math.Log(Math.Max(series.Count, 2));
    }

    /// <summary>
    /// The breakpoints of <paramref name="series"/> by PELT (l2 cost, <see cref="Penalty"/>, the options' min size,
    /// jump 1), without the final n: each is the index of the first value of a new segment. None for a series shorter
    /// than two segments of the min size.
    /// </summary>
    public static IReadOnlyList<int> Breakpoints(IReadOnlyList<double> series, ChangePointOptions options)
    {
        if (series.Count < 2 * options.MinSize)
            return [];
        int[] breakpoints = ChangePointSearch.Detect(series.ToArray(), CostFunction.L2, SearchMethod.Pelt,
            new ChangePointSettings(Penalty(series, options), options.MinSize));
        return breakpoints[..^1];
    }

    /// <summary>One finding per change point of the task's ngp series: the first step of the new segment and the two segments' means.</summary>
    public static IReadOnlyList<ChangePointFinding> Detect(TaskAnalysis task, ChangePointOptions options)
    {
        IReadOnlyList<double> ngp = task.NormalizedGeneralProb;
        IReadOnlyList<int> breakpoints = Breakpoints(ngp, options);
        var findings = new List<ChangePointFinding>();
        for (int k = 0; k < breakpoints.Count; k++)
        {
            int start = k == 0 ? 0 : breakpoints[k - 1], split = breakpoints[k], end = k + 1 < breakpoints.Count ? breakpoints[k + 1] : ngp.Count;
            double before = Mean(ngp, start, split), after = Mean(ngp, split, end);
            var point = task.Points[split];
            findings.Add(new ChangePointFinding(task.Task.Family, task.Task.Task, task.Task.Control, point.Step, point.Tokens, before, after));
        }
        return findings;
    }

    /// <summary>Stores the change points of every task as findings of kind <c>changepoint</c> (replacing the previous ones); value = After − Before.</summary>
    public static IReadOnlyList<ChangePointFinding> WriteFindings(ResultsStore store, RunRow run, IReadOnlyList<TaskAnalysis> tasks, ChangePointOptions options)
    {
        var found = tasks.SelectMany(t => Detect(t, options)).ToArray();
        store.ReplaceFindings(run.Id, FindingKinds.ChangePoint, found.Select(c =>
            new FindingRecord(FindingKinds.ChangePoint, c.Family, c.Task, c.Step, c.After - c.Before, FindingJson.Write(c))).ToArray());
        return found;
    }

    static double Mean(IReadOnlyList<double> values, int start, int end)
    {
        double sum = 0;
        for (int i = start; i < end; i++)
            sum += values[i];
        return sum / (end - start);
    }
}
