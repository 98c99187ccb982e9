namespace ModeHop.Suite;

/// <summary>
/// The scores of one item under one demo seed. <c>*LogProb</c> = Σᵢ log P(tokenᵢ) over the answer's continuation tokens
/// (natural log); <c>*MeanProb</c> = (1/n) Σᵢ exp(log P(tokenᵢ)), the arithmetic mean of the per-token probabilities.
/// <para>
/// A generative item (<paramref name="Matches"/> set, m of n samples matched) is stored in the same four numbers so
/// that it flows through the store and the analyses unchanged (see <see cref="FromMatches"/>):
/// <code>
/// GeneralMeanProb = m / n                    ParrotMeanProb = (n − m) / n
/// GeneralLogProb  = log((m + 1) / (n + 2))   ParrotLogProb  = log((n − m + 1) / (n + 2))
/// </code>
/// the empirical probabilities that a sample matches or does not, and their Laplace-smoothed (rule of succession) logs.
/// </para>
/// </summary>
public sealed record ItemResult(int ItemIndex, int Seed, double GeneralLogProb, double ParrotLogProb, double GeneralMeanProb, double ParrotMeanProb,
    SampleMatches? Matches = null)
{
    /// <summary>
    /// The result of a generative item whose <paramref name="matched"/> of <paramref name="samples"/> samples matched,
    /// with the four numbers above, so that <see cref="Metrics.ForSeed"/> gives over it exactly: hard_acc = m/n,
    /// prob_margin = 2m/n − 1, log_prob_margin = log((m + 1)/(n − m + 1)), normalized_general_prob = m/n.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">samples &lt; 1, or matched outside [0, samples].</exception>
    public static ItemResult FromMatches(int itemIndex, int seed, int matched, int samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        if (matched < 0 || matched > samples)
            throw new ArgumentOutOfRangeException(nameof(matched), matched, $"Matched samples must be in [0, {samples}].");
        double m = matched, n = samples;
        return new ItemResult(itemIndex, seed, Math.Log((m + 1) / (n + 2)), Math.Log((n - m + 1) / (n + 2)), m / n, (n - m) / n,
            new SampleMatches(matched, samples));
    }
}
