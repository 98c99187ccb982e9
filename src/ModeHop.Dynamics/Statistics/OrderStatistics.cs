namespace ModeHop.Dynamics.Statistics;

/// <summary>Statistics of a sample read from its sorted values: the median and the type-7 quantile.</summary>
public static class OrderStatistics
{
    /// <summary>
    /// The median: the middle of the sorted values, or the mean of the two middle ones for an even count; NaN for none.
    /// </summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        int n = sorted.Length;
        return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /// <summary>
    /// The <paramref name="probability"/> quantile of <paramref name="values"/> by linear interpolation between order
    /// statistics (Hyndman &amp; Fan type 7, the default of R and numpy): position (n − 1)·q of the sorted values.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, a NaN or ±∞, or a probability outside [0, 1].</exception>
    public static double Quantile(ReadOnlySpan<double> values, double probability)
    {
        SeriesChecks.RequireFinite(values, nameof(values));
        if (!(probability >= 0 && probability <= 1))
            throw new ArgumentException($"probability = {probability}; expected a value in [0, 1].", nameof(probability));
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double position = (sorted.Length - 1) * probability;
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
