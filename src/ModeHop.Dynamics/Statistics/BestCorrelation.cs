namespace ModeHop.Dynamics.Statistics;

/// <summary>
/// Best-layer selection: of several series measured at the same checkpoints (one per layer), the one whose Spearman
/// correlation with a target series is largest in magnitude. The same selection applied to random series is the
/// baseline that tells how large a best |ρ| the selection alone yields.
/// </summary>
public static class BestCorrelation
{
    /// <summary>
    /// The row of <paramref name="series"/>[row][checkpoint] with the largest |Spearman ρ| against
    /// <paramref name="target"/>, and its (signed) ρ. Rows with a NaN or ±∞ value, or constant rows (ρ undefined),
    /// are passed over; the first of equal |ρ| wins. (−1, NaN) when no row qualifies.
    /// </summary>
    /// <exception cref="ArgumentException">A row whose length differs from the target's, or a target that is not finite or shorter than 2.</exception>
    public static (int Row, double Spearman) Select(IReadOnlyList<double[]> series, ReadOnlySpan<double> target)
    {
        SeriesChecks.RequireFinite(target, nameof(target), minimumLength: 2);
        int best = -1;
        double rho = double.NaN;
        for (int r = 0; r < series.Count; r++)
        {
            var row = series[r];
            if (row.Length != target.Length)
                throw new ArgumentException($"series[{r}] has {row.Length} values but the target has {target.Length}; pass one value per checkpoint.", nameof(series));
            if (!row.All(double.IsFinite)) continue;
            double value = Correlation.Spearman(row, target);
            if (double.IsNaN(value)) continue;
            if (best < 0 || Math.Abs(value) > Math.Abs(rho))
            {
                best = r;
                rho = value;
            }
        }
        return (best, rho);
    }
}
