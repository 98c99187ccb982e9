namespace ModeHop.Dynamics.Statistics;

public static partial class Correlation
{
    /// <summary>
    /// Kendall's τ-b, the rank correlation that handles ties:
    /// τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)), over the n₀ = n(n − 1)/2 pairs i &lt; j, with n_c the concordant pairs
    /// (xᵢ − xⱼ and yᵢ − yⱼ of one sign), n_d the discordant ones, n₁ the pairs tied in x and n₂ those tied in y (a
    /// pair tied in both counts in both and in neither n_c nor n_d). Without ties it is τ-a = (n_c − n_d)/n₀.
    /// NaN when either series is constant. O(n²), which is nothing at the length of a checkpoint series.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, fewer than 2 values, or a NaN or ±∞ value.</exception>
    public static double KendallTauB(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckPair(x, y);
        return KendallTauBChecked(x, y);
    }

    internal static double KendallTauBChecked(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length;
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) tiedX++;
                if (sy == 0) tiedY++;
                if (sx * sy > 0) concordant++;
                else if (sx * sy < 0) discordant++;
            }
        double pairs = n * (n - 1.0) / 2;
        double denominator = Math.Sqrt((pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }
}
