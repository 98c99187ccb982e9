using ModeHop.Dynamics.Statistics;
using ModeHop.Tensors;

namespace ModeHop.Cli.Pipeline.Applications;

/// <summary>
/// What best-layer selection alone yields: a table of i.i.d. uniform random "features" with the shape of a metric's
/// (layers × checkpoints) goes through the same selection as the metric (<see cref="BestCorrelation.Select"/>, the
/// largest |Spearman ρ| with the target over the rows), draw after draw. A metric whose best |ρ| does not clear the
/// 95th percentile of these draws is no better than picking the luckiest of that many random series.
/// </summary>
public static class RandomFeatureBaseline
{
    /// <summary>The stream coordinate of the draws (Rng.ForStream(seed, Stream, rows, draw)).</summary>
    const ulong Stream = 0x4241_5345;                               // "BASE"

    /// <summary>The mean and 95th percentile of the best |ρ| over <paramref name="draws"/> random tables of <paramref name="rows"/> rows.</summary>
    /// <remarks>Draw d of a table with r rows depends on (seed, r, d) only, so metrics with as many layers share one baseline.</remarks>
    public static (double Mean, double P95) BestAbsSpearman(IReadOnlyList<double> target, int rows, int draws, ulong seed)
    {
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "the baseline needs at least one draw.");
        var best = new double[draws];
        var y = target.ToArray();
        for (int d = 0; d < draws; d++)
        {
            var rng = Rng.ForStream(seed, Stream, (ulong)rows, (ulong)d);
            var table = new double[rows][];
            for (int r = 0; r < rows; r++)
            {
                table[r] = new double[y.Length];
                for (int t = 0; t < y.Length; t++) table[r][t] = rng.NextDouble();
            }
            best[d] = Math.Abs(BestCorrelation.Select(table, y).Spearman);
        }
        return (best.Average(), OrderStatistics.Quantile(best, 0.95));
    }
}
