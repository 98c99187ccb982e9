namespace ModeHop.Dynamics.Statistics;

/// <summary>
/// Summaries of per-example gradients g₁ … g_N (of a probe batch, w.r.t. one set of parameters), read from their Gram
/// matrix G[i,j] = gᵢ·gⱼ so that the gradients themselves (millions of values each) never need to be held together.
/// </summary>
public static class GradientCoherence
{
    /// <summary>
    /// log tr F̂ = log((1/N) Σᵢ ‖gᵢ‖²), the log trace of the empirical Fisher F̂ = (1/N) Σᵢ gᵢgᵢᵀ (Kirkpatrick et al.
    /// 2017; Jastrzebski et al. 2021, "Catastrophic Fisher explosion"): the mean squared size of the per-example
    /// gradients. −∞ when every gradient is zero.
    /// </summary>
    /// <exception cref="ArgumentException">Not N×N, a NaN or ±∞, or a negative diagonal entry.</exception>
    public static double LogFisherTrace(ReadOnlySpan<double> gram, int count)
    {
        Check(gram, count);
        double sum = 0;
        for (int i = 0; i < count; i++) sum += gram[i * count + i];
        return Math.Log(sum / count);
    }

    /// <summary>
    /// Mean |cos| over the N(N−1)/2 pairs i &lt; j: |G[i,j]| / √(G[i,i]·G[j,j]) (Fort et al. 2019, "Stiffness";
    /// gradient coherence, Chatterjee 2020): 1 when every example pulls along one line, about √(2/(πD)) for random
    /// directions in D dimensions. Pairs with a zero gradient are left out; NaN when no pair is left (N &lt; 2).
    /// </summary>
    /// <exception cref="ArgumentException">Not N×N, a NaN or ±∞, or a negative diagonal entry.</exception>
    public static double MeanAbsCosine(ReadOnlySpan<double> gram, int count)
    {
        Check(gram, count);
        double sum = 0;
        long pairs = 0;
        for (int i = 0; i < count; i++)
            for (int j = i + 1; j < count; j++)
            {
                double norms = gram[i * count + i] * gram[j * count + j];
                if (norms <= 0) continue;
                sum += Math.Min(1, Math.Abs(gram[i * count + j]) / Math.Sqrt(norms));
                pairs++;
            }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    static void Check(ReadOnlySpan<double> gram, int count)
    {
        if (count < 1 || gram.Length != (long)count * count)
            throw new ArgumentException($"gram has {gram.Length} entries; expected {count}×{count} (row-major).", nameof(gram));
        SeriesChecks.RequireFinite(gram, nameof(gram));
        for (int i = 0; i < count; i++)
            if (gram[i * count + i] < 0)
                throw new ArgumentException($"gram[{i},{i}] = {gram[i * count + i]} is negative; a squared norm never is (pass G[i,j] = gᵢ·gⱼ).", nameof(gram));
    }
}
