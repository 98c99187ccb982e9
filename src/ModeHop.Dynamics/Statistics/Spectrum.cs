namespace ModeHop.Dynamics.Statistics;

/// <summary>
/// The eigenvalues λ₁ ≥ … ≥ λ_k ≥ 0 of a sample covariance, and the three summaries of its shape the predictors read:
/// the effective rank (RankMe), the participation ratio and the top eigenvalue's share. For activations X [N, C]
/// (one row per probe example) <see cref="OfActivations"/> centres the columns and takes the k = min(N, C) eigenvalues
/// of the covariance XᵀX/N from the smaller Gram matrix (XXᵀ or XᵀX, which share their non-zero eigenvalues),
/// so a batch of 64 examples of a 768-wide stream costs a 64×64 decomposition.
/// </summary>
public sealed class Spectrum
{
    /// <summary>ε of RankMe (Garrido et al. 2023): keeps p log p finite for zero singular values.</summary>
    public const double RankMeEpsilon = 1e-7;

    /// <summary>The covariance eigenvalues, largest first, each ≥ 0.</summary>
    public IReadOnlyList<double> Eigenvalues { get; }

    /// <summary>Σλ: the total variance (the trace of the covariance).</summary>
    public double Total { get; }

    Spectrum(double[] eigenvalues)
    {
        Eigenvalues = eigenvalues;
        Total = eigenvalues.Sum();
    }

    /// <summary>
    /// A spectrum from covariance eigenvalues in any order; values below zero by rounding only (at most 1e-9 of the
    /// largest magnitude) count as 0.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, a NaN or ±∞, or a clearly negative value (not a covariance).</exception>
    public static Spectrum Of(ReadOnlySpan<double> eigenvalues)
    {
        SeriesChecks.RequireFinite(eigenvalues, nameof(eigenvalues));
        double scale = 0;
        foreach (double x in eigenvalues) scale = Math.Max(scale, Math.Abs(x));
        var values = eigenvalues.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] < -1e-9 * scale)
                throw new ArgumentException($"eigenvalues[{i}] = {values[i]} is negative; a covariance has none (pass the eigenvalues of XᵀX/N).", nameof(eigenvalues));
            values[i] = Math.Max(0, values[i]);
        }
        Array.Sort(values, (a, b) => b.CompareTo(a));
        return new Spectrum(values);
    }

    /// <summary>
    /// The spectrum of activations <paramref name="x"/> [N, C] (row-major, N = <paramref name="rows"/> examples,
    /// C = <paramref name="columns"/> channels): columns centred, λ = eig(Gram)/N with Gram = X̃X̃ᵀ [N, N] when N ≤ C,
    /// else X̃ᵀX̃ [C, C], by <see cref="SymmetricEigen"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 2 rows, no columns, a size that does not match, or a NaN or ±∞.</exception>
    public static Spectrum OfActivations(ReadOnlySpan<double> x, int rows, int columns)
    {
        int N = rows, C = columns;
        if (N < 2 || C < 1 || x.Length != (long)N * C)
            throw new ArgumentException($"x has {x.Length} values for {N} rows × {C} columns; pass at least 2 rows of at least one column each.", nameof(x));
        SeriesChecks.RequireFinite(x, nameof(x));
        var centred = new double[N * C];                                  // [N, C]
        for (int c = 0; c < C; c++)
        {
            double mean = 0;
            for (int n = 0; n < N; n++) mean += x[n * C + c];
            mean /= N;
            for (int n = 0; n < N; n++) centred[n * C + c] = x[n * C + c] - mean;
        }
        int k = Math.Min(N, C);
        var gram = new double[k * k];                                     // [k, k]
        for (int i = 0; i < k; i++)
            for (int j = i; j < k; j++)
            {
                double sum = 0;
                if (N <= C)
                    for (int c = 0; c < C; c++) sum += centred[i * C + c] * centred[j * C + c];
                else
                    for (int n = 0; n < N; n++) sum += centred[n * C + i] * centred[n * C + j];
                gram[i * k + j] = gram[j * k + i] = sum;
            }
        var eigen = SymmetricEigen.Decompose(gram, k);
        return Of(eigen.Values.Select(v => v / N).ToArray());
    }

    /// <summary>
    /// RankMe (Garrido et al. 2023, "RankMe: Assessing the downstream performance of pretrained self-supervised
    /// representations by their rank"): with singular values σ_k = √(N·λ_k) of the centred activations,
    /// p_k = σ_k / Σσ + ε and RankMe = exp(−Σ_k p_k log p_k), the exponential of the entropy of the normalised
    /// singular values: 1 for rank one, k for k equal singular values. NaN when every σ is 0.
    /// </summary>
    public double RankMe(double epsilon = RankMeEpsilon)
    {
        double sum = 0;
        foreach (double l in Eigenvalues) sum += Math.Sqrt(l);           // the √N factor cancels in p_k
        if (sum == 0) return double.NaN;
        double entropy = 0;
        foreach (double l in Eigenvalues)
        {
            double p = Math.Sqrt(l) / sum + epsilon;
            entropy -= p * Math.Log(p);
        }
        return Math.Exp(entropy);
    }

    /// <summary>
    /// Participation ratio (Σλ)² / Σλ² (Gao et al. 2017, "A theory of multineuronal dimensionality"): the number of
    /// equally strong directions that would give the same spread; 1 for rank one, C for an isotropic cloud. NaN when Σλ = 0.
    /// </summary>
    public double ParticipationRatio
    {
        get
        {
            double squares = Eigenvalues.Sum(l => l * l);
            return squares == 0 ? double.NaN : Total * Total / squares;
        }
    }

    /// <summary>λ_max / Σλ: the share of the variance along the top direction. NaN when Σλ = 0.</summary>
    public double TopShare => Total == 0 ? double.NaN : Eigenvalues[0] / Total;
}
