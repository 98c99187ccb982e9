namespace ModeHop.Dynamics;

/// <summary>How much a series moves between consecutive checkpoints, whatever its direction.</summary>
internal static class TotalVariation
{
    /// <summary>
    /// Mean total variation: (1 / (n − 1)) · Σₜ |x[t+1] − x[t]| for n ≥ 2 values; 0 for fewer.
    /// A smooth rise from a to b scores |b − a| / (n − 1); a series that hops back and forth scores far more.
    /// </summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        int n = values.Count;
        if (n < 2)
            return 0;
        double sum = 0;
        for (int t = 0; t + 1 < n; t++)
            sum += Math.Abs(values[t + 1] - values[t]);
        return sum / (n - 1);
    }
}
