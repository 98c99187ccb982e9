namespace ModeHop.Dynamics.Statistics;

/// <summary>Correlations between two series measured at the same checkpoints.</summary>
public static partial class Correlation
{
    /// <summary>
    /// Pearson's r = Σ (xᵢ − x̄)(yᵢ − ȳ) / √(Σ (xᵢ − x̄)² · Σ (yᵢ − ȳ)²), in [−1, 1]; NaN when either series is
    /// constant (its correlation with anything is undefined).
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, or a NaN or ±∞ value.</exception>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPair(x, y);
        return PearsonChecked(x, y);
    }

    /// <summary>
    /// Spearman's ρ: Pearson's r of the ranks, tied values sharing the mean of the ranks they span (so ties need
    /// no correction term). NaN when either series is constant.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, or a NaN or ±∞ value.</exception>
    public static double Spearman(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPair(x, y);
        return PearsonChecked(AverageRanks(x), AverageRanks(y));
    }

    internal static double PearsonChecked(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        double meanX = 0, meanY = 0;
        for (int i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }
        meanX /= n;
        meanY /= n;
        double xy = 0, xx = 0, yy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - meanX, dy = y[i] - meanY;
            xy += dx * dy;
            xx += dx * dx;
            yy += dy * dy;
        }
        if (xx == 0 || yy == 0)
            return double.NaN;
        return Math.Clamp(xy / Math.Sqrt(xx * yy), -1, 1);
    }

    /// <summary>1-based ranks; a group of tied values gets the mean of the ranks it spans (1, 2.5, 2.5, 4).</summary>
    internal static double[] AverageRanks(ReadOnlySpan<double> values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        var keys = values.ToArray();
        Array.Sort(keys, order);
        var ranks = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && keys[j + 1] == keys[i])
                j++;
            double rank = (i + j) / 2.0 + 1;   // the mean of ranks i + 1 .. j + 1
            for (int k = i; k <= j; k++)
                ranks[order[k]] = rank;
            i = j + 1;
        }
        return ranks;
    }

    static void CheckPair(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}; pass one value of each per checkpoint.", nameof(y));
        SeriesChecks.RequireFinite(x, nameof(x), minimumLength: 2);
        SeriesChecks.RequireFinite(y, nameof(y), minimumLength: 2);
    }
}
