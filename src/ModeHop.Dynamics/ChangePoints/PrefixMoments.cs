namespace ModeHop.Dynamics.ChangePoints;

/// <summary>
/// Prefix sums of a series and of its squares, so that the sum of squared deviations from the mean of any
/// segment costs O(1): Σ (xᵢ − x̄)² = S₂ − S₁² / m over the segment's m values.
/// </summary>
internal sealed class PrefixMoments
{
    // [n + 1] each: sum[k] = Σ_{i<k} (x[i] − c), square[k] = Σ_{i<k} (x[i] − c)², with c the series mean.
    // Shifting by c changes no deviation but keeps S₂ − S₁²/m from cancelling catastrophically on a series
    // that sits far from zero (a loss near 3.0 with wiggles of 1e-4).
    readonly double[] sum, square;

    /// <exception cref="ArgumentException">The series is empty or holds NaN or ±∞.</exception>
    public PrefixMoments(ReadOnlySpan<double> series)
    {
        SeriesChecks.RequireFinite(series, nameof(series));
        int n = series.Length;
        double centre = 0;
        foreach (double x in series)
            centre += x;
        centre /= n;
        sum = new double[n + 1];
        square = new double[n + 1];
        for (int i = 0; i < n; i++)
        {
            double d = series[i] - centre;
            sum[i + 1] = sum[i] + d;
            square[i + 1] = square[i] + d * d;
        }
    }

    public int Length => sum.Length - 1;

    /// <summary>
    /// Σ (xᵢ − x̄)² over <c>series[start..end)</c>: exactly 0 for one value, and never below 0 (rounding in
    /// S₂ − S₁²/m can dip under it for a constant segment).
    /// </summary>
    public double SquaredDeviations(int start, int end)
    {
        int m = end - start;
        if (m <= 1)
            return 0;
        double s1 = sum[end] - sum[start];
        double s2 = square[end] - square[start];
        return Math.Max(0, s2 - s1 * s1 / m);
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> unless 0 ≤ start, start + minSize ≤ end ≤ Length.</summary>
    public void CheckSegment(int start, int end, int minSize, string cost)
    {
        if (start < 0 || end > Length || end - start < minSize)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"{cost}: segment [{start}, {end}) is outside the series of {Length} values or shorter than {minSize}; a search must ask for 0 ≤ start, start + {minSize} ≤ end ≤ {Length}.");
    }
}
